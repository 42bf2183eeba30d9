"""The ``qms`` command as an operator uses it, in a subprocess against a fresh instance."""

import pytest
import requests

from tests.support.cli import qms

pytestmark = [pytest.mark.live, pytest.mark.slow]


def test_init_demo_then_device_and_user_commands(tmp_path):
    init = qms(tmp_path, "init", "--demo", "--password", "mat-khau-demo")
    assert init.returncode == 0, init.stderr
    assert init.stderr == ""  # a first run shows qms's own lines only, no library warning
    assert "Mã thiết bị kiosk" in init.stdout and "mat-khau-demo" in init.stdout
    assert (tmp_path / "demo.txt").read_text(encoding="utf-8").count("qmsd_") == 6  # two sites
    assert len(list((tmp_path / "forms").glob("*.docx"))) == 6  # the demo's form files

    added = qms(tmp_path, "device", "add", "--kind", "kiosk", "--name", "Sảnh phụ",
                "--printer", "network://127.0.0.1:9100")
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    assert token.startswith("qmsd_") and len(token) > 40

    integration = qms(tmp_path, "device", "add", "--kind", "integration", "--name", "Một cửa tỉnh")
    assert integration.returncode == 0, integration.stderr
    assert integration.stdout.strip().splitlines()[-1].startswith("qmsd_")

    pad = qms(tmp_path, "device", "add", "--kind", "vote-pad", "--name", "Đánh giá")
    assert pad.returncode != 0 and "--counter" in pad.stderr

    user = qms(tmp_path, "user", "add", "canbo", "--role", "clerk", "--password", "12345678x",
               "--site", "TPBK", "--counter", "3")
    assert user.returncode == 0, user.stderr
    again = qms(tmp_path, "user", "add", "canbo", "--role", "clerk", "--password", "12345678x")
    assert again.returncode != 0 and "already exists" in again.stderr
    assert vietnamese_first(again.stderr, "Tài khoản “canbo” đã có")

    second_init = qms(tmp_path, "init", "--demo")
    assert second_init.returncode != 0 and "already has sites" in second_init.stderr
    assert vietnamese_first(second_init.stderr, "Cơ sở dữ liệu đã có đơn vị")

    for args, vietnamese in [
        (("device", "add", "--kind", "kiosk", "--name", "K", "--site", "NOWHERE"),
         "Không có đơn vị mã “NOWHERE”"),
        (("device", "revoke", "999"), "Không có thiết bị số 999"),
        (("device", "set", "999", "layout=grid"), "Không có thiết bị số 999"),
        (("user", "add", "x", "--role", "clerk", "--password", "short"),
         "Mật khẩu cần ít nhất 8 ký tự"),
    ]:
        failed = qms(tmp_path, *args)
        assert failed.returncode != 0 and vietnamese_first(failed.stderr, vietnamese), args


def vietnamese_first(stderr: str, vietnamese: str) -> bool:
    """Tell whether the error line says ``vietnamese`` before its English ( / …)."""
    message = stderr.strip().splitlines()[-1].removeprefix("Error: ")
    return message.startswith(vietnamese) and " / " in message


def test_new_device_token_works_and_revoked_one_does_not(tmp_path):
    from tests.support.server import LiveServer

    assert qms(tmp_path, "init", "--demo", "--always-open",
               "--password", "mat-khau-demo").returncode == 0
    token = qms(tmp_path, "device", "add", "--kind", "kiosk", "--name", "K").stdout.split()[-1]
    server = LiveServer(tmp_path, async_mode="threading").start()
    try:
        url = server.url + "/api/v1/tickets"
        headers = {"Authorization": f"Bearer {token}"}
        assert requests.post(url, json={"service": "HT"}, headers=headers,
                             timeout=5).status_code == 201
        assert qms(tmp_path, "device", "revoke", "4").returncode == 0
        assert requests.post(url, json={"service": "HT"}, headers=headers,
                             timeout=5).status_code == 401
    finally:
        server.stop()
