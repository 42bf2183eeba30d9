"""The app and unit of work every ``qms`` command opens (``cli`` and ``cli_reports``)."""


def command_app():
    """Create the app for a management command: no sockets to serve, quiet migrations."""
    import logging

    from .app import create_app

    # Management commands serve no sockets: no async framework to load (and none to warn).
    app = create_app({"ASYNC_MODE": "threading"})
    logging.getLogger("alembic").setLevel(logging.WARNING)  # the operator reads qms's lines
    return app


def command_session(app):
    """Open one unit of work of ``app``: committed on success, rolled back on error."""
    from .storage import unit_of_work

    return unit_of_work(app)
