"""Which methods a path of the API allows, as ``OPTIONS`` and a 405's ``Allow`` say.

A fixed path such as ``/api/v1/appointments/slots`` also matches the pattern of a route
beside it (``/api/v1/appointments/<code>``). Werkzeug would hand ``DELETE …/slots`` to the
booking route, which answers 404, and ``OPTIONS`` would advertise that ``DELETE``. A fixed
path allows only its own methods: anything else is a 405 naming them.
"""

from flask import Flask, current_app, request
from werkzeug.exceptions import MethodNotAllowed


def _fixed_paths(app: Flask) -> dict[str, set[str]]:
    """The methods of each API path that has no parameter, built once per application."""
    if "qms_fixed_paths" not in app.extensions:
        paths: dict[str, set[str]] = {}
        for rule in app.url_map.iter_rules():
            if rule.rule.startswith("/api/") and not rule.arguments:
                paths.setdefault(rule.rule, set()).update(rule.methods or ())
        app.extensions["qms_fixed_paths"] = paths
    return app.extensions["qms_fixed_paths"]


def allow_header(methods) -> str:
    return ", ".join(sorted(methods))


def fixed_path_methods():
    """Answer OPTIONS, or 405, for a fixed path reached by another route's pattern."""
    rule = request.url_rule
    if rule is None or not request.path.startswith("/api/"):
        return None
    methods = _fixed_paths(current_app).get(request.path)
    if methods is None:
        return None
    if request.method == "OPTIONS":
        return current_app.response_class(status=200, headers={"Allow": allow_header(methods)})
    if rule.arguments:
        raise MethodNotAllowed(valid_methods=sorted(methods))
    return None


def register(app: Flask) -> None:
    """Hook the check in front of every request."""
    app.before_request(fixed_path_methods)
