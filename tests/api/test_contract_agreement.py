"""The OpenAPI document and the server agree: what one states the other enforces, in process."""

import re

import pytest
from flask import Blueprint
from pydantic import BaseModel

from server.api.contract import build_document, documented
from server.api.schemas import SiteQuery, Strict
from server.app import create_app
from server.payloads.staff import StaffToken
from tests.appointments.support import booking, make_bookable, today
from tests.support.clients import staff_headers


@pytest.fixture(scope="module")
def document(app):
    return build_document(app)


@pytest.fixture(scope="module")
def admin(client, centre):
    return staff_headers(client, centre.password, "admin")["admin"]


def _code(answer) -> tuple[int, str]:
    return answer.status_code, answer.get_json()["error"]["code"]


# A. The decorator parses the query and the body into their models and hands them over.


class Echo(Strict):
    word: str


def test_the_contract_hands_the_view_its_parsed_query_and_body(tmp_path):
    extra = Blueprint("echo", __name__)
    seen: dict[str, BaseModel] = {}

    @extra.post("/api/v1/echo")
    @documented("Echo", {200: StaffToken}, body=Echo, query=SiteQuery)
    def echo(body: Echo, query: SiteQuery):
        seen.update(body=body, query=query)
        return {"token": body.word}

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'q.sqlite3'}",
                      "ASYNC_MODE": "threading"}, instance=tmp_path)
    app.register_blueprint(extra)
    client = app.test_client()
    assert client.post("/api/v1/echo?site=HN&other=1", json={"word": "a"}).status_code == 200
    assert seen["body"] == Echo(word="a") and seen["query"] == SiteQuery(site="HN")
    assert _code(client.post("/api/v1/echo", json={"word": 1})) == (422, "invalid_payload")
    assert _code(client.post("/api/v1/echo?site=" + "x" * 33, json={"word": "a"})) == (
        422, "invalid_query")


def test_query_parameters_are_read_as_the_document_states(client, admin):
    assert _code(client.get("/api/v1/procedures?q=" + "a" * 201)) == (422, "invalid_query")
    assert client.get("/api/v1/procedures?q=" + "a" * 200).status_code == 200
    for paging in ("limit=0", "limit=1001", "offset=-1", "limit=%201", "limit=1.0"):
        assert _code(client.get("/api/v1/procedures?" + paging)) == (422, "invalid_paging")
    for counter in ("abc", "²", "10" * 10, "0"):
        assert _code(client.get(f"/api/v1/queue?counter={counter}", headers=admin)) == (
            400, "bad_counter")
    assert _code(client.get("/api/v1/roster?date=2026-02-30", headers=admin)) == (
        422, "invalid_date")
    assert _code(client.get("/api/v1/roster/report?from=2026-01-01&to=2025-12-31",
                            headers=admin)) == (422, "invalid_range")


# B1. A date parameter is a date, not null.


def test_date_parameters_are_typed_as_days(document):
    for path in ("/api/v1/appointments", "/api/v1/roster"):
        schema = next(parameter["schema"] for parameter in document["paths"][path]["get"][
            "parameters"] if parameter["name"] == "date")
        assert schema["type"] == "string" and schema["format"] == "date", path
        assert schema["pattern"].startswith("^(20[0-9]{2}|2100)-"), path


# B2. A body that an empty request does not satisfy is required.


def test_a_body_is_required_unless_empty_is_enough(document, client):
    paths = document["paths"]
    assert paths["/api/v1/appointments"]["post"]["requestBody"]["required"] is True
    assert paths["/api/v1/feedback"]["post"]["requestBody"]["required"] is True
    # Actions without parameters take no body at all.
    assert paths["/api/v1/counters/{number}/finish"]["post"]["requestBody"]["required"] is False
    assert client.post("/api/v1/appointments").status_code == 422
    assert client.post("/api/v1/feedback").status_code == 422


# B3. The document is as strict as the server, and the server as strict as the document.


def test_the_document_states_what_the_server_refuses(document):
    put = document["paths"]["/api/v1/dossiers/{code}"]["put"]
    code = next(parameter["schema"] for parameter in put["parameters"]
                if parameter["name"] == "code")
    assert (code["minLength"], code["maxLength"]) == (6, 64)
    assert code["pattern"] == "^[A-Za-z0-9][A-Za-z0-9._-]{5,63}$"
    start = document["components"]["schemas"]["AppointmentRequest"]["properties"]["start"]
    assert re.search(start["pattern"], "2026-11-27T08:15+07:00")
    assert not re.search(start["pattern"], "0000-00-00T00:00")
    span = {parameter["name"]: parameter for parameter in
            document["paths"]["/api/v1/roster/report"]["get"]["parameters"]}
    assert "366 days" in span["to"]["description"] and "invalid_range" in span["to"][
        "description"]
    assert "422" in document["paths"]["/api/v1/roster/report"]["get"]["responses"]


