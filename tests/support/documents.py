"""Build the served OpenAPI document once per distinct set of API routes, not once per app.

Every in-process server of the suite is a fresh app, and the contract checks read each one's
``/api/openapi.json``: building it (all the routes' pydantic schemas) took about 0.3 s of CPU
an app. The document depends only on the API's rules and their view functions (which carry the
contracts), so apps with the same ones serve one document; an app with a route of its own (as
tests/api/test_contract.py adds) gets its own. Tests calling ``build_document`` directly still
build it afresh.
"""

from flask import Flask

from server.api import contract, openapi

_documents: dict[tuple, dict] = {}


def _routes(app: Flask) -> tuple:
    return tuple((rule.rule, tuple(sorted(rule.methods)), rule.endpoint,
                  app.view_functions[rule.endpoint]) for rule in contract.api_rules(app))


def _shared_document(app: Flask) -> dict:
    key = _routes(app)
    if key not in _documents:
        _documents[key] = contract.build_document(app)
    return _documents[key]


def share_openapi_documents() -> None:
    """Serve apps with the same API routes one document built once."""
    openapi.build_document = _shared_document
