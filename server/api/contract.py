"""The API contract, generated: each route states its models, the url map says the rest.

A view under ``/api`` carries a :class:`Contract` (``@documented`` right under its route
decorator): its summary, query and body models, and its answers per status as response
models. :func:`build_document` walks the application's url map and writes the OpenAPI 3.1
document from the rules (paths, methods, path converters), the guards (``require_staff`` /
``require_device`` record who may call) and these models (``model_json_schema``). A route
without a contract is listed nowhere and makes the contract test fail.
"""

import re
from dataclasses import dataclass, field

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from werkzeug.routing import IntegerConverter, Rule

from ..payloads.common import Error

REF = "#/components/schemas/{model}"
ERRORS = {
    400: "Bad request: the body is not JSON, or a parameter is malformed",
    401: "No valid login or device token",
    403: "Not allowed: wrong role or device kind, another site, CSRF",
    404: "Not found",
    409: "Conflicts with the current state (a stable code says which)",
    410: "Gone: the request has lapsed (e.g. code_expired); start again",
    413: "Body too large",
    422: "Refused input: error.details names the fields",
    429: "Too many requests; Retry-After says when to try again",
    503: "The database is unreachable for a moment; retry",
}
REQUEST_ID = {"X-Request-Id": {"description": "The request's id, also in the access log",
                               "required": True, "schema": {"type": "string"}}}
SECURITY_SCHEMES = {
    "staff": {"type": "http", "scheme": "bearer",
              "description": "A staff token from POST /api/v1/auth/token (or the login cookie "
                             "with X-CSRF-Token)"},
    "device": {"type": "http", "scheme": "bearer",
               "description": "A device token (kiosk, display, vote-pad, integration, "
                              "print-agent), made by the admin"},
}


@dataclass(frozen=True)
class Media:
    """A success that is not JSON: a file or a picture of ``media_type``."""

    media_type: str
    description: str
    binary: bool = False


@dataclass(frozen=True)
class Contract:
    """What a route takes and answers."""

    summary: str
    answers: dict[int, type[BaseModel] | Media]
    errors: tuple[int, ...] = ()
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    path: dict[str, dict] = field(default_factory=dict)
    token: str | None = None


def documented(summary: str, answers: dict, *, errors=(), body=None, query=None, path=None,
               token: str | None = None):
    """Attach the route's contract to its view (place it right under the route decorator).

    ``token`` names the device kind that may present its token to a route open to everyone
    (an integration booking for its own site); the guards record every other case themselves.
    """
    contract = Contract(summary, dict(answers), tuple(errors), body, query, dict(path or {}),
                        token)

    def attach(view):
        view.contract = contract
        return view
    return attach


def api_rules(app: Flask) -> list[Rule]:
    """Return the rules of the JSON API, the document's own address excepted."""
    return sorted((rule for rule in app.url_map.iter_rules()
                   if rule.rule.startswith("/api/v1/")), key=lambda rule: rule.rule)


def undocumented(app: Flask) -> list[str]:
    """Return the API rules whose view states no contract."""
    return [rule.rule for rule in api_rules(app)
            if getattr(app.view_functions[rule.endpoint], "contract", None) is None]


def build_document(app: Flask) -> dict:
    """Return the OpenAPI 3.1 document of every documented route of ``app``."""
    models: dict[tuple[type[BaseModel], str], None] = {(Error, "serialization"): None}
    operations = []
    for rule in api_rules(app):
        view = app.view_functions[rule.endpoint]
        contract = getattr(view, "contract", None)
        if contract is None:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operations.append((rule, method.lower(), view, contract))
        if contract.body is not None:
            models[(contract.body, "validation")] = None
        for answer in contract.answers.values():
            if isinstance(answer, type):
                models[(answer, "serialization")] = None
    refs, schemas = models_json_schema(list(models), ref_template=REF)
    paths: dict[str, dict] = {}
    for rule, method, view, contract in operations:
        paths.setdefault(_openapi_path(rule), {})[method] = _operation(
            rule, view, contract, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "qms — hệ thống xếp hàng một cửa", "version": "1",
                 "description": "Generated from the routes and their pydantic models "
                                "(server/api/contract.py)."},
        "paths": paths,
        "components": {"schemas": schemas.get("$defs", {}),
                       "securitySchemes": SECURITY_SCHEMES},
    }