def test_the_server_refuses_what_the_document_refuses(client, admin):
    assert client.get("/api/v1/appointments/slots?service=" + "D" * 33
                      + "&date=2026-12-01").status_code == 422
    assert _code(client.get("/api/v1/feedback?status=junk", headers=admin)) == (
        422, "invalid_query")
    too_long = {"category": "other", "text": "a" * 2000 + " "}  # 2,001 characters sent
    assert _code(client.post("/api/v1/feedback", json=too_long)) == (422, "invalid_payload")


# B10. What client generators need: tags, clear operation ids, an ASCII title, binary files.


def test_the_document_suits_client_generators(document):
    assert document["info"]["title"].isascii()
    assert "xếp hàng" in document["info"]["description"]
    operations = [(path, method, operation) for path, item in document["paths"].items()
                  for method, operation in item.items()]
    ids = [operation["operationId"] for _path, _method, operation in operations]
    assert len(ids) == len(set(ids))
    assert not any(name.startswith("api_") for name in ids)
    feedback = document["paths"]["/api/v1/feedback/{code}/close"]["post"]
    assert feedback["operationId"] == "close_feedback_message"
    tags = {tag["name"] for tag in document["tags"]}
    assert all(len(operation["tags"]) == 1 and operation["tags"][0] in tags
               for _path, _method, operation in operations)
    for path in ("/api/v1/reports/export.xlsx", "/api/v1/appointments/{code}/qr.svg"):
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert next(iter(content.values()))["schema"] == {"type": "string", "format": "binary"}
    error = document["components"]["schemas"]["ErrorBody"]
    assert error["additionalProperties"] is False
    assert error["properties"]["come_back_at"]["anyOf"][0] == {"format": "date-time",
                                                               "type": "string"}


# B4. A 405 names the allowed methods; OPTIONS advertises only methods that do not 404.


def test_a_405_says_which_methods_are_allowed(client):
    answer = client.patch("/api/v1/roster/week")
    assert answer.status_code == 405 and answer.get_json()["error"]["code"] == (
        "method_not_allowed")
    assert answer.headers["Allow"] == "GET, HEAD, OPTIONS, PUT"
    assert client.delete("/api/v1/tickets").headers["Allow"] == "OPTIONS, POST"


def test_a_fixed_path_allows_only_its_own_methods(client):
    for path, allowed in (("/api/v1/appointments/slots", "GET, HEAD, OPTIONS"),
                          ("/api/v1/tickets/remote", "OPTIONS, POST")):
        assert client.options(path).headers["Allow"] == allowed, path
    # The booking route's pattern matches …/slots too; it must not answer a 404 there.
    refused = client.delete("/api/v1/appointments/slots")
    assert refused.status_code == 405 and refused.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert client.get("/api/v1/tickets/remote").status_code == 405
    assert "DELETE" in client.options("/api/v1/appointments/ABCD2345").headers["Allow"]


# B5. Every 429 says when to try again.


def test_every_429_carries_retry_after(centre):
    client = centre.app(FEEDBACK_RATE_LIMIT="1/600", DOSSIER_LOOKUP_RATE_LIMIT="1/60").test_client()
    message = {"category": "other", "text": "Góp ý"}
    assert client.post("/api/v1/feedback", json=message).status_code == 201
    refused = client.post("/api/v1/feedback", json=message)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "600"
    client.get("/api/v1/dossiers/NOSUCHCODE/status")
    refused = client.get("/api/v1/dossiers/NOSUCHCODE/status")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"


# B6. A CSV export names its character set once.


def test_csv_exports_name_their_charset_once(client, admin):
    period = "from=2026-01-01&to=2026-01-31"
    for path in (f"/api/v1/reports/export.csv?{period}",
                 f"/api/v1/reports/dossiers/export.csv?{period}",
                 f"/api/v1/reports/overview/export.csv?{period}", "/api/v1/feedback/export.csv"):
        answer = client.get(path, headers=admin)
        assert answer.status_code == 200, (path, answer.data[:200])
        assert answer.headers["Content-Type"] == "text/csv; charset=utf-8", path


# B7. One rule for tokens: unknown, revoked or expired is 401; a valid one of the wrong kind 403.


