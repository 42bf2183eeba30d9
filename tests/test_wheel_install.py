"""The built wheel holds everything the program reads at run time: installed on its own (as
the Dockerfile does), ``qms init --demo`` and ``qms run`` work from the installed copy."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support.server import ROOT, free_port

pytestmark = [pytest.mark.live, pytest.mark.slow]


def _run(*args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)


def test_the_installed_wheel_initialises_a_demo_and_serves(tmp_path):
    wheels, target, instance = tmp_path / "wheels", tmp_path / "site", tmp_path / "instance"
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                 "-w", str(wheels), str(ROOT))
    assert built.returncode == 0, built.stderr[-2000:]
    wheel, = wheels.glob("qms-*.whl")
    installed = _run(sys.executable, "-m", "pip", "install", "--no-deps", "--target",
                     str(target), str(wheel))
    assert installed.returncode == 0, installed.stderr[-2000:]
    # The installed copy first, then this interpreter's dependencies; never the source tree.
    site_packages = [path for path in sys.path if path.endswith("site-packages")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *site_packages]),
           "QMS_INSTANCE": str(instance), "QMS_LOG_LEVEL": "WARNING"}
    where = _run(sys.executable, "-c", "import server; print(server.__file__)", env=env,
                 cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(target), where.stdout + where.stderr
    qms = [sys.executable, "-m", "server.cli"]
    demo = _run(*qms, "init", "--demo", "--password", "demo-forms-1", env=env, cwd=tmp_path)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    port = free_port()
    server = subprocess.Popen([*qms, "run", "--port", str(port), "--async-mode", "threading"],
                              env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline, healthy = time.monotonic() + 30, False
        while time.monotonic() < deadline and server.poll() is None and not healthy:
            try:
                healthy = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok
            except requests.RequestException:
                time.sleep(0.2)
        assert healthy, server.stderr.read()[-2000:] if server.poll() is not None else "no answer"
        services = requests.get(f"http://127.0.0.1:{port}/api/v1/procedures?q=khai+sinh",
                                timeout=5)
        assert services.status_code == 200 and "khai sinh" in services.text.lower()
        # The official forms' font comes from the installed package, not the system.
        staff = requests.post(f"http://127.0.0.1:{port}/api/v1/auth/token", timeout=5,
                              json={"username": "quay6", "password": "demo-forms-1"})
        assert staff.status_code == 200, staff.text
        outcome = requests.post(
            f"http://127.0.0.1:{port}/api/v1/counters/6/outcomes", timeout=10,
            headers={"Authorization": f"Bearer {staff.json()['token']}"},
            json={"kind": "refused", "procedure": "Đăng ký khai sinh",
                  "applicant_name": "Nguyễn Văn An", "reason": "Không thuộc thẩm quyền"})
        assert outcome.status_code == 201, outcome.text
        form = requests.get(f"http://127.0.0.1:{port}{outcome.json()['form_url']}", timeout=10,
                            headers={"Authorization": f"Bearer {staff.json()['token']}"})
        assert form.status_code == 200 and b"/FontFile2" in form.content
    finally:
        server.terminate()
        server.wait(10)
        server.stderr.close()
