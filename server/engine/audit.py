"""The admin audit trail's rows: every change an admin makes, from a page or the API."""

from sqlalchemy.orm import Session

from ..models import AdminAudit, User


def record(session: Session, user: User, action: str, entity: str, entity_id: int | None,
           before: dict | None = None, after: dict | None = None) -> AdminAudit:
    """Add one audit row for a change made by ``user`` (committed with the change)."""
    row = AdminAudit(user_id=user.id, username=user.username, action=action, entity=entity,
                     entity_id=entity_id, before=before, after=after)
    session.add(row)
    return row