@pytest.fixture(scope="module")
def booked(centre, client):
    make_bookable(centre)
    slots = client.get(f"/api/v1/appointments/slots?service=DD&date={today()}").get_json()
    start = next(slot["start"] for slot in slots["slots"] if slot["available"])
    answer = client.post("/api/v1/appointments", json=booking("DD", start, 7))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["code"]


def test_a_bad_token_is_401_everywhere_and_a_wrong_kind_403(client, centre, booked, admin):
    for token in ("qmsd_unknown-device-token", "not-a-token-at-all"):
        headers = {"Authorization": f"Bearer {token}"}
        assert _code(client.get(f"/api/v1/appointments/{booked}", headers=headers)) == (
            401, "unauthenticated"), token
        assert _code(client.post("/api/v1/tickets", headers=headers,
                                 json={"service": "DD"})) == (401, "unauthenticated"), token
    kiosk = {"Authorization": f"Bearer {centre.tokens['kiosk']}"}
    assert _code(client.get(f"/api/v1/appointments/{booked}", headers=kiosk)) == (
        403, "wrong_device")
    # Staff who hold a booking's code see it as any holder would; booking itself takes no
    # staff token (only an integration's), a valid token of the wrong kind.
    assert client.get(f"/api/v1/appointments/{booked}", headers=admin).status_code == 200
    assert _code(client.post("/api/v1/appointments", headers=admin, json=booking(
        "DD", "2026-12-01T08:00", 8))) == (403, "wrong_device")


# B8. A TV hears a call's updates once: inside the call if it asked, else separately.


def test_a_display_hears_a_calls_updates_one_way_only(app, client, centre):
    socketio = app.extensions["socketio"]
    token = centre.tokens["display"]
    plain = socketio.test_client(app, namespace="/display", auth={"token": token})
    carried = socketio.test_client(app, namespace="/display",
                                   auth={"token": token, "calls_carry_updates": True})
    assert plain.is_connected("/display") and carried.is_connected("/display")
    clerk = client.post("/api/v1/auth/token",
                        json={"username": "quay8", "password": centre.password}).get_json()
    staff = {"Authorization": f"Bearer {clerk['token']}"}
    kiosk = {"Authorization": f"Bearer {centre.tokens['kiosk']}"}
    assert client.post("/api/v1/tickets", headers=kiosk, json={"service": "HT"}).status_code == 201
    client.post("/api/v1/counters/8/open", headers=staff)
    plain.get_received("/display"), carried.get_received("/display")
    called = client.post("/api/v1/counters/8/call-next", headers=staff).get_json()
    heard = {name: [message for message in screen.get_received("/display")
                    if message["name"] in ("ticket_called", "counter_changed", "queue_changed")]
             for name, screen in (("plain", plain), ("carried", carried))}
    plain_call = next(m["args"][0] for m in heard["plain"] if m["name"] == "ticket_called")
    assert plain_call["id"] == called["id"]
    assert "counter_state" not in plain_call and "queue" not in plain_call
    assert {m["name"] for m in heard["plain"]} == {"ticket_called", "counter_changed",
                                                   "queue_changed"}
    carried_call = next(m["args"][0] for m in heard["carried"] if m["name"] == "ticket_called")
    assert carried_call["counter_state"]["number"] == 8 and "queue" in carried_call
    assert [m["name"] for m in heard["carried"]] == ["ticket_called"]
    plain.disconnect("/display"), carried.disconnect("/display")


# B9. The dossier PUT states the current state; its times are answered in one form.


def test_a_dossier_put_is_the_current_state_in_utc(client, centre):
    software = {"Authorization": "Bearer " + centre.add_device("integration", "Một cửa (thử)")}
    state = {"procedure": "Đăng ký khai sinh", "applicant_name": "Nguyễn Văn An",
             "processing_days": 5, "received_at": "2026-12-01T08:00:00+07:00",
             "status": "returned",
             "returned_at": "2026-12-02T09:30:00+07:00"}
    first = client.put("/api/v1/dossiers/HS-THU-0001", headers=software, json=state)
    assert first.status_code == 201, first.get_json()
    again = client.put("/api/v1/dossiers/HS-THU-0001", headers=software, json=state)
    assert first.get_json()["received_at"] == again.get_json()["received_at"] == (
        "2026-12-01T01:00:00+00:00")
    assert again.get_json()["returned_at"] == "2026-12-02T02:30:00+00:00"
    reopened = client.put("/api/v1/dossiers/HS-THU-0001", headers=software,
                          json=state | {"status": "in_progress", "returned_at": None})
    assert reopened.status_code == 200 and reopened.get_json()["returned_at"] is None
