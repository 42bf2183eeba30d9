"""The announcement audio endpoint and per-display settings (model, CLI)."""

import io
import wave

import pytest

from display.settings import DisplaySettings, apply_assignments, display_settings
from server.models import Device
from tests.support.display import device_id, device_with_token


@pytest.fixture(scope="module")
def http(centre):
    app = centre.app()
    yield app.test_client()
    app.extensions["qms_engine"].dispose()


def test_call_audio_is_a_plausible_wav(http):
    response = http.get("/display/audio/1023/3.wav?site=TPBK")
    assert response.status_code == 200
    assert response.mimetype == "audio/wav"
    with wave.open(io.BytesIO(response.data)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
    # chime + "Xin mời số một nghìn không trăm hai mươi ba đến quầy ba"
    assert 3.0 < seconds < 15.0


def test_longer_numbers_take_longer(http):
    def seconds(path):
        with wave.open(io.BytesIO(http.get(path).data)) as audio:
            return audio.getnframes() / audio.getframerate()

    assert seconds("/display/audio/1023/3.wav") > seconds("/display/audio/5/3.wav")


@pytest.mark.parametrize("path", ["/display/audio/10%2023/3.wav", "/display/audio/"
                                  "12345678901234567/3.wav", "/display/audio/12/10000.wav"])
def test_bad_numbers_are_refused_with_json(http, path):
    response = http.get(path)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_number"


def test_tv_page_is_served_without_login(http):
    response = http.get("/display/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Màn hình chưa được cài đặt" in page
    assert "vendor/socket.io.min.js" in page and "cdn" not in page.lower()
    with http.get("/static/vendor/socket.io.min.js") as script:
        assert script.status_code == 200 and b"Socket.IO v4" in script.data


def test_settings_defaults_and_bad_stored_values():
    assert display_settings(None)["layout"] == "grid"
    device = Device(id=7, settings={"layout": "spiral"})
    assert display_settings(device) == DisplaySettings().model_dump()


@pytest.mark.parametrize("assignments, expected", [
    (["counters=1,2,3"], {"counters": [1, 2, 3]}),
    (["counters=[4]", "layout=list"], {"counters": [4], "layout": "list"}),
    (["language=en", "voice=false", "last_calls=3"],
     {"language": "en", "voice": False, "last_calls": 3}),
    (["layout=grid"], {}),  # a default is not stored
])
def test_assignments(assignments, expected):
    assert apply_assignments({}, assignments) == expected


@pytest.mark.parametrize("assignment", ["layout=table", "last_calls=50", "colour=red",
                                        "counters=a,b", "novalue"])
def test_bad_assignments_are_refused(assignment):
    with pytest.raises(ValueError):
        apply_assignments({}, [assignment])


def test_cli_sets_and_lists_display_settings(centre, qms_command):
    display_id = str(device_id(centre, "display"))
    result = qms_command("device", "set", display_id, "counters=1,2", "language=en")
    assert result.exit_code == 0, result.output
    with device_with_token(centre, centre.tokens["display"]) as device:
        # the demo TV posts the public board when idle; the new keys join that setting
        assert device.settings == {"board": "rotate", "counters": [1, 2], "language": "en"}
    listing = qms_command("device", "list").output
    assert '"language": "en"' in listing
    refused = qms_command("device", "set", display_id, "layout=table")
    assert refused.exit_code != 0 and "layout" in refused.output
