"""Background tasks of ``qms run``, started here one by one through Socket.IO's
async-mode-neutral helpers: the daily rollover, the print worker, the phone messages (SMS) and the
check that closes sockets of revoked logins, the pull of dossier changes from the province's
system, and the erasure of personal data past its use."""

import logging
from datetime import datetime

from flask import Flask

from .background import every
from .dossier_pull import start_dossier_pull
from .engine.checkin import mark_no_shows
from .engine.privacy import purge_personal_data
from .engine.rollover import rollover, sites_due
from .extensions import socketio
from .models import Site, utcnow
from .printing.worker import start_print_worker
from .revocation import start_revocation_checks
from .screens_notify import Outbox
from .sms import start_sms_sender
from .socket_guard import start_socket_guard
from .storage import unit_of_work
from .webhooks import start_webhook_sender

log = logging.getLogger(__name__)


def start_background_tasks(app: Flask) -> None:
    """Start the rollover loop, the print worker, the notifier and the revocation checks."""
    every(app, "ROLLOVER_CHECK_S", roll_over_sites, "rollover check")
    start_print_worker(app)
    start_sms_sender(app)
    start_revocation_checks(app)
    every(app, "PURGE_CHECK_S", purge_expired_data, "personal data purge")
    start_socket_guard(app)
    start_dossier_pull(app)
    start_webhook_sender(app)


def roll_over_sites(app: Flask, now: datetime | None = None) -> None:
    """Expire earlier days' tickets and record missed appointments as no-shows, one site per
    unit of work, at the sites that have any; refresh the screens of the sites that changed.

    The process yields between sites: under eventlet it answers nothing while a transaction
    runs, and a province has a hundred sites whose days turn at the same minute.
    """
    with app.app_context():
        with unit_of_work(app) as session:
            due = sites_due(session, now)
        for site_id in due:
            socketio.sleep(0)
            try:
                _roll_over_site(app, site_id, now)
            except Exception:
                log.exception("day rollover of site %s failed; retrying at the next check",
                              site_id)


def _roll_over_site(app: Flask, site_id: int, now: datetime | None) -> None:
    outbox = Outbox()
    with unit_of_work(app) as session:
        site = session.get(Site, site_id)
        expired = rollover(session, site, now)
        if expired:
            log.info("site %s: %d tickets expired at day rollover", site.code, expired)
            outbox.site(session, site)
        mark_no_shows(session, site, now)
    outbox.send()


def purge_expired_data(app: Flask) -> None:
    """Erase the personal data kept longer than ``PERSONAL_DATA_KEEP_DAYS``."""
    with unit_of_work(app) as session:
        erased = purge_personal_data(session, utcnow(), app.config["PERSONAL_DATA_KEEP_DAYS"])
    if any(erased.values()):
        log.info("personal data erased past its use: %s", erased)
