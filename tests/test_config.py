"""Configuration: defaults, the instance file, QMS_* variables, test overrides — in that order."""

from server.config import load_config


def test_layers_override_in_order(tmp_path, monkeypatch):
    (tmp_path / "qms.toml").write_text(
        'centre_name = "Một cửa huyện"\ncall_debounce_s = 1.5\nkiosk_rate_limit = "10/60"\n',
        encoding="utf-8")
    monkeypatch.setenv("QMS_CALL_DEBOUNCE_S", "3")
    monkeypatch.setenv("QMS_SECRET_KEY", "12345")
    monkeypatch.setenv("QMS_PRINTER_CHECK_S", "7.5")
    config = load_config(tmp_path, {"KIOSK_RATE_LIMIT": "99/1"})
    assert config["CENTRE_NAME"] == "Một cửa huyện"  # instance file
    assert config["CALL_DEBOUNCE_S"] == 3  # environment beats the file, as a number
    assert config["SECRET_KEY"] == "12345"  # text keys stay text
    assert config["PRINTER_CHECK_S"] == 7.5  # keys owned by features are typed too
    assert config["KIOSK_RATE_LIMIT"] == "99/1"  # test overrides win
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'qms.sqlite3'}"


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("QMS_SECRET_KEY", raising=False)
    first = load_config(tmp_path)["SECRET_KEY"]
    assert len(first) > 40 and load_config(tmp_path)["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
