"""Writing and describing the admin audit trail."""

import json
from datetime import date, datetime, time

from server.device_kinds import KIND_LABELS
from server.engine.audit import record  # noqa: F401  (the admin's pages take it from here)
from server.engine.days import VIETNAM
from server.models import AdminAudit
from server.storage import db

from .entities import ENTITIES, ROLE_LABELS
from .hours import format_hours

# Audited values that are not form fields.
OTHER_LABELS = {"id": "Mã số", "revoked_at": "Thu hồi lúc", "token_version": "Phiên bản mã",
                "last_seen_at": "Lần cuối kết nối", "site": "Đơn vị", "week": "Tuần từ ngày",
                "shifts": "Số ca trực", "created": "Thêm mới", "updated": "Cập nhật"}
# What a row is called in the audit, from its audited values, best first.
NAME_KEYS = ("name", "full_name", "username", "code", "day", "site")
VALUE_LABELS = {"role": ROLE_LABELS, "kind": KIND_LABELS}


def json_value(value):
    """Make a field value JSON-safe for the audit (times as text, related rows as ids)."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, list):
        return sorted(getattr(item, "id", item) for item in value)
    return value


def snapshot(entity, obj) -> dict:
    """Return the audited fields of ``obj`` as a JSON-safe dict."""
    values = {"id": obj.id}
    for field in entity.fields:
        if field.kind != "password":
            values[field.name] = json_value(getattr(obj, field.name))
    return values


def subject(row: AdminAudit) -> str:
    """Name the changed row as people know it: “Hộ tịch” (#6), not a bare number."""
    values = row.after or row.before or {}
    name = next((values[key] for key in NAME_KEYS if values.get(key)), None)
    number = f"#{row.entity_id}" if row.entity_id is not None else ""
    if name is None:
        return number
    shown = readable("day", name) if name == values.get("day") else str(name)
    return f"“{shown}” ({number})" if number else f"“{shown}”"


def changes(row: AdminAudit) -> list[tuple[str, str, str]]:
    """Return ``(field label, before, after)``, in readable Vietnamese, for each field that
    differs in an audit row."""
    entity = ENTITIES.get(row.entity)
    fields = {field.name: field for field in entity.fields} if entity else {}
    before, after = row.before or {}, row.after or {}
    differing = [name for name in sorted(set(before) | set(after))
                 if before.get(name) != after.get(name)]
    return [(fields[name].label if name in fields else OTHER_LABELS.get(name, name),
             readable(name, before.get(name), fields.get(name)),
             readable(name, after.get(name), fields.get(name))) for name in differing]


def _choice_label(field, value) -> str | None:
    """The label a select or multi-select shows for a stored value (a site's name…)."""
    labels = {str(key): label for key, label in field.choices(db(), None)}
    if isinstance(value, list):
        return ", ".join(labels.get(str(item), f"#{item}") for item in value)
    return labels.get(str(value))


def readable(name: str, value, field=None) -> str:
    """Show one audited value as a clerk reads it: Có/Không, local dd/mm/yyyy HH:MM, labels."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if name in VALUE_LABELS:
        return VALUE_LABELS[name].get(value, str(value))
    if field is not None and field.choices is not None:
        label = _choice_label(field, value)
        if label is not None:
            return label
    if field is not None and field.kind == "contact" and isinstance(value, dict):
        labels = dict(field.parts)
        return "; ".join(f"{labels.get(key, key)}: {text}" for key, text in value.items()) or "–"
    if field is not None and field.kind == "hours":
        return format_hours(value) or "–"
    if field is not None and field.kind == "int" and isinstance(value, int):
        return str(value // field.unit_s)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, str):
        return _local_time(value)
    return str(value)


def _local_time(text: str) -> str:
    """Turn a stored ISO timestamp (UTC) or date into Vietnamese dd/mm/yyyy [HH:MM]."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if len(text) == 10:
        return moment.strftime("%d/%m/%Y")
    if moment.tzinfo is None:
        return text  # not a timestamp this audit writes (those carry their zone)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
