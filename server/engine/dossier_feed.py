"""The mapping file of a province system's dossier feed, and what it makes of one record.

A mapping file (TOML or JSON) says where the feed is, how to sign in, how it pages, where each
field sits in a record, which remote status is which of ours and how times are written, so a
new province's system is configuration, not code. Pure: no HTTP, no database.
"""

import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..models.dossier import DOSSIER_STATUSES
from .dossiers import EXTERNAL_CODE, normalise_code

AUTH_KINDS = ("none", "bearer", "basic", "header")
PAGING_KINDS = ("none", "page", "offset")
FIELDS = ("code", "procedure", "procedure_code", "applicant", "phone", "status", "received_at",
          "due", "returned_at", "updated_at", "site", "reason",
          # The steps between units (Mẫu 06): the list, then each step's unit and time in it.
          "handovers", "handover_unit", "handover_at")
MAX_HANDOVERS = 50
REQUIRED_FIELDS = ("code", "procedure", "status", "received_at")
# Java/.NET date patterns, as the one-stop systems document them, to strptime's.
_PATTERN_PARTS = {"yyyy": "%Y", "yy": "%y", "MM": "%m", "dd": "%d", "HH": "%H", "mm": "%M",
                  "ss": "%S", "SSS": "%f", "XXX": "%z", "Z": "%z", "'T'": "T"}
_PATTERN_TOKEN = re.compile("|".join(sorted(map(re.escape, _PATTERN_PARTS), key=len,
                                             reverse=True)))
MAX_TEXT = {"procedure": 500, "procedure_code": 64, "applicant": 200, "phone": 32,
            "reason": 500}


class MappingError(ValueError):
    """A mapping file that cannot be used; the message says which key and why."""


class RecordError(ValueError):
    """One record of the feed that cannot be applied; the run goes on without it."""


@dataclass(frozen=True)
class FeedMapping:
    """One source of dossier changes, as its mapping file describes it."""

    name: str
    url: str
    fields: dict[str, str]
    status_map: dict[str, str]
    site: str = ""
    site_map: dict[str, str] = field(default_factory=dict)
    auth: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    paging: dict = field(default_factory=dict)
    time_format: str = "iso"
    time_formats: dict[str, str] = field(default_factory=dict)
    since_format: str = "iso"
    timezone: str = "Asia/Ho_Chi_Minh"
    interval_s: float = 300.0
    timeout_s: float = 20.0
    max_pages: int = 20
    max_bytes: int = 5_000_000
    first_since_days: int = 1

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class FeedRecord:
    """One record of the feed in qms's terms, ready for ``upsert_from_software``."""

    code: str
    site_code: str
    procedure: str
    procedure_code: str
    applicant: str
    phone: str
    status: str
    reason: str
    received_at: datetime
    due: date | None
    returned_at: datetime | None
    updated_at: datetime | None
    handovers: tuple[tuple[str, datetime], ...] = ()


