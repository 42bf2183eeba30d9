"""Benchmark ticket printing: render, ESC/POS encode, and send to a fake TCP printer.

Usage: python bench/bench_printing.py [--tickets N] [--quick] [--width 576|384]
"""

import argparse
import socket
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

# Run as a plain script from anywhere: the packages live at the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from printers import TicketPrint, open_printer, render_ticket, ticket_commands  # noqa: E402
from tests.support.fake_printer import FakeEscposPrinter  # noqa: E402

SERVICES = ["Chứng thực, Hộ tịch", "Đăng ký kinh doanh", "Đất đai – Xây dựng", "Tư pháp"]


def make_ticket(index: int) -> TicketPrint:
    """Build the index-th sample ticket, varying what changes from ticket to ticket."""
    return TicketPrint(
        centre_name="Trung tâm Phục vụ Hành chính công tỉnh Quảng Nam",
        site_name="Điểm tiếp nhận Hội An",
        service_name=SERVICES[index % len(SERVICES)],
        number=f"{'ABCD'[index % 4]}{index + 1:03d}",
        issued_at=datetime.now(UTC),
        waiting_ahead=index % 17,
        estimated_wait_s=(index % 17) * 240,
        priority=index % 10 == 0,
        qr_url=f"https://qms.example.vn/t/{index:06d}",
        footer="Vui lòng chú ý màn hình và loa gọi số. Xin cảm ơn!",
    )


def timed(function, *args):
    """Return (result, seconds)."""
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def percentiles_ms(samples: list[float]) -> tuple[float, float]:
    """Return p50 and p99 in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def send_all(jobs: list[bytes], send) -> list[float]:
    """Send every job with `send`, returning the time each took."""
    return [timed(send, job)[1] for job in jobs]


def bench_sends(jobs: list[bytes]) -> tuple[list[float], list[float], float, float]:
    """Time jobs through NetworkPrinter and through a bare socket, each to its own fake printer."""
    with FakeEscposPrinter() as fake, open_printer(fake.uri, instance_path=".") as printer:
        started = time.perf_counter()
        printer_times = send_all(jobs, printer.send)
        assert fake.wait_for_cut(timeout=60, count=len(jobs)), "fake printer missed tickets"
        printer_total = time.perf_counter() - started
    with FakeEscposPrinter() as fake, socket.create_connection(("127.0.0.1", fake.port)) as raw:
        started = time.perf_counter()
        raw_times = send_all(jobs, raw.sendall)
        assert fake.wait_for_cut(timeout=60, count=len(jobs)), "fake printer missed tickets"
        raw_total = time.perf_counter() - started
    return printer_times, raw_times, printer_total, raw_total


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="20 tickets")
    parser.add_argument("--width", type=int, default=576, choices=(576, 384))
    args = parser.parse_args()
    count = 20 if args.quick else args.tickets

    render_ticket(make_ticket(0), args.width)  # load fonts outside the timings
    rendered = [timed(render_ticket, make_ticket(i), args.width) for i in range(count)]
    encoded = [timed(ticket_commands, image) for image, _ in rendered]
    jobs = [job for job, _ in encoded]
    printer_times, raw_times, printer_total, raw_total = bench_sends(jobs)

    rows = [
        ("render_ticket", [t for _, t in rendered]),
        ("ticket_commands (encode)", [t for _, t in encoded]),
        ("send via network:// printer", printer_times),
        ("baseline: raw socket sendall", raw_times),
    ]
    print(f"{count} tickets, {args.width} dots wide, python {sys.version.split()[0]}")
    print(f"{'step':<32}{'p50 ms':>9}{'p99 ms':>9}")
    for name, samples in rows:
        p50, p99 = percentiles_ms(samples)
        print(f"{name:<32}{p50:>9.2f}{p99:>9.2f}")
    sizes = [len(job) for job in jobs]
    print(f"bytes per ticket: mean {statistics.mean(sizes):,.0f}, max {max(sizes):,}")
    print(
        f"all {count} delivered (until last cut received): network:// {printer_total:.3f} s, "
        f"raw socket {raw_total:.3f} s"
    )


if __name__ == "__main__":
    main()
