"""Time a clerk's round trips and the vote pad's wake-up, beside a bare /healthz request.

Run from the repository root: python -m bench.bench_counter_visit [--visits 100]
Starts a real server (eventlet, SQLite) on a free port in a temporary instance folder.
"""

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from tests.support.centre import provision_demo
from tests.support.clients import Api, Listener
from tests.support.server import LiveServer

with warnings.catch_warnings():  # provisioning builds the app, which imports eventlet
    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
    import eventlet  # noqa: F401


def percentiles(seconds: list[float]) -> str:
    """Format p50 and p99 of durations in milliseconds."""
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"p50 {1000 * statistics.median(ordered):8.2f} ms   p99 {1000 * p99:8.2f} ms"


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def run(api: Api, pad: Listener, pad_token: str, kiosk: str, clerk: str,
        visits: int) -> dict[str, list[float]]:
    """Serve ``visits`` citizens at counter 1, each rated on the pad; collect durations."""
    figures = {name: [] for name in ("healthz", "call-next", "finish", "pad wakes", "vote")}
    for _ in range(visits):
        figures["healthz"].append(timed(lambda: api.http.get(api.base_url + "/healthz"))[0])
        assert api.issue(kiosk, "DD").status_code == 201
        figures["call-next"].append(timed(lambda: api.counter(clerk, 1, "call-next"))[0])
        start = time.perf_counter()
        finished = api.counter(clerk, 1, "finish")
        figures["finish"].append(time.perf_counter() - start)
        ticket_id = finished.json()["id"]
        pad.wait_for("ticket_finished",
                     predicate=lambda event, wanted=ticket_id: event["id"] == wanted)
        figures["pad wakes"].append(time.perf_counter() - start)
        voted = timed(lambda: api.call("POST", "/api/v1/votes", pad_token, json={"rating": 4}))
        assert voted[1].status_code == 201, voted[1].text
        figures["vote"].append(voted[0])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        centre = provision_demo(Path(tmp))
        # One kiosk issues every ticket here, faster than its real rate limit allows.
        server = LiveServer(centre.instance, env={"QMS_KIOSK_RATE_LIMIT": "100000/60"}).start()
        try:
            api = Api(server.url)
            pad_token = centre.tokens["vote-pad"]
            pad = Listener(server.url, "/vote", pad_token, events=("pad", "ticket_finished"))
            clerk = api.staff_token("quay1", centre.password)
            figures = run(api, pad, pad_token, centre.tokens["kiosk"], clerk, args.visits)
            pad.close()
        finally:
            server.stop()
    print(f"{args.visits} visits at one counter (SQLite, eventlet, loopback):")
    for name, seconds in figures.items():
        label = "baseline GET /healthz" if name == "healthz" else name
        print(f"  {label:<24} {percentiles(seconds)}")
    print("  'pad wakes' = from sending finish to the pad's ticket_finished event")


if __name__ == "__main__":
    main()
