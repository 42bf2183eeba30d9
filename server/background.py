"""One loop for the periodic background tasks, through Socket.IO's async-mode-neutral helpers
(``start_background_task``, ``sleep``): never eventlet itself."""

import logging
from collections.abc import Callable

from flask import Flask

from .extensions import socketio

log = logging.getLogger(__name__)


def every(app: Flask, interval: str | float, work: Callable[[Flask], object], what: str) -> None:
    """Run ``work(app)`` now and then every ``interval`` seconds (a number, or the name of the
    setting that holds it), for ever; a failure is logged as ``what`` failing and retried at
    the next turn."""
    socketio.start_background_task(_loop, app, interval, work, what)


def _loop(app: Flask, interval: str | float, work: Callable[[Flask], object], what: str) -> None:
    while True:
        try:
            work(app)
        except Exception:
            log.exception("%s failed; retrying", what)
        socketio.sleep(float(app.config[interval]) if isinstance(interval, str) else interval)
