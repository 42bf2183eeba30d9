"""A province system that goes away under a steady load of calls gets every event once it
is back: each idempotency key once, in order per ticket, the outbox empty, none given up.

The real server (``qms run``) sends; the fake province (tests/support/province.py) is killed
for ``OUTAGE_S`` (shortened here; ``bench.bench_webhook_outage`` runs the 5 minutes). The call
path's latency in each phase is printed beside the baseline, never asserted.
"""

import pytest

from tests.support.centre import provision_demo
from tests.support.province import FakeProvince, run_outage, summary
from tests.support.server import LiveServer

pytestmark = pytest.mark.live

OUTAGE_S = 20
SENDER = {"QMS_WEBHOOK_POLL_S": "0.5", "QMS_CALL_DEBOUNCE_S": "0",
          "QMS_WEBHOOK_RETRY_S": "1",
          "QMS_WEBHOOK_RETRY_CAP_S": "4", "QMS_WEBHOOK_TIMEOUT_S": "2",
          "QMS_KIOSK_RATE_LIMIT": "100000/1"}


def test_every_event_arrives_once_in_order_after_the_receiver_was_killed(tmp_path):
    centre = provision_demo(tmp_path / "instance")
    province = FakeProvince("province-secret-0123456789")
    server = LiveServer(centre.instance, env=SENDER).start()
    try:
        run = run_outage(server.url, centre, province, before_s=6, outage_s=OUTAGE_S,
                         after_s=6, interval_s=0.5, drain_timeout_s=60)
    finally:
        server.stop()
        province.kill()
    print("\n".join(summary(run, province)))
    assert run.tickets >= 40 and len(run.calls["down"]) >= 20
    expected = run.tickets * 3 - 1  # issued, called, served; the last is still being served
    assert (run.delivered, run.pending, run.dead) == (expected, 0, 0)
    assert len(province.events) == expected  # every idempotency key arrived
    assert province.repeats == 0  # and once: a refused connection is never a delivery
    assert province.out_of_order() == []
    assert province.bad_signatures == province.bad_bodies == 0
    assert run.backlog_peak > 0  # the outbox did hold the events while the province was away
