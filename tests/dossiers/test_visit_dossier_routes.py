"""The contract's routes for linking dossiers to visits and rating them, in process: each
role, each device kind, a user and a device of another site, no credentials, bad bodies."""


import pytest

from server.models import DossierRating, TicketDossier, WebhookDelivery, WebhookEndpoint
from tests.dossiers.desk import (
    ALL_GOOD,
    bearer,
    finish,
    issue,
    open_desk,
    put_dossier,
    rows,
    serve,
)
from tests.support.centre import provision_demo

pytestmark = []  # the fast tier: in process, SQLite

CODE = "000.00.12.H26-261208-"
# Who may link: the counter's clerk and the site's integration; everyone else is refused.
STAFF = {"quay1": "clerk", "quay2": "clerk of another counter", "ducxuan": "clerk of the ward",
         "quanly": "manager", "admin": "admin"}
DEVICES = ("kiosk", "display", "vote-pad", "ward-kiosk", "ward-vote-pad")


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    centre = provision_demo(tmp_path_factory.mktemp("visit-dossiers"))
    desk = open_desk(centre, CODE, KIOSK_RATE_LIMIT="1000/60")
    desk["ward-software"] = bearer(centre.add_device("integration", "Phần mềm một cửa xã",
                                                     site="DUCXUAN"))
    centre.tokens["ward-kiosk"] = centre.add_device("kiosk", "Máy lấy số xã", site="DUCXUAN")
    centre.tokens["ward-vote-pad"] = centre.add_device("vote-pad", "Máy đánh giá xã",
                                                       site="DUCXUAN", counter_number=1)
    app, client = desk["app"], desk["client"]
    for username in STAFF:
        answer = client.post("/api/v1/auth/token", json={"username": username,
                                                         "password": centre.password})
        desk[username] = bearer(answer.get_json()["token"])
    desk["clerk"] = desk["quay1"]  # counter 1's
    for kind in DEVICES:
        desk[kind] = bearer(centre.tokens[kind])
    with app.app_context():
        from server.storage import db
        db().add(WebhookEndpoint(site_id=None, name="tỉnh", url="http://127.0.0.1:9/hook",
                                 secret="s", kinds=["dossier.linked", "rating.recorded"],
                                 include_personal=[], active=True))
        db().commit()
    yield desk
    app.extensions["qms_engine"].dispose()


def post(desk, path, who=None, **body):
    return desk["client"].post(path, json=body, headers=desk[who] if who else {})


def error_of(answer) -> tuple[int, str]:
    return answer.status_code, answer.get_json()["error"]["code"]


def test_the_clerk_links_by_the_tickets_id_or_public_code(desk):
    ticket = serve(desk)
    first, second = put_dossier(desk, "0101"), put_dossier(desk, "0102")
    answer = post(desk, f"/api/v1/tickets/{ticket['id']}/dossiers", "quay1", code=first,
                  kind="received")
    assert answer.status_code == 201, answer.get_json()
    assert (answer.get_json()["ticket_id"], answer.get_json()["kind"],
            answer.get_json()["source"]) == (ticket["id"], "received", "counter")
    by_code = post(desk, f"/api/v1/tickets/{ticket['public_code']}/dossiers", "quay1",
                   code=second.lower())
    assert by_code.status_code == 201 and by_code.get_json()["code"] == second
    again = post(desk, f"/api/v1/tickets/{ticket['id']}/dossiers", "quay1", code=first)
    assert again.status_code == 200 and again.get_json()["created"] is False
    assert sorted(row.dossier_id for row in rows(desk, TicketDossier, ticket_id=ticket["id"]))
    # Each new received link queued its "dossier.linked" event, ordered with the ticket.
    linked = rows(desk, WebhookDelivery, kind="dossier.linked")
    assert [d.payload["data"]["dossier_code"] for d in linked] == [first, second]
    assert {d.key for d in linked} == {f"ticket:{ticket['id']}"}
    finish(desk)


def test_the_integration_links_by_ticket_or_by_the_counter_serving(desk):
    ticket = serve(desk)
    by_ticket = put_dossier(desk, "0201")
    answer = post(desk, f"/api/v1/tickets/{ticket['public_code']}/dossiers", "software",
                  code=by_ticket)
    assert answer.status_code == 201 and answer.get_json()["source"] == "integration"
    by_counter = put_dossier(desk, "0202")
    answer = post(desk, "/api/v1/counters/1/serving/dossiers", "software", code=by_counter,
                  kind="received")
    assert answer.status_code == 201 and answer.get_json()["ticket_id"] == ticket["id"]
    assert answer.get_json()["counter"] == 1
    finish(desk)


