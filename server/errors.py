"""JSON errors for the API: a stable code and a Vietnamese-first message, never a traceback."""

import logging

from flask import Flask, current_app, g, jsonify, make_response, render_template, request
from pydantic import ValidationError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from .engine import QueueError
from .requestlog import request_id

log = logging.getLogger(__name__)

HTTP_MESSAGES = {
    400: ("Yêu cầu không hợp lệ.", "Bad request."),
    401: ("Cần đăng nhập.", "Authentication required."),
    403: ("Không có quyền thực hiện.", "Forbidden."),
    404: ("Không tìm thấy.", "Not found."),
    405: ("Phương thức không được hỗ trợ.", "Method not allowed."),
    413: ("Dữ liệu gửi lên quá lớn.", "Payload too large."),
    415: ("Cần gửi dữ liệu JSON.", "JSON body required."),
    429: ("Thao tác quá nhanh, vui lòng thử lại sau.", "Too many requests."),
}


class ApiError(Exception):
    """An error raised by a handler, rendered as ``{"error": {...}}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, message_en: str,
                 details: list | None = None, extra: dict | None = None,
                 retry_after: int | None = None):
        super().__init__(message_en)
        self.status, self.code = status, code
        self.message, self.message_en, self.details = message, message_en, details
        self.extra = extra or {}
        self.retry_after = retry_after  # seconds, for a 429

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message, "message_en": self.message_en}
        if self.details:
            body["details"] = self.details
        return {"error": body | self.extra}


def from_queue_error(error: QueueError) -> ApiError:
    """Turn a queue rule violation into its API error."""
    return ApiError(error.status, error.code, error.message, error.message_en,
                    extra=error.extra)


# Errors that mean "the database cannot be reached or is busy right now", not a bug:
# a dropped or refused connection, SQLite locked past its busy timeout, an exhausted pool.
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)


def database_unavailable() -> ApiError:
    """The 503 answered while the database is unreachable; the client may retry."""
    return ApiError(503, "database_unavailable",
                    "Cơ sở dữ liệu tạm thời không truy cập được, vui lòng thử lại sau giây lát.",
                    "The database is temporarily unavailable; please retry shortly.")


def rollback_quietly(session) -> None:
    """Roll back ``session`` after a failure; a dead connection must not raise again."""
    try:
        session.rollback()
    except sa_exc.SQLAlchemyError:
        log.warning("rollback failed; the connection is discarded", exc_info=True)


def from_validation_error(error: ValidationError) -> ApiError:
    """Turn a schema failure into a 422 naming each bad field."""
    details = [
        {"field": ".".join(str(part) for part in item["loc"]) or "(body)", "problem": item["msg"]}
        for item in error.errors(include_url=False, include_input=False)
    ]
    return ApiError(422, "invalid_payload", "Dữ liệu gửi lên không hợp lệ.",
                    "The payload is not valid.", details)


def _wants_page() -> bool:
    """Tell whether a person's browser navigated here (an HTML page), not a script or device."""
    if request.path.startswith("/api/"):
        return False
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


# A 429 whose limit does not say when it frees up (a count per ticket) still says when to ask.
DEFAULT_RETRY_AFTER_S = 60


def render_error(error: ApiError):
    """Answer ``error`` as JSON, or as a Vietnamese page to a person's browser.

    Every 429 is built here, so each carries ``Retry-After`` as the document promises.
    """
    if _wants_page():
        response = make_response(render_template("error.html", error=error), error.status)
    else:
        body = error.to_dict()
        body["error"]["request_id"] = request_id()
        response = make_response(jsonify(body), error.status)
    if error.status == 429:
        response.headers["Retry-After"] = str(max(1, error.retry_after or DEFAULT_RETRY_AFTER_S))
    return response


def register_error_handlers(app: Flask) -> None:
    """Render errors as JSON for the API and devices, as a Vietnamese page for browsers."""
    app.register_error_handler(ApiError, render_error)

    @app.errorhandler(QueueError)
    def queue_error(error: QueueError):
        return render_error(from_queue_error(error))

    @app.errorhandler(ValidationError)
    def validation_error(error: ValidationError):
        return render_error(from_validation_error(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code < 400:  # redirects raised by routing
            return error
        message, message_en = HTTP_MESSAGES.get(error.code, (error.name, error.name))
        code = (error.name or "error").lower().replace(" ", "_")
        response = make_response(render_error(ApiError(error.code or 500, code, message,
                                                       message_en)))
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            # RFC 9110: a 405 names the methods the resource does allow.
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return response

    @app.errorhandler(sa_exc.DBAPIError)
    def database_error(error: sa_exc.DBAPIError):
        if "db" in g:
            rollback_quietly(g.db)
        current_app.extensions["qms_metrics"].database_errors.inc()
        if isinstance(error, DATABASE_UNAVAILABLE) or error.connection_invalidated:
            log.warning("database unavailable on %s %s: %s", request.method, request.path,
                        error.orig)
            return render_error(database_unavailable())
        return unexpected(error)

    @app.errorhandler(sa_exc.TimeoutError)
    def pool_exhausted(error: sa_exc.TimeoutError):
        # Not a DBAPIError: every pooled connection stayed busy past the pool's timeout.
        if "db" in g:
            rollback_quietly(g.db)
        current_app.extensions["qms_metrics"].database_errors.inc()
        log.warning("database busy on %s %s: %s", request.method, request.path, error)
        return render_error(database_unavailable())

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(ApiError(500, "internal_error", "Lỗi hệ thống, vui lòng thử lại.",
                                  "Internal error, please retry."))
