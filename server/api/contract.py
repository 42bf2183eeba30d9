"""The API contract, generated: each route states its models, the url map says the rest.

A view under ``/api`` carries a :class:`Contract` (``@documented`` right above its ``def``,
under the guards, so a caller is authorised before its input is read): its summary, query and
body models, and its answers per status as response models. The same models parse the request:
the view receives ``query=`` and ``body=`` already validated, so what the document says is what
the server enforces. :func:`build_document` walks the application's url map and writes the
OpenAPI 3.1 document from the rules (paths, methods, path converters), the guards
(``require_staff`` / ``require_device`` record who may call) and these models
(``model_json_schema``). A route without a contract is listed nowhere and makes the contract
test fail.
"""

import inspect
import re
from dataclasses import dataclass, field
from functools import wraps

from flask import Flask
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema
from werkzeug.routing import IntegerConverter, Rule

from ..device_kinds import KINDS
from ..payloads.common import ErrorResponse
from .parsing import parse_body, parse_query

REF = "#/components/schemas/{model}"
ERRORS = {
    400: "Bad request: the body is not JSON, or a parameter is malformed",
    401: "No valid login or device token",
    403: "Not allowed: wrong role or device kind, another site, CSRF",
    404: "Not found",
    409: "Conflicts with the current state (a stable code says which)",
    410: "Gone: the request has lapsed (e.g. code_expired); start again",
    413: "Body over the server's limit (MAX_CONTENT_LENGTH, 64 KiB by default)",
    422: "Refused input: error.details names the fields",
    429: "Too many requests; Retry-After says when to try again",
    503: "The database is unreachable for a moment; retry",
}
REQUEST_ID = {"X-Request-Id": {"description": "The request's id, also in the access log",
                               "required": True, "schema": {"type": "string"}}}
TAGS = {
    "appointments": "Bookings: slots, booking, check-in",
    "auth": "Staff tokens",
    "citizens": "The citizen's ID card: the scan at the kiosk and the counter",
    "counters": "The clerk's counter: call, serve, transfer, open and close",
    "dashboard": "Today's live figures",
    "dossiers": "Dossiers received, their status, the one-stop software's sync",
    "feedback": "Citizens' feedback and its handling",
    "outcomes": "Guidance and refusals at the counter: the form handed over",
    "printers": "Kiosk printers, and forms sent to a counter's office printer",
    "procedures": "The procedure catalogue",
    "queue": "Waiting lists",
    "ratings": "Ratings of a dossier's visit, per criterion",
    "reports": "Period reports and exports",
    "roster": "The duty roster",
    "services": "Services and their queues",
    "tickets": "Tickets: issue, status, reprint, remote numbers",
    "votes": "Satisfaction votes",
    "webhooks": "Events sent to other systems: endpoints and deliveries",
}
SECURITY_SCHEMES = {
    "staff": {"type": "http", "scheme": "bearer",
              "description": "A staff token from POST /api/v1/auth/token (or the login cookie "
                             "with X-CSRF-Token)"},
    "device": {"type": "http", "scheme": "bearer",
               "description": "A device token, made by the admin: "
                              + "; ".join(f"{kind.name} {kind.may}" for kind in KINDS.values())
                              + "; a kiosk's print-agent uses its kiosk's token"},
}


@dataclass(frozen=True)
class Media:
    """A success that is not JSON: a file or a picture of ``media_type``.

    Text (CSV) is described as a string; anything else (a workbook, a picture, an uploaded
    form) as binary, so a generated client hands it over as bytes.
    """

    media_type: str
    description: str
    also: tuple[str, ...] = ()  # other media types the same answer may come as

    @property
    def binary(self) -> bool:
        return not self.media_type.startswith("text/")


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
        wanted = inspect.signature(view).parameters

        @wraps(view)
        def parsed(*args, **kwargs):
            # A view that does not take its query (a report shared with an HTML page) validates
            # it with the same model itself, with its own wording of the refusal.
            if query is not None and "query" in wanted:
                kwargs["query"] = parse_query(query)
            if body is not None:
                kwargs["body"] = parse_body(body)
            return view(*args, **kwargs)

        parsed.contract = contract
        return parsed
    return attach


def api_rules(app: Flask) -> list[Rule]:
    """Return the rules of the JSON API, the document's own address excepted."""
    return sorted((rule for rule in app.url_map.iter_rules()
                   if rule.rule.startswith("/api/v1/")), key=lambda rule: rule.rule)


def build_document(app: Flask) -> dict:
    """Return the OpenAPI 3.1 document of every documented route of ``app``."""
    models: dict[tuple[type[BaseModel], str], None] = {(ErrorResponse, "serialization"): None}
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
        # Client generators make identifiers of the title: ASCII there, Vietnamese below.
        "info": {"title": "qms one-stop queue API", "version": "1",
                 "description": "qms — hệ thống xếp hàng một cửa. Generated from the routes and "
                                "their pydantic models (server/api/contract.py)."},
        "tags": [{"name": name, "description": description}
                 for name, description in TAGS.items()
                 if any(name in operation.get("tags", ()) for item in paths.values()
                        for operation in item.values())],
        "paths": paths,
        "components": {"schemas": schemas.get("$defs", {}),
                       "securitySchemes": SECURITY_SCHEMES},
    }


def _tag(rule: Rule) -> str:
    """The area an operation belongs to: the first segment of its path after ``/api/v1/``."""
    return rule.rule.removeprefix("/api/v1/").split("/", 1)[0]


def operation_id(rule: Rule, view) -> str:
    """A stable id named after what the view does: its function's name."""
    return getattr(view, "__name__", rule.endpoint.rsplit(".", 1)[-1])


def accepts_empty(model: type[BaseModel]) -> bool:
    """Tell whether an absent body (read as ``{}``) satisfies ``model``."""
    try:
        model.model_validate({})
    except ValidationError:
        return False
    return True


def _openapi_path(rule: Rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)


def _operation(rule: Rule, view, contract: Contract, refs: dict) -> dict:
    access = getattr(view, "access", None)
    errors = set(contract.errors) | {503}
    operation: dict = {"operationId": operation_id(rule, view), "tags": [_tag(rule)],
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
        errors |= {401, 403}  # a token sent must be valid (401) and of that kind (403)
    if contract.body is not None:
        operation["requestBody"] = {"required": not accepts_empty(contract.body),
                                    "content": {"application/json": {
            "schema": refs[(contract.body, "validation")]}}}
        errors |= {400, 413, 422}
    if contract.query is not None:
        errors |= {422}
    operation["responses"] = _answers(contract, refs) | {
        str(status): _json_response(ERRORS[status], refs[(ErrorResponse, "serialization")])
        for status in sorted(errors)}
    return operation


def _answers(contract: Contract, refs: dict) -> dict:
    responses = {}
    for status, answer in contract.answers.items():
        if isinstance(answer, Media):
            schema = {"type": "string", "format": "binary"} if answer.binary else {
                "type": "string"}
            responses[str(status)] = {"description": answer.description, "headers": REQUEST_ID,
                                      "content": {media_type: {"schema": schema} for media_type
                                                  in (answer.media_type, *answer.also)}}
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
