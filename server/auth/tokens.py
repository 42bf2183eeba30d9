"""Bearer tokens: signed, expiring staff tokens and random, revocable device tokens."""

import hashlib
import secrets
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..models import Device, User, utcnow

DEVICE_PREFIX = "qmsd_"
_LAST_SEEN_EVERY = timedelta(seconds=60)


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="qms-staff-token")


def issue_staff_token(secret_key: str, user: User) -> str:
    """Sign a token for ``user``; bumping ``user.token_version`` revokes all of them."""
    return _serializer(secret_key).dumps({"u": user.id, "v": user.token_version})


def staff_from_token(session: Session, secret_key: str, token: str, max_age_s: int) -> User | None:
    """Return the active user a staff token names, or None if it is bad, old or revoked."""
    try:
        claims = _serializer(secret_key).loads(token, max_age=max_age_s)
    except BadSignature:
        return None
    if not isinstance(claims, dict):
        return None
    user = session.get(User, claims.get("u"))
    if user is None or not user.active or user.token_version != claims.get("v"):
        return None
    return user


def staff_token_expiry(secret_key: str, token: str, max_age_s: int):
    """Return when a valid staff token stops being accepted (UTC), or None if it is bad."""
    try:
        _claims, signed_at = _serializer(secret_key).loads(token, max_age=max_age_s,
                                                           return_timestamp=True)
    except BadSignature:
        return None
    return signed_at + timedelta(seconds=max_age_s)


def new_device_token() -> tuple[str, str]:
    """Return a fresh device token and the hash stored for it."""
    token = DEVICE_PREFIX + secrets.token_urlsafe(32)
    return token, hash_device_token(token)


def hash_token(token: str) -> str:
    """Hash a random token (a device's, a login cookie's) for storage and look-up."""
    return hashlib.sha256(token.encode()).hexdigest()


def hash_device_token(token: str) -> str:
    """Hash a device token for storage and look-up."""
    return hash_token(token)


def device_from_token(session: Session, token: str) -> Device | None:
    """Return the unrevoked device holding ``token``, noting when it was last seen."""
    if not token.startswith(DEVICE_PREFIX):
        return None
    device = session.scalar(select(Device).options(joinedload(Device.site))
                            .where(Device.token_hash == hash_device_token(token)))
    if device is None or device.revoked_at is not None:
        return None
    note_seen(device)
    return device


def note_seen(device: Device) -> None:
    """Stamp when ``device`` was last seen, at most once a minute.

    A minute is all the admin's "last connected" needs; a write at every TV heartbeat would
    be a province's thousand TVs committing (one fsync each on SQLite) 67 times a second.
    """
    now = utcnow()
    if device.last_seen_at is None or now - device.last_seen_at > _LAST_SEEN_EVERY:
        device.last_seen_at = now