def _openapi_path(rule: Rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)


def _operation(rule: Rule, view, contract: Contract, refs: dict) -> dict:
    access = getattr(view, "access", None)
    errors = set(contract.errors) | {503}
    operation: dict = {"operationId": rule.endpoint.replace(".", "_"),
                       "summary": contract.summary,
                       "parameters": _path_parameters(rule, contract) + _query_parameters(
                           contract.query)}
    if access is not None and access[0] == "device_or_staff":
        kinds, roles = access[1]
        operation["security"] = [{"device": []}, {"staff": []}]
        operation["x-qms-devices"], operation["x-qms-roles"] = list(kinds), list(roles)
        errors |= {401, 403}
    elif access is not None:
        kind, names = access
        operation["security"] = [{kind: []}]
        operation["x-qms-" + ("roles" if kind == "staff" else "devices")] = list(names)
        errors |= {401, 403}
    elif contract.token is not None:
        operation["security"] = [{}, {"device": []}]
        operation["x-qms-devices"] = [contract.token]
        errors |= {403}
    if contract.body is not None:
        operation["requestBody"] = {"required": False, "content": {"application/json": {
            "schema": refs[(contract.body, "validation")]}}}
        errors |= {400, 413, 422}
    if contract.query is not None:
        errors |= {422}
    operation["responses"] = _answers(contract, refs) | {
        str(status): _json_response(ERRORS[status], refs[(Error, "serialization")])
        for status in sorted(errors)}
    return operation


def _answers(contract: Contract, refs: dict) -> dict:
    responses = {}
    for status, answer in contract.answers.items():
        if isinstance(answer, Media):
            schema = {"type": "string", "format": "binary"} if answer.binary else {
                "type": "string"}
            responses[str(status)] = {"description": answer.description, "headers": REQUEST_ID,
                                      "content": {answer.media_type: {"schema": schema}}}
        else:
            description = (answer.__doc__ or answer.__name__).strip().splitlines()[0]
            responses[str(status)] = _json_response(description,
                                                    refs[(answer, "serialization")])
    return responses


def _json_response(description: str, schema: dict) -> dict:
    return {"description": description, "headers": REQUEST_ID,
            "content": {"application/json": {"schema": schema}}}


def _path_parameters(rule: Rule, contract: Contract) -> list[dict]:
    parameters = []
    for name, converter in rule._converters.items():  # werkzeug keeps them by argument name
        if isinstance(converter, IntegerConverter):
            schema = {"type": "integer", "minimum": max(converter.min or 0, 0)}
            if converter.max is not None:
                schema["maximum"] = converter.max
        else:
            schema = {"type": "string", "minLength": 1, "pattern": "^[^/]+$"}
        parameters.append({"name": name, "in": "path", "required": True,
                           "schema": schema | contract.path.get(name, {})})
    return parameters


def _query_parameters(query: type[BaseModel] | None) -> list[dict]:
    if query is None:
        return []
    schema = query.model_json_schema(by_alias=True, ref_template=REF)
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        prop = _present(prop)
        description = prop.pop("description", None)
        parameter = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def _present(prop: dict) -> dict:
    """A query parameter's schema: a value sent is never null (absent means the default)."""
    prop = {key: value for key, value in prop.items() if key not in ("title", "default")
            or (key == "default" and value is not None)}
    choices = [choice for choice in prop.pop("anyOf", ()) if choice != {"type": "null"}]
    if len(choices) == 1:
        prop = choices[0] | prop
    elif choices:
        prop["anyOf"] = choices
    return prop