def test_the_counters_clerk_links_what_it_serves(desk):
    ticket = serve(desk)
    code = put_dossier(desk, "0301")
    answer = post(desk, "/api/v1/counters/1/serving/dossiers", "quay1", code=code)
    assert answer.status_code == 201 and answer.get_json()["ticket_id"] == ticket["id"]
    finish(desk)
    idle = post(desk, "/api/v1/counters/1/serving/dossiers", "quay1", code=code)
    assert error_of(idle) == (409, "nothing_serving")


def test_returning_a_result_links_the_pick_up_visit(desk):
    code = put_dossier(desk, "0401", status="ready")
    ticket = serve(desk)
    answer = post(desk, f"/api/v1/tickets/{ticket['id']}/dossiers", "quay1", code=code,
                  kind="returned")
    assert answer.status_code == 201
    assert (answer.get_json()["kind"], answer.get_json()["status"]) == ("returned", "returned")
    finish(desk)


# Who may not link a dossier to the visit at counter 1, by either route. The ward's clerk and
# software reach the ward's own counter 1, where neither the ticket nor the province's
# dossier is found.
NOT_ALLOWED = [("quay2", (403, "counter_not_allowed")), ("quanly", (403, "wrong_role")),
               ("admin", (403, "wrong_role")), ("kiosk", (403, "wrong_device")),
               ("display", (403, "wrong_device")), ("vote-pad", (403, "wrong_device")),
               (None, (401, "unauthenticated"))]
BY_TICKET = [("ducxuan", (404, "ticket_not_found")), ("ward-software", (404, "ticket_not_found")),
             ("ward-kiosk", (403, "wrong_device"))]
BY_COUNTER = [("ducxuan", (404, "dossier_not_found")),
              ("ward-software", (404, "dossier_not_found")),
              ("ward-vote-pad", (403, "wrong_device"))]


@pytest.mark.parametrize("route, who, expected", [
    *(("ticket", who, expected) for who, expected in NOT_ALLOWED + BY_TICKET),
    *(("counter", who, expected) for who, expected in NOT_ALLOWED + BY_COUNTER)])
def test_linking_refuses_everyone_else(desk, route, who, expected):
    ticket = serve(desk)
    code = put_dossier(desk, "0501")
    path = (f"/api/v1/tickets/{ticket['id']}/dossiers" if route == "ticket"
            else "/api/v1/counters/1/serving/dossiers")
    answer = post(desk, path, who, code=code)
    assert error_of(answer) == expected, answer.get_json()
    assert rows(desk, TicketDossier, ticket_id=ticket["id"]) == []
    finish(desk)


def test_a_dossier_or_ticket_of_another_site_or_day_is_not_found(desk):
    ticket = serve(desk)
    ward = put_dossier(desk, "0701", software="ward-software", procedure="Đăng ký khai sinh")
    for path in (f"/api/v1/tickets/{ticket['id']}/dossiers",
                 "/api/v1/counters/1/serving/dossiers"):
        assert error_of(post(desk, path, "quay1", code=ward)) == (404, "dossier_not_found")
        assert error_of(post(desk, path, "software", code=CODE + "9999")) == (
            404, "dossier_not_found")
    for ref in ("999999", "notAcode123x"):
        answer = post(desk, f"/api/v1/tickets/{ref}/dossiers", "software", code=ward)
        assert error_of(answer) == (404, "ticket_not_found")
    finish(desk)


def test_a_ticket_still_waiting_has_no_visit_to_link(desk):
    waiting = issue(desk, service="XD")
    code = put_dossier(desk, "0801")
    answer = post(desk, f"/api/v1/tickets/{waiting['id']}/dossiers", "software", code=code)
    assert error_of(answer) == (409, "ticket_not_served")


def test_a_dossier_received_at_another_visit_is_refused(desk):
    code = put_dossier(desk, "0901")
    serve(desk)
    assert post(desk, "/api/v1/counters/1/serving/dossiers", "quay1", code=code).status_code == 201
    finish(desk)
    serve(desk)
    answer = post(desk, "/api/v1/counters/1/serving/dossiers", "quay1", code=code,
                  kind="received")
    assert error_of(answer) == (409, "dossier_linked_elsewhere")
    finish(desk)


