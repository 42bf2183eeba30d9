"""``qms run`` picks an async mode the database driver does not block, and refuses one it does."""

import socket

import pytest
from click.testing import CliRunner

from server.cli import main
from server.runner import BlockingDriverError, choose_async_mode, listening_socket

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/qms"


@pytest.mark.parametrize(("requested", "url", "chosen"), [
    ("auto", "sqlite:////tmp/qms.sqlite3", "eventlet"),
    ("auto", PG, "gevent"),
    ("gevent", PG, "gevent"),
    ("threading", PG, "threading"),
    ("eventlet", "sqlite:////tmp/qms.sqlite3", "eventlet"),
])
def test_mode_chosen(requested, url, chosen):
    assert choose_async_mode(requested, url) == chosen


def test_eventlet_with_postgresql_is_refused():
    with pytest.raises(BlockingDriverError, match="gevent"):
        choose_async_mode("eventlet", PG)


def test_cli_refuses_before_starting(tmp_path, monkeypatch):
    monkeypatch.setenv("QMS_DATABASE_URL", PG)
    monkeypatch.setenv("QMS_INSTANCE", str(tmp_path))  # main() sets it; restored after
    result = CliRunner().invoke(main, ["--instance", str(tmp_path), "run",
                                       "--async-mode", "eventlet"])
    assert result.exit_code == 2
    assert "QMS_ASYNC_MODE=gevent" in result.output


def test_accepted_connections_do_not_wait_for_delayed_acks():
    listener = listening_socket("127.0.0.1", 0)
    with listener, socket.create_connection(listener.getsockname()):
        accepted, _ = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
