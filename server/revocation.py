"""Sockets whose login or device token was revoked are disconnected within a second.

Every process remembers who opened each of its sockets and checks them against the database
every ``REVOCATION_CHECK_S``: a revoked or re-issued device token, a device moved to another
site (it reconnects and joins its new site's rooms), a deactivated user, a changed password or
access (``token_version``), an ended or expired login session, an expired staff token. The
database is what every process shares, with or without a message queue, and it is also where
``qms device revoke`` (another process, with no socket server) writes.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from .background import every
from .extensions import socketio
from .models import Device, LoginSession, User, utcnow
from .storage import unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Holder:
    """Who opened a socket: a staff user (by token or login cookie) or a device."""

    user_id: int | None = None
    token_version: int | None = None
    login_key_hash: str | None = None
    device_id: int | None = None
    device_token_hash: str | None = None
    device_site_id: int | None = None
    expires_at: datetime | None = None  # a staff bearer token's end


# This process's sockets by (namespace, sid). Process-wide like the Socket.IO server that
# owns the sids; the disconnect and refusal paths run outside any app context.
_holders: dict[tuple[str, str], Holder] = {}


def hold(namespace: str, sid: str, user: User | None, device: Device | None,
         login_key_hash: str | None = None, expires_at: datetime | None = None) -> None:
    """Remember who opens the socket ``sid``; nobody (a citizen's phone) is not tracked."""
    if device is not None:
        holder = Holder(device_id=device.id, device_token_hash=device.token_hash,
                        device_site_id=device.site_id)
    elif user is not None:
        holder = Holder(user_id=user.id, token_version=user.token_version,
                        login_key_hash=login_key_hash, expires_at=expires_at)
    else:
        return
    _holders[(namespace, sid)] = holder


def release(namespace: str, sid: str) -> None:
    """Forget a socket that closed or was refused."""
    _holders.pop((namespace, sid), None)


def revoked(session: Session, holders: dict[tuple[str, str], Holder]) -> list[tuple[str, str]]:
    """Return the sockets among ``holders`` whose login or token no longer holds."""
    user_ids = {h.user_id for h in holders.values() if h.user_id is not None}
    device_ids = {h.device_id for h in holders.values() if h.device_id is not None}
    login_keys = {h.login_key_hash for h in holders.values() if h.login_key_hash}
    # Plain rows, not ORM objects: a province's 1,000 TVs are checked twice a second, and
    # building an object for each held the process for tens of milliseconds every time.
    users = {row.id: row for row in session.execute(
        select(User.id, User.active, User.token_version).where(User.id.in_(user_ids)))
    } if user_ids else {}
    devices = {row.id: row for row in session.execute(
        select(Device.id, Device.revoked_at, Device.token_hash, Device.site_id)
        .where(Device.id.in_(device_ids)))
    } if device_ids else {}
    live_logins = set(session.scalars(select(LoginSession.key_hash).where(
        LoginSession.key_hash.in_(login_keys), LoginSession.ended_at.is_(None),
        LoginSession.expires_at > utcnow()))) if login_keys else set()
    now = utcnow()
    return [key for key, holder in holders.items()
            if not _still_valid(holder, users, devices, live_logins, now)]


def _still_valid(holder: Holder, users: dict, devices: dict, live_logins: set,
                 now: datetime) -> bool:
    if holder.device_id is not None:
        device = devices.get(holder.device_id)
        return (device is not None and device.revoked_at is None
                and device.token_hash == holder.device_token_hash
                and device.site_id == holder.device_site_id)
    user = users.get(holder.user_id)
    if user is None or not user.active or user.token_version != holder.token_version:
        return False
    if holder.expires_at is not None and holder.expires_at <= now:
        return False
    return holder.login_key_hash is None or holder.login_key_hash in live_logins


def disconnect_revoked(app: Flask) -> int:
    """Disconnect this process's sockets whose login or token was revoked; return how many."""
    holders = dict(_holders)
    if not holders:
        return 0
    with unit_of_work(app) as session:
        gone = revoked(session, holders)
    for namespace, sid in gone:
        release(namespace, sid)
        socketio.server.disconnect(sid, namespace=namespace)
    if gone:
        log.info("disconnected %d socket(s) of revoked logins or devices", len(gone))
    return len(gone)


def start_revocation_checks(app: Flask) -> None:
    """Start the loop that disconnects revoked sockets (``REVOCATION_CHECK_S``)."""
    every(app, "REVOCATION_CHECK_S", disconnect_revoked, "revocation check")
