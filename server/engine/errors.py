"""Queue rule violations, each with a stable code and a Vietnamese-first message."""


class QueueError(Exception):
    """A request the queue rules refuse; ``status`` is the HTTP status it maps to."""

    status = 409
    extra: dict | None = None  # further fields for the client, e.g. when to come back

    def __init__(self, code: str, message: str, message_en: str, status: int | None = None):
        super().__init__(message_en)
        self.code = code
        self.message = message
        self.message_en = message_en
        if status is not None:
            self.status = status


def not_found(code: str, message: str, message_en: str) -> QueueError:
    """Build a 404-mapped error for something that does not exist."""
    return QueueError(code, message, message_en, status=404)


def forbidden(code: str, message: str, message_en: str) -> QueueError:
    """Build a 403-mapped error for an action this actor may not take."""
    return QueueError(code, message, message_en, status=403)