@pytest.mark.parametrize("body", [{}, {"code": ""}, {"code": "X" * 65},
                                  {"code": "ABC123", "kind": "lost"},
                                  {"code": "ABC123", "counter": 1}, {"code": 123456}])
def test_malformed_link_bodies_are_refused(desk, body):
    ticket = serve(desk)
    for path in (f"/api/v1/tickets/{ticket['id']}/dossiers",
                 "/api/v1/counters/1/serving/dossiers"):
        answer = desk["client"].post(path, json=body, headers=desk["quay1"])
        assert error_of(answer) == (422, "invalid_payload"), (path, body)
    not_json = desk["client"].post("/api/v1/counters/1/serving/dossiers", data="code=1",
                                   headers=desk["quay1"] | {"Content-Type": "text/plain"})
    assert not_json.status_code in (400, 415, 422)
    finish(desk)


def linked_visit(desk, number: str) -> tuple[dict, str]:
    ticket = serve(desk)
    code = put_dossier(desk, number)
    assert post(desk, "/api/v1/counters/1/serving/dossiers", "quay1", code=code).status_code == 201
    return ticket, code


def test_the_pad_rates_by_dossier_or_by_ticket_once(desk):
    ticket, code = linked_visit(desk, "1001")
    answer = post(desk, "/api/v1/ratings", "vote-pad", dossier=code, ticket=ticket["id"],
                  scores=ALL_GOOD)
    assert answer.status_code == 201, answer.get_json()
    assert (answer.get_json()["code"], answer.get_json()["channel"]) == (code, "pad")
    twice = post(desk, "/api/v1/ratings", "vote-pad", dossier=code, scores=ALL_GOOD)
    assert error_of(twice) == (409, "already_rated")
    finish(desk)
    ticket, code = linked_visit(desk, "1002")
    by_ticket = post(desk, "/api/v1/ratings", "vote-pad", ticket=ticket["public_code"],
                     scores={"attitude": 1, "guidance": 2, "time": 2, "result": 2})
    assert by_ticket.status_code == 201 and by_ticket.get_json()["code"] == code
    assert by_ticket.get_json()["satisfied"] is False
    again = post(desk, "/api/v1/ratings", "vote-pad", ticket=ticket["id"], scores=ALL_GOOD)
    assert error_of(again) == (409, "already_rated")
    stored = rows(desk, DossierRating, ticket_id=ticket["id"])
    assert [(r.kind, r.average, r.clerk_id is not None) for r in stored] == [
        ("received", 1.75, True)]
    events = [d.payload["data"] for d in rows(desk, WebhookDelivery, kind="rating.recorded")]
    assert [(e["dossier_code"], e["average"]) for e in events][-1] == (code, 1.75)
    finish(desk)


def test_the_citizen_rates_later_by_the_receipts_or_the_slips_code(desk):
    ticket, code = linked_visit(desk, "1101")
    finish(desk)
    no_check = post(desk, "/api/v1/ratings", dossier=code, scores=ALL_GOOD)
    assert error_of(no_check) == (403, "check_needed")
    rated = post(desk, "/api/v1/ratings", dossier=code, check="5678", scores=ALL_GOOD)
    assert rated.status_code == 201 and rated.get_json()["channel"] == "phone"
    assert error_of(post(desk, "/api/v1/ratings", dossier=code, check="5678",
                         scores=ALL_GOOD)) == (409, "already_rated")
    ticket, code = linked_visit(desk, "1102")
    finish(desk)
    by_slip = post(desk, "/api/v1/ratings", ticket=ticket["public_code"], scores=ALL_GOOD)
    assert by_slip.status_code == 201 and by_slip.get_json()["code"] == code
    # The id is no code: only the pad may name a ticket by it.
    assert error_of(post(desk, "/api/v1/ratings", ticket=ticket["id"], scores=ALL_GOOD)) == (
        404, "ticket_not_found")
    other = put_dossier(desk, "1103")
    assert error_of(post(desk, "/api/v1/ratings", ticket=ticket["public_code"], dossier=other,
                         scores=ALL_GOOD)) == (404, "not_linked")
    assert error_of(post(desk, "/api/v1/ratings", ticket=ticket["public_code"],
                         dossier=CODE + "9998", scores=ALL_GOOD)) == (404, "not_linked")


