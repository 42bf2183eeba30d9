"""The province's system goes away for 5 minutes under a steady load of calls.

One ``qms run`` (eventlet + SQLite) sends webhooks to a fake province on 127.0.0.1
(tests/support/province.py). Every ``--interval-s`` a kiosk issues a ticket and counter 1
calls the next (finishing the one before): ``--before-s`` with the receiver up (the
baseline), ``--outage-s`` (default 300: five minutes) with it killed, ``--after-s`` back up.
Printed: call-next p50/p99 per phase beside the baseline, the outbox's peak backlog, how
long it took to empty once the receiver was back, and what the province received (distinct
idempotency keys, repeats, tickets out of order, bad signatures).

The sender's retry pause is capped at ``--retry-cap-s`` (30 s here; 1 h by default in
production, where the backlog then goes at the next retry, up to an hour after the return).

    .venv/bin/python -m bench.bench_webhook_outage             # the real 5 minutes, ~7 min
    .venv/bin/python -m bench.bench_webhook_outage --quick     # 20 s outage
"""

import os
import time

from tests.support.province import FakeProvince, run_outage, summary

from .harness import servers, sizes


def main() -> None:
    args = sizes(__doc__, "a 20 s outage, 5 s either side", outage_s=(300.0, 20.0),
                 before_s=(60.0, 5.0), after_s=(60.0, 5.0), interval_s=(0.5, 0.5),
                 retry_cap_s=(30.0, 30.0))
    env = {"QMS_WEBHOOK_POLL_S": "0.5", "QMS_CALL_DEBOUNCE_S": "0",
           "QMS_WEBHOOK_RETRY_S": "5",
           "QMS_WEBHOOK_RETRY_CAP_S": str(args.retry_cap_s), "QMS_WEBHOOK_TIMEOUT_S": "5"}
    print(f"webhook outage: receiver killed {args.outage_s:.0f} s under one issue + call "
          f"every {args.interval_s} s (eventlet + SQLite, load {os.getloadavg()[0]:.1f})")
    province = FakeProvince("bench-province-secret-0123")
    began = time.monotonic()
    try:
        with servers(extra_env=env) as (centre, [server]):
            run = run_outage(server.url, centre, province, before_s=args.before_s,
                             outage_s=args.outage_s, after_s=args.after_s,
                             interval_s=args.interval_s,
                             drain_timeout_s=args.retry_cap_s * 4 + 120)
    finally:
        province.kill()
    for line in summary(run, province):
        print(line)
    print(f"  wall {time.monotonic() - began:.0f} s, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
