"""The device-kind registry: one entry per kind, and everything else agrees with it."""

import tomllib
from pathlib import Path

import pytest

from admin.entities import ENTITIES
from server.app import _screens
from server.auth.guard import require_device
from server.device_kinds import DEVICE_KINDS, KINDS, device_kind

ROOT = Path(__file__).resolve().parent.parent


def test_every_screen_package_of_a_kind_is_installed_and_registered():
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"]["find"]["include"]
    registered = {screen.__name__ for screen in _screens()}
    for kind in KINDS.values():
        if kind.package:
            assert f"{kind.package}*" in include, kind.name
            assert kind.package in registered, kind.name


def test_a_route_for_an_unknown_kind_fails_when_defined():
    with pytest.raises(ValueError, match="unknown device kind 'vote_pad'"):
        require_device("vote_pad")


def test_the_admin_form_offers_each_kind_with_its_label():
    field = next(f for f in ENTITIES["devices"].fields if f.name == "kind")
    assert field.choices(None) == [(name, KINDS[name].label) for name in DEVICE_KINDS]
    assert dict(field.choices(None))["vote-pad"] == "Máy đánh giá"


def test_only_a_display_has_a_settings_model():
    from display.settings import DisplaySettings

    assert device_kind("display").settings_model() is DisplaySettings
    assert [k.name for k in KINDS.values() if k.settings_model() is not None] == ["display"]
