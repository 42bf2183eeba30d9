"""Server-side login sessions: opened at sign-in, ended at logout or a password change."""

import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import LoginSession, User, utcnow
from .tokens import hash_token


def open_login(session: Session, user: User, max_age_s: int) -> str:
    """Record a new sign-in of ``user`` and return the key its cookie carries."""
    key = secrets.token_urlsafe(32)
    session.add(LoginSession(key_hash=hash_token(key), user_id=user.id,
                             expires_at=utcnow() + timedelta(seconds=max_age_s)))
    return key


def find_login(session: Session, key: str) -> LoginSession | None:
    """Return the live sign-in a cookie's key names: not ended, not expired."""
    login = session.scalar(select(LoginSession).where(LoginSession.key_hash == hash_token(key)))
    if login is None or login.ended_at is not None or login.expires_at <= utcnow():
        return None
    return login


def end_login(session: Session, key: str) -> None:
    """End one sign-in (logout): its cookie stops working, wherever it was copied."""
    session.execute(update(LoginSession)
                    .where(LoginSession.key_hash == hash_token(key),
                           LoginSession.ended_at.is_(None))
                    .values(ended_at=utcnow()))


def end_user_logins(session: Session, user_id: int) -> None:
    """End every sign-in of a user (new password, deactivation, changed access)."""
    session.execute(update(LoginSession)
                    .where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
                    .values(ended_at=utcnow()))
