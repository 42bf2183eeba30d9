"""The hashed lock files pin every dependency pyproject.toml declares, so installs repeat."""

import re
import tomllib

from tests.support.server import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pinned(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return {name.lower(): version for name, version
            in re.findall(r"^([A-Za-z0-9._-]+)==(\S+) \\$", text, re.MULTILINE)}


def _declared(*extras: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    return {_name(requirement) for requirement in wanted}


def test_run_lock_pins_what_the_server_needs():
    missing = _declared("gevent") - set(_pinned("run.txt"))
    assert not missing, f"run ./scripts/lock.sh: requirements/run.txt lacks {sorted(missing)}"


def test_test_lock_pins_what_the_suite_needs():
    missing = _declared("gevent", "test") - set(_pinned("test.txt"))
    assert not missing, f"run ./scripts/lock.sh: requirements/test.txt lacks {sorted(missing)}"


def test_every_pin_has_a_hash():
    for lock in ("run.txt", "test.txt"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        pins = re.findall(r"^\S+==\S+ \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text,
                          re.MULTILINE)
        assert len(pins) == len(_pinned(lock)) > 20
