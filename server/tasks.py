"""Background tasks of ``qms run``, started here one by one through Socket.IO's
async-mode-neutral helpers: the daily rollover, the print worker, the phone notifier and the
check that closes sockets of revoked logins, and the erasure of personal data past its use."""

import logging

from flask import Flask
from sqlalchemy import select

from .engine import rollover
from .engine.checkin import mark_no_shows
from .engine.privacy import purge_personal_data
from .extensions import socketio
from .models import Site, utcnow
from .notifier import start_notifier
from .notify import Outbox
from .printing.worker import start_print_worker
from .revocation import start_revocation_checks
from .storage import unit_of_work

log = logging.getLogger(__name__)


def start_background_tasks(app: Flask) -> None:
    """Start the rollover loop, the print worker, the notifier and the revocation checks."""
    socketio.start_background_task(_rollover_loop, app)
    start_print_worker(app)
    start_notifier(app)
    start_revocation_checks(app)
    socketio.start_background_task(_purge_loop, app)


def _rollover_loop(app: Flask) -> None:
    while True:
        try:
            with app.app_context():
                _roll_over_sites(app)
        except Exception:
            log.exception("rollover check failed; retrying")
        socketio.sleep(app.config["ROLLOVER_CHECK_S"])


def _roll_over_sites(app: Flask) -> None:
    """Expire earlier days' tickets and record missed appointments as no-shows, then
    refresh the screens of the sites that changed."""
    outbox = Outbox()
    with unit_of_work(app) as session:
        for site in session.scalars(select(Site)):
            expired = rollover(session, site)
            if expired:
                log.info("site %s: %d tickets expired at day rollover", site.code, expired)
                outbox.site(session, site)
            mark_no_shows(session, site)
    outbox.send()


def _purge_loop(app: Flask) -> None:
    while True:
        try:
            with unit_of_work(app) as session:
                erased = purge_personal_data(session, utcnow(),
                                             app.config["PERSONAL_DATA_KEEP_DAYS"])
            if any(erased.values()):
                log.info("personal data erased past its use: %s", erased)
        except Exception:
            log.exception("personal data purge failed; retrying")
        socketio.sleep(app.config["PURGE_CHECK_S"])
