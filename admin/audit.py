"""Writing and describing the admin audit trail."""

from datetime import date, datetime, time

from sqlalchemy.orm import Session

from server.models import AdminAudit, User


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


def record(session: Session, user: User, action: str, entity: str, entity_id: int | None,
           before: dict | None = None, after: dict | None = None) -> AdminAudit:
    """Add one audit row for a change made by ``user`` (committed with the change)."""
    row = AdminAudit(user_id=user.id, username=user.username, action=action, entity=entity,
                     entity_id=entity_id, before=before, after=after)
    session.add(row)
    return row


def changes(row: AdminAudit) -> list[tuple[str, object, object]]:
    """Return ``(field, before, after)`` for each field that differs in an audit row."""
    before, after = row.before or {}, row.after or {}
    return [(name, before.get(name), after.get(name))
            for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]