def load_mapping(path: Path) -> FeedMapping:
    """Read and check the mapping file at ``path`` (``.toml`` or ``.json``)."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as error:
        raise MappingError(f"{path.name}: cannot be read: {error}") from error
    return parse_mapping(raw, default_name=path.stem)


def parse_mapping(raw: dict, default_name: str = "feed") -> FeedMapping:
    """Check a mapping read from its file and return it."""
    if not isinstance(raw, dict):
        raise MappingError("the mapping must be a table of keys")
    request, paging = _table(raw, "request"), _table(raw, "paging")
    fields, status_map = _table(raw, "fields"), _table(raw, "status_map")
    missing = [name for name in REQUIRED_FIELDS if not fields.get(name)]
    if missing:
        raise MappingError(f"[fields] needs {', '.join(missing)}")
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise MappingError(f"[fields] has unknown keys: {', '.join(unknown)}")
    wrong = sorted({str(value) for value in status_map.values()} - set(DOSSIER_STATUSES))
    if wrong:
        raise MappingError(f"[status_map] maps to unknown statuses: {', '.join(wrong)}; "
                           f"use {', '.join(DOSSIER_STATUSES)}")
    if not status_map:
        raise MappingError("[status_map] is empty")
    auth = {key: str(value) for key, value in _table(raw, "auth").items()}
    if auth.get("kind", "none") not in AUTH_KINDS:
        raise MappingError(f"[auth] kind must be one of {', '.join(AUTH_KINDS)}")
    if paging.get("kind", "none") not in PAGING_KINDS:
        raise MappingError(f"[paging] kind must be one of {', '.join(PAGING_KINDS)}")
    if not str(request.get("url", "")).startswith(("http://", "https://")):
        raise MappingError("[request] url must start with http:// or https://")
    if not raw.get("site") and "site" not in fields:
        raise MappingError("say which site the records belong to: site = \"CODE\", or "
                           "[fields] site with [site_map]")
    try:
        mapping = FeedMapping(
            name=str(raw.get("name") or default_name)[:64], url=str(request["url"]),
            fields={key: str(value) for key, value in fields.items()},
            status_map={str(key): str(value) for key, value in status_map.items()},
            site=str(raw.get("site", "")), auth=auth,
            site_map={str(key): str(value) for key, value in _table(raw, "site_map").items()},
            headers={str(key): str(value) for key, value in _table(request, "headers").items()},
            paging=paging, time_format=str(raw.get("time_format", "iso")),
            time_formats={str(k): str(v) for k, v in _table(raw, "time_formats").items()},
            since_format=str(request.get("since_format", raw.get("time_format", "iso"))),
            timezone=str(raw.get("timezone", "Asia/Ho_Chi_Minh")),
            interval_s=float(raw.get("interval_s", 300)),
            timeout_s=float(raw.get("timeout_s", 20)),
            max_pages=int(raw.get("max_pages", 20)), max_bytes=int(raw.get("max_bytes", 5e6)),
            first_since_days=int(raw.get("first_since_days", 1)))
        mapping.zone  # noqa: B018 - an unknown zone fails here, not in the first run
    except (TypeError, ValueError, ZoneInfoNotFoundError) as error:
        raise MappingError(f"a value has the wrong type: {error}") from error
    return mapping


def _table(raw: dict, key: str) -> dict:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"[{key}] must be a table")
    return value


def value_at(data, path: str):
    """Return the value at a dotted ``path`` (``data.items``, ``agency.0.code``), or None."""
    for part in path.split(".") if path else ():
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def strptime_pattern(pattern: str) -> str:
    """Turn a pattern such as ``dd/MM/yyyy HH:mm:ss`` into strptime's ``%d/%m/%Y %H:%M:%S``."""
    return _PATTERN_TOKEN.sub(lambda match: _PATTERN_PARTS[match.group(0)], pattern)


def parse_time(value, time_format: str, zone: ZoneInfo) -> datetime:
    """Read a remote time: ``iso``, ``epoch_ms``, ``epoch_s`` or a date pattern.

    A time without its zone is in the mapping's ``timezone``; the result is aware UTC.
    """
    if time_format in ("epoch_ms", "epoch_s"):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"expected a number, got {type(value).__name__}")
        seconds = float(value) / (1000 if time_format == "epoch_ms" else 1)
        return datetime.fromtimestamp(seconds, UTC)
    if not isinstance(value, str):
        raise ValueError(f"expected a text, got {type(value).__name__}")
    text = value.strip()
    if time_format == "iso":
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    else:
        parsed = datetime.strptime(text, strptime_pattern(time_format))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)


def format_since(moment: datetime, mapping: FeedMapping) -> str:
    """Write ``moment`` as the feed's ``updated_since`` parameter wants it."""
    if mapping.since_format == "epoch_ms":
        return str(int(moment.timestamp() * 1000))
    if mapping.since_format == "epoch_s":
        return str(int(moment.timestamp()))
    local = moment.astimezone(mapping.zone)
    if mapping.since_format == "iso":
        return local.isoformat(timespec="seconds")
    return local.strftime(strptime_pattern(mapping.since_format))


def page_url(mapping: FeedMapping, since: datetime, page_index: int) -> str:
    """Fill the URL template for the ``page_index``-th page (0 first) since ``since``.

    Placeholders: ``{since}``, ``{page}``, ``{size}``, ``{offset}``, ``{end}``.
    """
    size = int(mapping.paging.get("size", 100))
    first = int(mapping.paging.get("first", 1))
    offset = page_index * size
    values = {"since": format_since(since, mapping), "page": first + page_index,
              "size": size, "offset": offset, "end": offset + size}
    return re.sub(r"\{(\w+)\}", lambda m: quote(str(values.get(m.group(1), m.group(0))), safe=""),
                  mapping.url)


def page_items(mapping: FeedMapping, body) -> tuple[list, int | None]:
    """Return the records of one page and the total the feed announces, if any."""
    items = value_at(body, mapping.paging.get("items", ""))
    if not isinstance(items, list):
        raise RecordError(f"the page has no list at '{mapping.paging.get('items', '')}'")
    total = value_at(body, mapping.paging["total"]) if mapping.paging.get("total") else None
    return items, total if isinstance(total, int) and not isinstance(total, bool) else None


