"""Per-display settings, stored in ``Device.settings`` (JSON) and sent in every snapshot."""

import json
import logging

from pydantic import ValidationError

from server.models import Device
from server.payloads.display import DisplaySettings

log = logging.getLogger(__name__)

def display_settings(device: Device | None) -> dict:
    """Return the device's settings with defaults filled in; bad stored values fall back."""
    stored = device.settings if device is not None and device.settings else {}
    try:
        return DisplaySettings.model_validate(stored).model_dump()
    except ValidationError as error:
        log.warning("display %s has invalid settings, using defaults: %s", device.id, error)
        return DisplaySettings().model_dump()


def apply_assignments(current: dict, assignments: list[str]) -> dict:
    """Apply ``key=value`` strings (values parsed as JSON, else taken as text); validate.

    ``key=`` with no value resets the key to its default. Raises ``ValueError``.
    """
    updated = dict(current or {})
    for assignment in assignments:
        key, sep, raw = assignment.partition("=")
        if not sep or not key:
            raise ValueError(f"cần dạng khoá=giá trị / expected key=value, got {assignment!r}")
        if raw == "":
            updated.pop(key, None)
            continue
        updated[key] = _parse_value(key, raw)
    try:
        return DisplaySettings.model_validate(updated).model_dump(exclude_defaults=True)
    except ValidationError as error:
        problems = ("{}: {}".format(".".join(map(str, item["loc"])), item["msg"])
                    for item in error.errors(include_url=False))
        raise ValueError("; ".join(problems)) from error


def _parse_value(key: str, raw: str):
    """Read a value as JSON, ``counters=1,2,3`` as a list, anything else as text."""
    if key == "counters" and raw not in ("null", "") and not raw.startswith("["):
        parts = [part.strip() for part in raw.split(",") if part.strip()]
        return [int(part) if part.isdigit() else part for part in parts]
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw
