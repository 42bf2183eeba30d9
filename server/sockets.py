"""Shared Socket.IO plumbing: who is connecting, and payload validation for every event."""

import json
import logging
from functools import wraps

from flask import current_app, request, session
from flask_socketio import Namespace
from pydantic import BaseModel, ValidationError
from socketio.exceptions import ConnectionRefusedError

from .auth.guard import user_from_cookie
from .auth.tokens import (
    DEVICE_PREFIX,
    device_from_token,
    hash_token,
    staff_from_token,
    staff_token_expiry,
)
from .engine import QueueError
from .errors import (
    DATABASE_UNAVAILABLE,
    ApiError,
    database_unavailable,
    from_queue_error,
    from_validation_error,
)
from .models import Device, User
from .revocation import hold, release
from .socket_guard import guard_of
from .storage import db

log = logging.getLogger(__name__)


def refuse(code: str, message: str, message_en: str) -> ConnectionRefusedError:
    """Build the error that refuses a connection with a clear reason.

    It must be Socket.IO's exception: for the built-in one the client only hears a generic
    "Connection refused by server". The client gets ``err.data = {code, message, message_en}``.
    """
    return ConnectionRefusedError(message, {"code": code, "message": message,
                                            "message_en": message_en})


def connecting_principal(auth) -> tuple[User | None, Device | None]:
    """Identify a connecting socket from ``auth={"token": …}`` or the login cookie.

    The socket is remembered with who opened it, so revoking that login or token later
    disconnects it (server/revocation.py).
    """
    user, device, login_key = _principal(auth)
    hold(request.namespace, request.sid, user, device,
         hash_token(login_key) if user is not None and login_key else None,
         expires_at=_token_expiry(auth) if user is not None and not login_key else None)
    return user, device


def _principal(auth) -> tuple[User | None, Device | None, str | None]:
    token = _token(auth)
    if token is None:
        key = session.get("sid")
        return user_from_cookie(), None, key if isinstance(key, str) else None
    if token.startswith(DEVICE_PREFIX):
        return None, device_from_token(db(), token), None
    config = current_app.config
    user = staff_from_token(db(), config["SECRET_KEY"], token, config["TOKEN_MAX_AGE_S"])
    return user, None, None


def _token(auth) -> str | None:
    token = auth.get("token") if isinstance(auth, dict) else None
    return token if isinstance(token, str) and token else None


def _token_expiry(auth):
    """When the staff token the socket opened with expires: the socket is closed then."""
    config = current_app.config
    return staff_token_expiry(config["SECRET_KEY"], _token(auth) or "",
                              config["TOKEN_MAX_AGE_S"])


def error_reply(error: ApiError) -> dict:
    """Render an error the way every socket ack carries it."""
    return error.to_dict()


def _too_large(payload, extra: tuple) -> bool:
    """Tell whether an event's arguments exceed MAX_CONTENT_LENGTH once serialised.

    Engine.IO drops the whole connection only past its larger hard cap (see server/app.py);
    below that the client gets this clear error and stays connected.
    """
    size = len(json.dumps([payload, *extra], default=str))
    return size > current_app.config["MAX_CONTENT_LENGTH"]


def validated_event(model: type[BaseModel]):
    """Validate an event's payload against ``model``; answer errors in the ack and an
    ``error`` event instead of raising, so a bad client never takes the server down."""
    def decorator(handler):
        @wraps(handler)
        def wrapper(self, payload=None, *extra):
            try:
                if _too_large(payload, extra):
                    raise ApiError(413, "payload_too_large", "Dữ liệu gửi lên quá lớn.",
                                   "The event payload is too large.")
                if payload is None:
                    payload = {}
                if not isinstance(payload, dict) or extra:
                    raise ApiError(422, "invalid_payload", "Dữ liệu sự kiện không hợp lệ.",
                                   "The event payload must be one JSON object.")
                return handler(self, model.model_validate(payload))
            except ValidationError as error:
                return self.reply_error(from_validation_error(error))
            except QueueError as error:
                db().rollback()
                return self.reply_error(from_queue_error(error))
            except ApiError as error:
                db().rollback()
                return self.reply_error(error)
        return wrapper
    return decorator


class ValidatingNamespace:
    """Mixin for namespaces: unknown events and bad payloads get an ``error`` event."""

    def reply_error(self, error: ApiError, sid: str | None = None) -> dict:
        """Send ``error`` to the client as an ``error`` event and return it for the ack."""
        reply = error_reply(error)
        self.emit("error", reply, room=sid or request.sid)
        return reply

    def trigger_event(self, event, *args):
        # Runs outside the request context (Flask-SocketIO pushes it per handler call), so the
        # sid comes from ``args`` and the session is already closed, hence rolled back.
        sid = args[0] if args else None
        handler_name = "on_" + (event or "")
        lifecycle = event in ("connect", "disconnect")
        if (lifecycle and self.server.manager.is_connected(sid, self.namespace)) or (
                not lifecycle and not hasattr(self, handler_name)):
            # A real connect or disconnect runs while the socket is half-connected; a client
            # sending an event of that name is an ordinary, unknown event.
            return self.reply_error(ApiError(400, "unknown_event", "Sự kiện không được hỗ trợ.",
                                             f"Unknown event '{event}'."), sid)
        if event == "disconnect":
            release(self.namespace, sid)
        try:
            accepted = super().trigger_event(event, *args)
        except ConnectionRefusedError:
            release(self.namespace, sid)
            raise
        except DATABASE_UNAVAILABLE:
            log.warning("socket event %s: database unavailable", event, exc_info=True)
            unavailable = database_unavailable()
            if event == "connect":
                release(self.namespace, sid)
                raise refuse(unavailable.code, unavailable.message,
                             unavailable.message_en) from None
            return self.reply_error(unavailable, sid)
        except Exception:
            log.exception("socket event %s failed", event)
            if event == "connect":  # accepting it would leave a screen connected but dead
                release(self.namespace, sid)
                raise refuse("internal_error", "Lỗi hệ thống, đang thử kết nối lại.",
                             "Internal error; reconnecting.") from None
            return self.reply_error(ApiError(500, "internal_error", "Lỗi hệ thống.",
                                             "Internal error."), sid)
        if event == "connect" and accepted is False:
            release(self.namespace, sid)
        elif event in ("connect", "disconnect"):
            self._note_membership(event, sid)
        return accepted

    def _note_membership(self, event: str, sid: str) -> None:
        """Tell the socket guard that the connection joined or left a namespace."""
        guard = guard_of(self.server)
        eio_sid = self.server.manager.eio_sid_from_sid(sid, self.namespace)
        if guard is None or eio_sid is None:
            return
        if event == "connect":
            guard.joined(eio_sid)
        else:
            guard.left(eio_sid)


class TrackingNamespace(ValidatingNamespace, Namespace):
    """A namespace that remembers what each of this process's sockets stands for
    (``connected``, by socket id: a screen, an agent's kiosk, a site, a followed ticket)."""

    def __init__(self, namespace: str):
        super().__init__(namespace)
        self.connected: dict = {}

    def on_disconnect(self, reason=None):
        """Forget the socket, so reconnects never leave stale entries behind."""
        self.connected.pop(request.sid, None)
