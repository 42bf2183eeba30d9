"""What the benches share: a provisioned centre behind live servers, and how figures print."""

import argparse
import statistics
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.support.centre import Centre, provision_demo
from tests.support.postgres import temporary_database
from tests.support.server import LiveServer

# Every simulated device connects from 127.0.0.1: no per-address socket cap.
BENCH_ENV = {"QMS_KIOSK_RATE_LIMIT": "100000/1", "QMS_BENCH_ENDPOINTS": "1",
             "QMS_SOCKET_MAX_PER_ADDRESS": "0"}


def sizes(doc: str, quick_help: str,
          **sizes: tuple[int, int] | tuple[float, float]) -> argparse.Namespace:
    """Parse ``--NAME N`` for each of ``sizes`` (name → (default, quick), an int or a float;
    ``_`` in a name is ``-`` on the command line) and ``--quick``, which takes the quick
    value of every size not given (a short run, for CI)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    for name, (default, _quick) in sizes.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=None,
                            help=f"default {default}")
    parser.add_argument("--quick", action="store_true", help=quick_help)
    args = parser.parse_args()
    for name, (default, quick) in sizes.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else default)
    return args


@contextmanager
def servers(count: int = 1, database: str = "sqlite", redis_url: str | None = None,
            async_mode: str | None = None,
            extra_env: dict | None = None,
            prepare: Callable[[Centre], None] | None = None,
            ) -> Iterator[tuple[Centre, list[LiveServer]]]:
    """Start ``count`` servers on one demo centre; several share PostgreSQL and Redis.

    ``prepare(centre)`` adds to the centre's database before the servers start.
    """
    with ExitStack() as stack:
        instance = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="qms-bench-")))
        env = {**BENCH_ENV, **(extra_env or {})}
        url = stack.enter_context(temporary_database()) if database == "postgresql" else None
        if url:
            env["QMS_DATABASE_URL"] = url
        if redis_url:
            env.update(QMS_MESSAGE_QUEUE=redis_url,
                       QMS_MESSAGE_QUEUE_CHANNEL=f"qms-bench-{instance.name}")
        centre = provision_demo(instance, url)
        if prepare is not None:
            prepare(centre)
        mode = async_mode or ("gevent" if url else "eventlet")
        started = []
        for _ in range(count):
            server = LiveServer(instance, async_mode=mode, env=env)
            stack.callback(server.stop)
            started.append(server.start())
        yield centre, started


def rss_mib(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def latency_line(label: str, seconds: list[float], wall_s: float | None = None) -> str:
    """Format count, throughput, p50 and p99 of durations in milliseconds."""
    rate = f"{len(seconds) / wall_s:8.1f} req/s" if wall_s else " " * 14
    return (f"  {label:<34} n={len(seconds):<6} {rate}   p50 "
            f"{1000 * statistics.median(seconds):7.2f} ms   p99 "
            f"{1000 * percentile(seconds, 0.99):7.2f} ms")
