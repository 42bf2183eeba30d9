"""POST /api/v1/votes: what is stored, and every refusal."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server.models import Counter, Device, Service, Ticket, User, Vote
from tests.support.visits import database, serve_visit

pytestmark = pytest.mark.live


def error_code(response) -> str:
    return response.json()["error"]["code"]


def vote(api, token, **body):
    return api.call("POST", "/api/v1/votes", token, json=body)


def test_vote_is_stored_against_ticket_counter_clerk_and_service(api, centre, kiosk_token,
                                                                 clerk_tokens, pads):
    ticket = serve_visit(api, kiosk_token, clerk_tokens[1], 1, "DD")
    response = vote(api, pads[1], rating=3, reason="Nhanh gọn")
    assert response.status_code == 201, response.text
    assert response.json()["ticket_id"] == ticket["id"]
    assert response.json()["label"] == "Hài lòng"
    with database(centre) as session:
        stored = session.scalar(select(Vote).where(Vote.ticket_id == ticket["id"]))
        assert session.get(Counter, stored.counter_id).number == 1
        assert session.get(User, stored.clerk_id).username == "quay1"
        assert session.get(Service, stored.service_id).code == "DD"
        assert session.get(Device, stored.device_id).counter_id == stored.counter_id
        assert (stored.rating, stored.reason) == (3, "Nhanh gọn")


def test_second_vote_for_a_ticket_is_409(api, kiosk_token, clerk_tokens, pads):
    serve_visit(api, kiosk_token, clerk_tokens[2], 2, "DD")
    assert vote(api, pads[2], rating=4).status_code == 201
    again = vote(api, pads[2], rating=1)
    assert again.status_code == 409 and error_code(again) == "already_voted"


def test_vote_with_nothing_finished_is_409(api, pads):
    response = vote(api, pads[5], rating=4)
    assert response.status_code == 409 and error_code(response) == "nothing_to_rate"


def test_vote_after_the_window_is_409(api, centre, kiosk_token, clerk_tokens, pads):
    ticket = serve_visit(api, kiosk_token, clerk_tokens[6], 6, "CT")
    with database(centre) as session:
        stored = session.get(Ticket, ticket["id"])
        stored.finished_at -= timedelta(minutes=11)  # QMS_VOTE_WINDOW_S defaults to 600
    response = vote(api, pads[6], rating=4)
    assert response.status_code == 409 and error_code(response) == "nothing_to_rate"


def test_pad_cannot_vote_for_another_counters_ticket(api, centre, kiosk_token, clerk_tokens,
                                                    pads):
    other = serve_visit(api, kiosk_token, clerk_tokens[3], 3, "XD")
    response = vote(api, pads[4], rating=1, ticket_id=other["id"])
    assert response.status_code == 403 and error_code(response) == "ticket_other_counter"
    with database(centre) as session:
        assert session.scalar(select(Vote).where(Vote.ticket_id == other["id"])) is None
    assert vote(api, pads[3], rating=2, ticket_id=other["id"]).status_code == 201


def test_pad_cannot_rate_an_earlier_visit_of_its_counter(api, kiosk_token, clerk_tokens, pads):
    earlier = serve_visit(api, kiosk_token, clerk_tokens[7], 7, "CT")
    latest = serve_visit(api, kiosk_token, clerk_tokens[7], 7, "CT")
    response = vote(api, pads[7], rating=4, ticket_id=earlier["id"])
    assert response.status_code == 409 and error_code(response) == "not_last_finished"
    accepted = vote(api, pads[7], rating=4, ticket_id=latest["id"])
    assert accepted.status_code == 201 and accepted.json()["ticket_id"] == latest["id"]


@pytest.mark.parametrize("kind", ["kiosk", "display"])
def test_kiosk_and_display_tokens_cannot_vote(api, centre, kind):
    response = vote(api, centre.tokens[kind], rating=4)
    assert response.status_code == 403 and error_code(response) == "wrong_device"


def test_staff_cannot_vote(api, centre, clerk_tokens):
    for token in (clerk_tokens[1], api.staff_token("admin", centre.password)):
        response = vote(api, token, rating=4)
        assert response.status_code == 403 and error_code(response) == "wrong_device"


def test_vote_without_token_is_401(api):
    response = vote(api, None, rating=4)
    assert response.status_code == 401


@pytest.mark.parametrize("body", [
    {"rating": 0}, {"rating": 5}, {"rating": "4"}, {}, {"rating": 4.0}, {"rating": True},
    {"rating": None}, {"rating": 4, "reason": "x" * 301}, {"rating": 4, "ticket_id": "1"},
    {"rating": 4, "counter": 2},
])
def test_malformed_votes_are_422(api, pads, body):
    response = vote(api, pads[1], **body)
    assert response.status_code == 422, response.text
    assert error_code(response) == "invalid_payload"


def test_concurrent_double_vote_counts_once(api, centre, kiosk_token, clerk_tokens, pads):
    ticket = serve_visit(api, kiosk_token, clerk_tokens[8], 8, "HT")
    start = threading.Barrier(2)
    statuses = []

    def press(rating):
        start.wait()
        statuses.append(vote(api.__class__(api.base_url), pads[8], rating=rating).status_code)

    threads = [threading.Thread(target=press, args=(rating,)) for rating in (4, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 409]
    with database(centre) as session:
        count = session.scalar(select(func.count()).select_from(Vote)
                               .where(Vote.ticket_id == ticket["id"]))
        assert count == 1


def test_votes_endpoint_is_documented(api):
    document = api.call("GET", "/api/openapi.json").json()
    operation = document["paths"]["/api/v1/votes"]["post"]
    assert {"201", "403", "409", "422"} <= set(operation["responses"])
    rating = document["components"]["schemas"]["VoteRequest"]["properties"]["rating"]
    assert (rating["minimum"], rating["maximum"]) == (1, 4)
