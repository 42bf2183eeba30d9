"""The OpenAPI 3 document at ``/api/openapi.json``, built from the request schemas."""

from flask import current_app

from . import api
from .dossier_openapi import DOSSIER_BODIES, dossier_paths
from .roster import RosterCopy, RosterWeek
from .schemas import (
    AppointmentRequest,
    CallRequest,
    EmptyRequest,
    KioskReprintRequest,
    NoShowRequest,
    RemoteTicketRequest,
    RescheduleRequest,
    TicketRequest,
    TokenRequest,
    TransferRequest,
    VoteRequest,
)

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "message_en": {"type": "string"}, "details": {"type": "array"}}}},
}
BODIES = [KioskReprintRequest, TicketRequest, TokenRequest, EmptyRequest, CallRequest,
          NoShowRequest, TransferRequest, VoteRequest, RosterWeek, RosterCopy,
          AppointmentRequest, RescheduleRequest, RemoteTicketRequest, *DOSSIER_BODIES]
COUNTER_ACTIONS = {
    "open": ("Sign in at the counter and open it", EmptyRequest),
    "close": ("Sign out and close the counter", EmptyRequest),
    "pause": ("Pause the counter", EmptyRequest),
    "resume": ("Resume the counter", EmptyRequest),
    "call-next": ("Finish the current ticket and call the next", EmptyRequest),
    "call": ("Call a specific waiting number", CallRequest),
    "recall": ("Announce the current ticket again", EmptyRequest),
    "start": ("Mark the start of service", EmptyRequest),
    "no-show": ("Record a no-show, optionally requeueing", NoShowRequest),
    "finish": ("Finish the current ticket", EmptyRequest),
    "transfer": ("Transfer the current ticket to a service or counter", TransferRequest),
}


