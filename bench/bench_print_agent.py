"""Benchmark slips through ``qms print-agent`` beside the server's own spooler (baseline).

A live server with default settings, two kiosks: one printing through a real agent process,
one through the server's spooler to a network printer (the baseline); each prints to its own
capture printer on 127.0.0.1. Measured: from the kiosk's 201 to the slip's cut at the
printer, one ticket at a time; then a burst of tickets until the last cut.

Usage: python bench/bench_print_agent.py [--tickets N] [--quick]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a plain script from anywhere: the packages live at the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.kiosk.agent_support import AgentProcess  # noqa: E402
from tests.support.centre import provision_demo  # noqa: E402
from tests.support.clients import Api  # noqa: E402
from tests.support.fake_printer import FakeEscposPrinter  # noqa: E402
from tests.support.server import LiveServer  # noqa: E402


def slip_latencies(api: Api, token: str, printer: FakeEscposPrinter, count: int) -> list[float]:
    """Issue one ticket at a time; return seconds from each 201 to its cut."""
    samples = []
    for index in range(count):
        response = api.issue(token, "DD")
        assert response.status_code == 201, response.text
        answered = time.perf_counter()
        assert printer.wait_for_cut(timeout=60, count=index + 1), "slip never printed"
        samples.append(time.perf_counter() - answered)
    return samples


def burst_seconds(api: Api, token: str, printer: FakeEscposPrinter, count: int) -> float:
    """Issue ``count`` tickets back to back; return seconds until the last cut."""
    printer.clear()
    started = time.perf_counter()
    for _ in range(count):
        assert api.issue(token, "XD").status_code == 201
    assert printer.wait_for_cut(timeout=120, count=count), "burst not printed"
    return time.perf_counter() - started


def percentiles_ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="5 tickets")
    args = parser.parse_args()
    count = 5 if args.quick else args.tickets
    folder = Path(tempfile.mkdtemp(prefix="bench-agent-"))
    centre = provision_demo(folder / "instance")
    with FakeEscposPrinter() as through_agent, FakeEscposPrinter() as direct:
        agent_token = centre.add_device("kiosk", "KA", printer_uri="agent://")
        direct_token = centre.add_device("kiosk", "KN", printer_uri=direct.uri)
        server = LiveServer(centre.instance,
                            env={"QMS_KIOSK_RATE_LIMIT": f"{4 * count + 20}/60"}).start()
        agent = AgentProcess(server.url, agent_token, through_agent.uri, folder).start()
        try:
            api = Api(server.url)
            for token, printer in ((agent_token, through_agent), (direct_token, direct)):
                slip_latencies(api, token, printer, 1)  # fonts and connections warm
                printer.clear()
            rows = [("through the agent", slip_latencies(api, agent_token, through_agent, count)),
                    ("baseline: server spooler", slip_latencies(api, direct_token, direct, count))]
            bursts = [burst_seconds(api, agent_token, through_agent, count),
                      burst_seconds(api, direct_token, direct, count)]
        finally:
            agent.stop()
            server.stop()
    print(f"{count} slips each, one at a time: from the kiosk's 201 to the cut at the printer")
    for name, samples in rows:
        print(f"  {name:<26}{percentiles_ms(samples)}")
    print(f"burst of {count} tickets, until the last cut: agent {bursts[0]:.2f} s, "
          f"baseline {bursts[1]:.2f} s")


if __name__ == "__main__":
    main()
