"""Staff reprints have their own allowance, a kiosk sees only its site, and a clerk calls out
of turn only a ticket their counter serves."""

import pytest

pytestmark = pytest.mark.live

def test_staff_reprints_do_not_use_the_kiosks_allowance(api, centre, clerk_tokens):
    issued = api.issue(centre.tokens["kiosk"], "CDCS").json()
    staff = [api.call("POST", f"/api/v1/tickets/{issued['id']}/reprint", clerk_tokens[5])
             for _ in range(6)]
    assert [answer.status_code for answer in staff] == [202] * 5 + [429]
    assert staff[-1].json()["error"]["code"] == "reprint_limit"
    kiosk = [api.call("POST", "/api/v1/tickets/reprint", centre.tokens["kiosk"],
                      json={"public_code": issued["public_code"]}) for _ in range(3)]
    assert [answer.status_code for answer in kiosk] == [202, 202, 429]


def test_kiosk_setup_shows_only_the_kiosks_own_site(api, centre):
    setup = api.call("GET", "/kiosk/setup?site=DUCXUAN", centre.tokens["kiosk"]).json()
    codes = {service["code"] for service in setup["services"]}
    assert "DD" in codes and not codes & {"CTHT", "DDXD"}


def test_a_clerk_cannot_call_another_fields_ticket_out_of_turn(api, centre, clerk_tokens):
    civil = api.issue(centre.tokens["kiosk"], "HT").json()["number"]
    assert api.counter(clerk_tokens[1], 1, "open").status_code == 200
    refused = api.counter(clerk_tokens[1], 1, "call", number=civil)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "ticket_not_for_counter"
    waiting = api.call("GET", "/api/v1/queue", clerk_tokens[1]).json()["tickets"]
    assert civil in [ticket["number"] for ticket in waiting]  # still waits its turn
    assert api.counter(clerk_tokens[8], 8, "open").status_code == 200
    assert api.counter(clerk_tokens[8], 8, "call", number=civil).status_code == 200


def test_a_ticket_transferred_to_the_counter_may_be_called(api, centre, clerk_tokens):
    number = api.issue(centre.tokens["kiosk"], "CT").json()["number"]
    api.counter(clerk_tokens[6], 6, "open")
    assert api.counter(clerk_tokens[6], 6, "call", number=number).status_code == 200
    api.counter(clerk_tokens[6], 6, "start")
    assert api.counter(clerk_tokens[6], 6, "transfer", counter=2).status_code == 200
    api.counter(clerk_tokens[2], 2, "open")
    assert api.counter(clerk_tokens[2], 2, "call", number=number).status_code == 200
