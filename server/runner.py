"""Start the server under the chosen async mode.

This is the one module that touches eventlet or gevent: it patches the standard library
before the application is imported, then hands over to Flask-SocketIO.
"""

import logging

log = logging.getLogger(__name__)


def _patch(async_mode: str) -> None:
    if async_mode == "eventlet":
        import eventlet

        eventlet.monkey_patch()
    elif async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()


def serve(host: str, port: int, async_mode: str) -> None:
    """Patch for ``async_mode``, build the app, start background tasks and serve forever."""
    _patch(async_mode)
    from .app import create_app
    from .extensions import socketio
    from .tasks import start_background_tasks

    app = create_app({"ASYNC_MODE": async_mode})
    start_background_tasks(app)
    log.info("qms listening on http://%s:%s (%s)", host, port, async_mode)
    socketio.run(app, host=host, port=port, log_output=False,
                 allow_unsafe_werkzeug=async_mode == "threading")
