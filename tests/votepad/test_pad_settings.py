"""Vote pad settings: reasons and time-outs from config, device settings over config."""

import pytest

from server.models import Counter, Device
from server.payloads import DEFAULT_VOTE_REASONS, PadSettings, vote_window_s


@pytest.fixture(scope="module")
def app(centre):
    app = centre.app(VOTE_REASONS="Chờ lâu | Phí cao |", VOTE_WINDOW_S="90")
    yield app
    app.extensions["qms_engine"].dispose()


def pad(**settings) -> Device:
    return Device(kind="vote-pad", name="pad", settings=settings,
                  counter=Counter(number=3, name="Quầy 3"))


def test_reasons_and_window_come_from_qms_variables(app):
    with app.app_context():
        settings = PadSettings.of(pad()).dump()
        assert settings["reasons"] == ["Chờ lâu", "Phí cao"]
        assert (settings["counter"], settings["counter_name"]) == (3, "Quầy 3")
        assert vote_window_s() == 90.0


def test_device_settings_win_over_config(app):
    with app.app_context():
        settings = PadSettings.of(pad(vote_reasons=["Ồn ào"], vote_timeout_s=15)).dump()
        assert settings["reasons"] == ["Ồn ào"] and settings["timeout_s"] == 15.0


def test_defaults_without_config(centre):
    app = centre.app()
    try:
        with app.app_context():
            assert PadSettings.of(pad()).reasons == DEFAULT_VOTE_REASONS
            assert vote_window_s() == 600.0
    finally:
        app.extensions["qms_engine"].dispose()
