"""A transfer counts where it was made, and the ticket sent on is not "never called"."""

from datetime import datetime

import pytest

from server.engine.days import VIETNAM

pytestmark = pytest.mark.live


def report(api, token, group):
    today = datetime.now(VIETNAM).date().isoformat()
    answer = api.call("GET", "/api/v1/reports", token, params={
        "from": today, "to": today, "group": group, "site": "TPBK"})
    assert answer.status_code == 200, answer.text
    return {row["key"]: row for row in answer.json()["rows"]}


def test_transfer_counts_at_the_counter_and_clerk_that_made_it(api, centre, kiosk_token,
                                                               clerk_tokens):
    clerk = clerk_tokens[2]
    assert api.issue(kiosk_token, "DD").status_code == 201
    assert api.counter(clerk, 2, "open").status_code == 200
    assert api.counter(clerk, 2, "call-next").status_code == 200
    sent = api.counter(clerk, 2, "transfer", service="HT")
    assert sent.status_code == 200, sent.text
    manager = api.staff_token("quanly", centre.password)

    counters = report(api, manager, "counter")
    assert counters["TPBK/2"]["transferred"] == 1
    assert counters["TPBK/2"]["issued"] == 1 and counters["TPBK/2"]["avg_wait_s"] is not None
    assert None not in counters  # no "Chưa được gọi" row for a ticket that was called
    clerks = report(api, manager, "clerk")
    assert clerks["quay2"]["transferred"] == 1
    assert sum(row["transferred"] for row in counters.values()) == \
        sum(row["transferred"] for row in clerks.values())