def _responses(*codes: int, ok: int = 200) -> dict:
    responses = {str(ok): {"description": "OK", "content": {"application/json": {
        "schema": {"type": "object"}}}}}
    for code in codes:
        responses[str(code)] = {"description": "Error", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Error"}}}}
    return responses


def _operation(summary: str, body=None, security="staff", codes=(401, 403, 422), ok=200,
               parameters=()) -> dict:
    operation = {"summary": summary, "responses": _responses(*codes, ok=ok),
                 "parameters": list(parameters)}
    if body is not None:
        operation["requestBody"] = {"required": False, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{body.__name__}"}}}}
    if security:
        operation["security"] = [{security: []}]
    return operation


SITE_PARAM = {"name": "site", "in": "query", "required": False, "schema": {"type": "string"}}
COUNTER_PARAM = {"name": "counter", "in": "query", "required": False,
                 "description": "A counter number: its tickets in the order call-next takes them",
                 "schema": {"type": "integer", "minimum": 1, "maximum": 999999}}


def _printing_paths() -> dict:
    ticket_param = {"name": "ticket_id", "in": "path", "required": True,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
    return {
        "/api/v1/tickets/{ticket_id}/reprint": {"post": _operation(
            "Print a ticket's slip again on the kiosk that issued it (staff)", EmptyRequest,
            "staff", (400, 401, 403, 404, 409, 422), ok=202, parameters=[ticket_param])},
        "/api/v1/tickets/reprint": {"post": _operation(
            "Reprint, on the issuing kiosk, a slip it issued moments ago (kiosk token)",
            KioskReprintRequest, "device", (400, 401, 403, 404, 422, 429), ok=202)},
        "/api/v1/printers": {"get": _operation(
            "Kiosk printers of the site: last state, queued and failed slips", None, "staff",
            (401, 403, 404), parameters=[SITE_PARAM])},
    }


def _procedure_paths() -> dict:
    code_param = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
    query_params = [SITE_PARAM,
                    {"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "Words of the name, code or keywords; tone marks optional"},
                    {"name": "service", "in": "query", "required": False,
                     "schema": {"type": "string"}, "description": "Only this field"},
                    {"name": "limit", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
                     "description": "Hits per page: 50 with q, 1000 without"},
                    {"name": "offset", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 0, "maximum": 100000},
                     "description": "Hits to skip; the answer's total counts them all"}]
    return {
        "/api/v1/procedures": {"get": _operation(
            "Search the site's procedures, best match first, a page of summaries (public)",
            None, None, (404, 422), parameters=query_params)},
        "/api/v1/procedures/{code}": {"get": _operation(
            "One procedure: documents, processing days, fee, forms (public)", None, None,
            (404, 409), parameters=[code_param, SITE_PARAM])},
        "/api/v1/procedures/{code}/forms/{form_id}": {"get": _operation(
            "Download a form file", None, None, (404,), parameters=[code_param, {
                "name": "form_id", "in": "path", "required": True,
                "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}])},
    }


def _appointment_paths() -> dict:
    code = {"name": "code", "in": "path", "required": True,
            "schema": {"type": "string", "maxLength": 16}}
    day = {"name": "date", "in": "query", "required": True,
           "schema": {"type": "string", "format": "date"}}
    service = {"name": "service", "in": "query", "required": True, "schema": {"type": "string"}}
    return {
        "/api/v1/appointments/slots": {"get": _operation(
            "A bookable service's slots on a day with the places left (public)", None, None,
            (404, 422), parameters=[service, day, SITE_PARAM])},
        "/api/v1/appointments": {
            "post": _operation(
                "Book a slot (public, rate-limited per address and phone; or an integration "
                "token for its own site); 409 slot_full / already_booked",
                AppointmentRequest, None, (403, 404, 409, 422, 429), ok=201),
            "get": _operation("The day's bookings by slot, with check-ins (staff)", None,
                              "staff", (401, 403, 422), parameters=[SITE_PARAM, {
                                  **day, "required": False}])},
        "/api/v1/appointments/{code}": {
            "get": _operation("A booking, to whoever holds its code", None, None, (404,),
                              parameters=[code]),
            "delete": _operation("Cancel a booking; its place is offered again", None, None,
                                 (404, 409), parameters=[code])},
        "/api/v1/appointments/{code}/reschedule": {"post": _operation(
            "Move a booking to another slot of the same service", RescheduleRequest, None,
            (404, 409, 422), parameters=[code])},
        "/api/v1/appointments/{code}/check-in": {"post": _operation(
            "Check in at the kiosk: 201 with the ticket (appointment true; late true means a "
            "walk-in ticket); 409 too_early with come_back_at", None, "device",
            (401, 403, 404, 409), ok=201, parameters=[code])},
        "/api/v1/tickets/remote": {"post": _operation(
            "Take today's number from the phone where the site allows it (public)",
            RemoteTicketRequest, None, (403, 404, 409, 422, 429), ok=201,
            parameters=[SITE_PARAM])},
    }


def _roster_paths() -> dict:
    day = {"name": "date", "in": "query", "required": False,
           "schema": {"type": "string", "format": "date"}}
    start = {"name": "start", "in": "query", "required": False,
             "schema": {"type": "string", "format": "date"}}
    span = [{"name": name, "in": "query", "required": False,
             "schema": {"type": "string", "format": "date"}} for name in ("from", "to")]
    return {
        "/api/v1/roster": {"get": _operation("Who staffs which counter on a day (staff)", None,
                                             "staff", (401, 403, 404, 422),
                                             parameters=[day, SITE_PARAM])},
        "/api/v1/roster/week": {
            "get": _operation("A week's roster (manager)", None, "staff", (401, 403, 404, 422),
                              parameters=[start, SITE_PARAM]),
            "put": _operation("Replace a week's roster (manager)", RosterWeek, "staff",
                              (400, 401, 403, 404, 422), parameters=[SITE_PARAM])},
        "/api/v1/roster/week/copy": {"post": _operation(
            "Copy last week's roster into a week (manager)", RosterCopy, "staff",
            (400, 401, 403, 404, 422), parameters=[SITE_PARAM])},
        "/api/v1/roster/report": {"get": _operation(
            "Rostered vs actually open hours per clerk (manager)", None, "staff",
            (401, 403, 404, 422), parameters=[*span, SITE_PARAM])},
    }


def build_document() -> dict:
    """Return the OpenAPI document for the HTTP API."""
    counter_param = {"name": "number", "in": "path", "required": True,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 9999}}
    paths = {
        "/api/v1/services": {"get": _operation("List services with waiting counts", None, None,
                                               (404,), parameters=[SITE_PARAM])},
        "/api/v1/tickets": {"post": _operation("Issue a ticket for a service or a procedure "
                                               "(kiosk token)", TicketRequest,
                                               "device", (400, 401, 403, 404, 409, 422, 429),
                                               ok=201)},
        "/api/v1/tickets/{public_code}": {"get": _operation(
            "A ticket's live status", None, None, (404,),
            parameters=[{"name": "public_code", "in": "path", "required": True,
                         "schema": {"type": "string"}}])},
        "/api/v1/queue": {"get": _operation(
            "Waiting tickets: the site's, or one counter's in its call order", None, "staff",
            (400, 401, 403, 404), parameters=[SITE_PARAM, COUNTER_PARAM])},
        "/api/v1/auth/token": {"post": _operation("Exchange credentials for a staff token",
                                                  TokenRequest, None, (400, 401, 422))},
        "/api/v1/counters": {"get": _operation("List counters", None, "staff", (401, 403, 404),
                                               parameters=[SITE_PARAM])},
        "/api/v1/votes": {"post": _operation(
            "Rate the visit last finished at the vote pad's counter (vote-pad token); "
            "409 already_voted / nothing_to_rate", VoteRequest, "device",
            (400, 401, 403, 409, 422), ok=201)},
    }
    paths |= (_printing_paths() | _procedure_paths() | _appointment_paths()
              | _roster_paths())
    paths |= dossier_paths(_operation, SITE_PARAM)
    for action, (summary, body) in COUNTER_ACTIONS.items():
        paths[f"/api/v1/counters/{{number}}/{action}"] = {"post": _operation(
            summary, body, "staff", (400, 401, 403, 404, 409, 422),
            parameters=[counter_param, SITE_PARAM])}
    schemas = {"Error": ERROR_SCHEMA}
    for model in BODIES:
        schemas[model.__name__] = model.model_json_schema(
            ref_template="#/components/schemas/{model}")
    extra = current_app.extensions.get("qms_openapi_paths", {})
    return {
        "openapi": "3.1.0",
        "info": {"title": "qms — hệ thống xếp hàng một cửa", "version": "1"},
        "paths": paths | extra,
        "components": {"schemas": schemas, "securitySchemes": {
            "staff": {"type": "http", "scheme": "bearer"},
            "device": {"type": "http", "scheme": "bearer"}}},
    }


@api.get("/openapi.json")
def openapi_document():
    """Serve the OpenAPI document."""
    return build_document()