def map_record(mapping: FeedMapping, raw) -> FeedRecord:
    """Make one feed record into qms's terms, or raise ``RecordError`` saying why not."""
    if not isinstance(raw, dict):
        raise RecordError(f"a record must be an object, got {type(raw).__name__}")
    code = normalise_code(_text(mapping, raw, "code"))
    if not EXTERNAL_CODE.fullmatch(code):
        raise RecordError(f"invalid code '{code[:70]}'")
    try:
        return _mapped(mapping, raw, code)
    except RecordError as error:
        if str(error).startswith(f"{code}: "):
            raise
        raise RecordError(f"{code}: {error}") from error


def _mapped(mapping: FeedMapping, raw: dict, code: str) -> FeedRecord:
    remote_status = value_at(raw, mapping.fields["status"])
    status = mapping.status_map.get(str(remote_status)) if remote_status is not None else None
    if status is None:
        raise RecordError(f"{code}: unknown status '{str(remote_status)[:40]}'")
    procedure = _text(mapping, raw, "procedure")
    if not procedure:
        raise RecordError(f"{code}: no procedure")
    received_at = _time(mapping, raw, "received_at", code)
    due = _time(mapping, raw, "due", code)
    return FeedRecord(
        code=code, site_code=_site(mapping, raw, code), procedure=procedure,
        procedure_code=_text(mapping, raw, "procedure_code"),
        applicant=_text(mapping, raw, "applicant"), phone=_text(mapping, raw, "phone"),
        status=status, reason=_text(mapping, raw, "reason"),
        received_at=received_at,
        due=due.astimezone(mapping.zone).date() if due else None,
        returned_at=_time(mapping, raw, "returned_at", code),
        updated_at=_time(mapping, raw, "updated_at", code),
        handovers=_handovers(mapping, raw, code))


def _handovers(mapping: FeedMapping, raw: dict, code: str) -> tuple[tuple[str, datetime], ...]:
    """Return the record's steps between units as (unit, time), when the mapping has them."""
    path = mapping.fields.get("handovers")
    steps = value_at(raw, path) if path else None
    if steps is None:
        return ()
    if not isinstance(steps, list):
        raise RecordError(f"{code}: field '{path}' (handovers) must be a list")
    unit_path = mapping.fields.get("handover_unit", "unit")
    at_path = mapping.fields.get("handover_at", "at")
    fields = {"handover_unit": unit_path, "handover_at": at_path}
    step_mapping = replace(mapping, fields=mapping.fields | fields)
    return tuple((_text(step_mapping, step, "handover_unit")[:200],
                  _time(step_mapping, step, "handover_at", code))
                 for step in steps[:MAX_HANDOVERS]
                 if isinstance(step, dict) and value_at(step, at_path) not in (None, ""))


def _text(mapping: FeedMapping, raw: dict, name: str) -> str:
    path = mapping.fields.get(name)
    value = value_at(raw, path) if path else None
    if value is None:
        return ""
    if isinstance(value, dict | list | bool):
        raise RecordError(f"field '{path}' ({name}) must be a text or a number, "
                          f"got {type(value).__name__}")
    return str(value).strip()[:MAX_TEXT.get(name, 64)]


def _time(mapping: FeedMapping, raw: dict, name: str, code: str) -> datetime | None:
    path = mapping.fields.get(name)
    value = value_at(raw, path) if path else None
    if value is None or value == "":
        if name == "received_at":
            raise RecordError(f"{code}: no {name}")
        return None
    time_format = mapping.time_formats.get(name, mapping.time_format)
    try:
        return parse_time(value, time_format, mapping.zone)
    except (ValueError, OverflowError, OSError) as error:
        raise RecordError(f"{code}: {name} '{str(value)[:40]}' is not {time_format}: "
                          f"{error}") from error


def _site(mapping: FeedMapping, raw: dict, code: str) -> str:
    if "site" not in mapping.fields:
        return mapping.site
    remote = _text(mapping, raw, "site")
    site = mapping.site_map.get(remote, mapping.site if not mapping.site_map else "")
    if not site:
        raise RecordError(f"{code}: no site for '{remote[:40]}' in [site_map]")
    return site


def first_since(mapping: FeedMapping, now: datetime) -> datetime:
    """Return where a source never pulled before starts: ``first_since_days`` ago."""
    return now - timedelta(days=mapping.first_since_days)
