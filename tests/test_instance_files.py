"""The instance folder and what qms writes into it are private to the service's user."""

import os
import stat
import subprocess
import sys

import pytest

from tests.support.clients import Api
from tests.support.server import ROOT, LiveServer
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.live, pytest.mark.slow]


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def qms(*args, instance, **env):
    environment = {**os.environ, "QMS_INSTANCE": str(instance), "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=120)


def test_init_creates_a_new_private_instance_folder_with_a_given_secret_key(tmp_path):
    instance = tmp_path / "moi" / "instance"
    done = qms("init", "--demo", instance=instance, QMS_SECRET_KEY="khoa-bi-mat-cua-trung-tam")
    assert done.returncode == 0, done.stderr
    assert mode(instance) == 0o700
    assert mode(instance / "demo.txt") == 0o600 and mode(instance / "qms.sqlite3") == 0o600
    assert not (instance / "secret_key").exists()  # the given key is used, none generated


def test_running_server_writes_private_files(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)  # as 0.1.0 left it
    assert qms("init", "--demo", "--always-open", instance=instance).returncode == 0
    tokens = dict(line.split(": ", 1) for line in (instance / "demo.txt").read_text()
                  .splitlines() if line.startswith("Mã thiết bị kiosk"))
    server = LiveServer(instance).start()
    try:
        issued = Api(server.url).issue(next(iter(tokens.values())).strip(), "DD")
        assert issued.status_code == 201, issued.text
        previews = instance / "tickets-preview"
        wait_until(lambda: previews.exists() and any(previews.iterdir()))
        written = [instance / "secret_key", instance / "qms.sqlite3", *previews.iterdir(),
                   *instance.glob("qms.sqlite3-*")]
        assert {path.name: mode(path) for path in written} == {
            path.name: 0o600 for path in written}
        assert mode(instance) == 0o700 and mode(previews) == 0o700
    finally:
        server.stop()
