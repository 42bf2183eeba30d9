"""Shared Socket.IO plumbing: who is connecting, and payload validation for every event."""

import logging
from functools import wraps

from flask import current_app, request
from pydantic import BaseModel, ValidationError

from .auth.guard import user_from_cookie
from .auth.tokens import DEVICE_PREFIX, device_from_token, staff_from_token
from .engine import QueueError
from .errors import (
    DATABASE_UNAVAILABLE,
    ApiError,
    database_unavailable,
    from_queue_error,
    from_validation_error,
    rollback_quietly,
)
from .models import Device, User
from .storage import db

log = logging.getLogger(__name__)


def refuse(code: str, message: str, message_en: str) -> ConnectionRefusedError:
    """Build the error that refuses a connection with a clear reason."""
    return ConnectionRefusedError({"code": code, "message": message, "message_en": message_en})


def connecting_principal(auth) -> tuple[User | None, Device | None]:
    """Identify a connecting socket from ``auth={"token": …}`` or the login cookie."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if not isinstance(token, str) or not token:
        return user_from_cookie(), None
    if token.startswith(DEVICE_PREFIX):
        return None, device_from_token(db(), token)
    config = current_app.config
    return staff_from_token(db(), config["SECRET_KEY"], token, config["TOKEN_MAX_AGE_S"]), None


def error_reply(error: ApiError) -> dict:
    """Render an error the way every socket ack carries it."""
    return error.to_dict()


def validated_event(model: type[BaseModel]):
    """Validate an event's payload against ``model``; answer errors in the ack and an
    ``error`` event instead of raising, so a bad client never takes the server down."""
    def decorator(handler):
        @wraps(handler)
        def wrapper(self, payload=None, *extra):
            try:
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

    def reply_error(self, error: ApiError) -> dict:
        reply = error_reply(error)
        self.emit("error", reply, room=request.sid)
        return reply

    def trigger_event(self, event, *args):
        handler_name = "on_" + (event or "")
        if event not in ("connect", "disconnect") and not hasattr(self, handler_name):
            return self.reply_error(ApiError(400, "unknown_event", "Sự kiện không được hỗ trợ.",
                                             f"Unknown event '{event}'."))
        try:
            return super().trigger_event(event, *args)
        except ConnectionRefusedError:
            raise
        except DATABASE_UNAVAILABLE:
            log.warning("socket event %s: database unavailable", event, exc_info=True)
            rollback_quietly(db())
            unavailable = database_unavailable()
            if event == "connect":
                raise refuse(unavailable.code, unavailable.message,
                             unavailable.message_en) from None
            return self.reply_error(unavailable)
        except Exception:
            log.exception("socket event %s failed", event)
            rollback_quietly(db())
            return self.reply_error(ApiError(500, "internal_error", "Lỗi hệ thống.",
                                             "Internal error."))
