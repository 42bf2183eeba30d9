"""How a server process is set up to hold a province's sockets: its collector and its pool."""

import subprocess
import sys

import pytest

from server.app import create_app
from server.runner import YOUNG_COLLECTION_EVERY

pytestmark = [pytest.mark.live, pytest.mark.slow]

PG_URL = "postgresql+psycopg://qms@127.0.0.1:1/never-connected"


def test_the_built_application_is_frozen_out_of_the_collector():
    probe = ("import gc; from server.runner import shorten_collector_pauses; "
             "shorten_collector_pauses(); print(gc.get_freeze_count(), gc.get_threshold()[0])")
    frozen, young = subprocess.run([sys.executable, "-c", probe], capture_output=True,
                                   text=True, check=True).stdout.split()
    assert int(frozen) > 1000
    assert int(young) == YOUNG_COLLECTION_EVERY > 700


@pytest.mark.postgres
def test_postgresql_connections_are_kept_open_as_configured(tmp_path):
    app = create_app({"DATABASE_URL": PG_URL, "DB_POOL_SIZE": 7, "ASYNC_MODE": "threading"},
                     instance=tmp_path)
    pool = app.extensions["qms_engine"].pool
    assert (pool.size(), pool._max_overflow) == (7, 5)
    default = create_app({"DATABASE_URL": PG_URL, "ASYNC_MODE": "threading"}, instance=tmp_path)
    assert default.extensions["qms_engine"].pool.size() == 15
