"""Several ``qms run`` processes sharing one PostgreSQL database and one Redis queue."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.centre import Centre, provision_demo
from tests.support.postgres import temporary_database
from tests.support.server import LiveServer

from .services import RedisServer, unique_channel


@contextmanager
def cluster(instance: Path, redis_url: str, size: int = 2,
            env: dict | None = None) -> Iterator[tuple[Centre, list[LiveServer]]]:
    """Provision a demo centre on a fresh PostgreSQL database and start ``size`` processes
    (gevent) on it, joined through ``redis_url`` on a channel of their own."""
    with temporary_database() as database_url:
        centre = provision_demo(instance, database_url)
        shared = {"QMS_DATABASE_URL": database_url, "QMS_MESSAGE_QUEUE": redis_url,
                  "QMS_MESSAGE_QUEUE_CHANNEL": unique_channel(), **(env or {})}
        servers = []
        try:
            for _ in range(size):
                servers.append(LiveServer(instance, async_mode="gevent", env=shared).start())
            yield centre, servers
        finally:
            for server in servers:
                server.stop()


@contextmanager
def cluster_with_own_redis(folder: Path) -> Iterator[tuple[RedisServer, Centre, list[LiveServer]]]:
    """Two processes joined through a Redis server of their own, started in ``folder``,
    that the test may stop and start again without disturbing other suites."""
    redis = RedisServer(folder).start()
    try:
        with cluster(folder / "instance", redis.url) as (centre, servers):
            yield redis, centre, servers
    finally:
        redis.stop()
