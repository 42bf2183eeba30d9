"""One loop for the periodic background tasks, through Socket.IO's async-mode-neutral helpers
(``start_background_task``, ``sleep``): never eventlet itself."""

import logging
from collections.abc import Callable

from flask import Flask

from .extensions import socketio

log = logging.getLogger(__name__)


def every(app: Flask, interval_key: str, work: Callable[[Flask], object], what: str) -> None:
    """Run ``work(app)`` now and then every ``app.config[interval_key]`` seconds, for ever;
    a failure is logged as ``what`` failing and retried at the next turn."""
    socketio.start_background_task(_loop, app, interval_key, work, what)


def _loop(app: Flask, interval_key: str, work: Callable[[Flask], object], what: str) -> None:
    while True:
        try:
            work(app)
        except Exception:
            log.exception("%s failed; retrying", what)
        socketio.sleep(app.config[interval_key])