def test_a_visit_with_several_dossiers_needs_the_dossier_named(desk):
    ticket, first = linked_visit(desk, "1201")
    second = put_dossier(desk, "1202")
    assert post(desk, "/api/v1/counters/1/serving/dossiers", "quay1",
                code=second).status_code == 201
    answer = post(desk, "/api/v1/ratings", "vote-pad", ticket=ticket["id"], scores=ALL_GOOD)
    assert error_of(answer) == (422, "dossier_required")
    assert post(desk, "/api/v1/ratings", "vote-pad", dossier=second,
                scores=ALL_GOOD).status_code == 201
    last = post(desk, "/api/v1/ratings", "vote-pad", ticket=ticket["id"], scores=ALL_GOOD)
    assert last.status_code == 201 and last.get_json()["code"] == first
    finish(desk)
    plain = serve(desk)
    assert error_of(post(desk, "/api/v1/ratings", "vote-pad", ticket=plain["id"],
                         scores=ALL_GOOD)) == (404, "nothing_to_rate")
    finish(desk)


RATING_REFUSED = {
    "quay1": (403, "wrong_device"), "quanly": (403, "wrong_device"),
    "admin": (403, "wrong_device"), "kiosk": (403, "wrong_device"),
    "display": (403, "wrong_device"), "software": (403, "wrong_device"),
    "ward-vote-pad": (404, "dossier_not_found"), "ducxuan": (403, "wrong_device")}


@pytest.mark.parametrize("who", RATING_REFUSED)
def test_rating_refuses_other_callers(desk, who):
    expected = RATING_REFUSED[who]
    ticket, code = linked_visit(desk, f"13{list(RATING_REFUSED).index(who):02d}")
    assert error_of(post(desk, "/api/v1/ratings", who, dossier=code, scores=ALL_GOOD)) == expected
    if who == "ward-vote-pad":  # the other site's pad names the ticket instead
        assert error_of(post(desk, "/api/v1/ratings", who, ticket=ticket["id"],
                             scores=ALL_GOOD)) == (404, "ticket_not_found")
    assert rows(desk, DossierRating, ticket_id=ticket["id"]) == []
    finish(desk)


def test_an_unknown_token_is_unauthenticated(desk):
    answer = desk["client"].post("/api/v1/ratings", json={"dossier": "ABC123",
                                                          "scores": ALL_GOOD},
                                 headers=bearer("qmsd_not-a-token"))
    assert error_of(answer) == (401, "unauthenticated")


@pytest.mark.parametrize("body, code", [
    ({"scores": ALL_GOOD}, "invalid_payload"),
    ({"dossier": "ABC123"}, "invalid_payload"),
    ({"dossier": "ABC123", "scores": {"attitude": 5}}, "invalid_payload"),
    ({"dossier": "ABC123", "scores": ALL_GOOD, "stars": 5}, "invalid_payload"),
    ({"dossier": "ABC123", "scores": ALL_GOOD, "check": "12"}, "invalid_payload"),
    ({"ticket": 0, "scores": ALL_GOOD}, "invalid_payload"),
    ({"dossier": "ABC123", "scores": {"attitude": 4}}, "invalid_scores"),
    ({"dossier": "ABC123", "scores": ALL_GOOD | {"speed": 4}}, "invalid_scores")])
def test_malformed_ratings_are_refused(desk, body, code):
    for who in ("vote-pad", None):
        answer = post(desk, "/api/v1/ratings", who, **body)
        assert error_of(answer) == (422, code), (who, body)


def test_the_old_routes_stay_aliases_of_the_same_calls(desk):
    ticket, code = linked_visit(desk, "1401")
    again = desk["client"].post(f"/api/v1/dossiers/{code}/link", json={"counter": 1},
                                headers=desk["software"])
    assert again.status_code == 200 and again.get_json()["ticket_id"] == ticket["id"]
    rated = desk["client"].post(f"/api/v1/dossiers/{code}/rating", json={"scores": ALL_GOOD},
                                headers=desk["vote-pad"])
    assert rated.status_code == 201
    assert error_of(post(desk, "/api/v1/ratings", "vote-pad", dossier=code,
                         scores=ALL_GOOD)) == (409, "already_rated")
    finish(desk)
