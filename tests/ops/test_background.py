"""The periodic background loop: a failing turn is logged and the loop goes on."""

import pytest
from flask import Flask

from server import background


class Stop(Exception):
    pass


def test_a_failing_turn_is_logged_and_the_next_one_runs(monkeypatch, caplog):
    turns, sleeps = [], []

    def work(app):
        turns.append(app.name)
        if len(turns) == 1:
            raise RuntimeError("database away")

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise Stop

    monkeypatch.setattr(background.socketio, "sleep", sleep)
    app = Flask("centre")
    app.config["CHECK_S"] = 7
    with pytest.raises(Stop):
        background._loop(app, "CHECK_S", work, "the test check")
    assert turns == ["centre", "centre"] and sleeps == [7, 7]
    assert "the test check failed; retrying" in caplog.text
