"""Sending messages to citizens' phones through a pluggable channel, in the background.

The only channel today is an HTTP webhook: a JSON POST to the centre's SMS brandname or
Zalo OA gateway (``QMS_NOTIFY_WEBHOOK_URL``, with ``QMS_NOTIFY_WEBHOOK_AUTH`` sent as the
Authorization header). Another channel is a class with ``send(message)`` added to
``CHANNELS``. Started by ``qms run`` (``server/tasks.py``): the loop records who is due a message,
then sends outside any transaction, so a slow or dead gateway never holds up the queue.
"""

import json
import logging
import urllib.error
import urllib.request

from flask import Flask
from sqlalchemy import select

from .background import every
from .engine.notices import claim_due, queue_turn_near, record_outcome
from .extensions import socketio
from .models import Notification, Site, utcnow
from .storage import unit_of_work

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """The channel did not take the message; it will be retried."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse every redirect: the gateway's Authorization must never reach another host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises the 3xx as an HTTPError


_OPENER = urllib.request.build_opener(_NoRedirects)


class WebhookChannel:
    """POST each message as JSON to a gateway URL; any 2xx answer counts as delivered.

    A redirect is not followed (it counts as a failed delivery): urllib would send the
    Authorization header on to wherever the gateway, or someone in between, points.
    """

    def __init__(self, url: str, auth: str | None = None, timeout_s: float = 5.0):
        self.url, self.auth, self.timeout_s = url, auth, timeout_s

    def send(self, message: dict) -> None:
        """Deliver ``message`` or raise DeliveryError."""
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.auth:
            headers["Authorization"] = self.auth
        request = urllib.request.Request(self.url, data=json.dumps(message).encode(),
                                         headers=headers, method="POST")
        try:
            with _OPENER.open(request, timeout=self.timeout_s) as response:
                response.read()
        except urllib.error.HTTPError as error:
            error.close()
            raise DeliveryError(f"gateway answered {error.code}") from error
        except (urllib.error.URLError, OSError) as error:
            raise DeliveryError(f"gateway unreachable: {error}") from error


CHANNELS = {"webhook": WebhookChannel}


def channel_from_config(config) -> WebhookChannel | None:
    """Build the configured channel, or None when no gateway is set (no messages)."""
    if not config.get("NOTIFY_WEBHOOK_URL"):
        return None
    return CHANNELS["webhook"](config["NOTIFY_WEBHOOK_URL"], config.get("NOTIFY_WEBHOOK_AUTH"),
                               float(config["NOTIFY_TIMEOUT_S"]))


def message_body(notification: Notification) -> dict:
    """The JSON a gateway receives: at least ``phone``, ``text`` and ``ticket``."""
    ticket = notification.ticket
    return {"phone": notification.phone, "text": notification.text, "ticket": ticket.number,
            "event": notification.event, "site": ticket.site.code,
            "service": ticket.service.code, "id": notification.id}


class Notifier:
    """The background loop: queue due messages, send them, record each outcome."""

    def __init__(self, app: Flask, channel):
        self.app, self.channel = app, channel
        self.config = app.config

    def send_round(self, _app: Flask) -> None:
        """Queue what is due, then send it (run every NOTIFY_POLL_S by ``every``)."""
        with self.app.app_context():
            self.queue()
            self.deliver()

    def queue(self) -> None:
        """Record a "your turn is near" for every ticket now close enough to its call."""
        with unit_of_work(self.app) as session:
            for site in session.scalars(select(Site).where(Site.active.is_(True))):
                ahead = site.notify_ahead if site.notify_ahead is not None else int(
                    self.config["NOTIFY_AHEAD"])
                queue_turn_near(session, site, ahead, template=self.config["NOTIFY_TEMPLATE"],
                                plain_sms=bool(self.config["NOTIFY_PLAIN_SMS"]))

    def deliver(self) -> None:
        """Send the messages due now, each outside any database transaction."""
        lease_s = float(self.config["NOTIFY_TIMEOUT_S"]) * 2 + 5
        with unit_of_work(self.app) as session:
            due = [(n.id, message_body(n)) for n in claim_due(session, utcnow(), lease_s)]
        for notification_id, body in due:
            error = None
            try:
                self.channel.send(body)
            except DeliveryError as failure:
                error = str(failure)
                log.warning("message %s to %s not delivered: %s", notification_id,
                            body["phone"][-3:], error)
            with unit_of_work(self.app) as session:
                record_outcome(session.get(Notification, notification_id), error, utcnow(),
                               max_attempts=int(self.config["NOTIFY_MAX_ATTEMPTS"]),
                               retry_base_s=float(self.config["NOTIFY_RETRY_S"]))


def send_now(app: Flask, message: dict) -> None:
    """Send one message (a one-time code) once, in the background: never inside a request."""
    channel = channel_from_config(app.config)
    if channel is not None:
        socketio.start_background_task(_send_once, channel, message)


def _send_once(channel, message: dict) -> None:
    try:
        channel.send(message)
    except DeliveryError as failure:
        # The citizen sees no code and asks again; the unconfirmed request lapses by itself.
        log.warning("code to %s not delivered: %s", message["phone"][-3:], failure)


def start_sms_sender(app: Flask) -> None:
    """Run the notifier in the background of ``qms run`` when a gateway is configured."""
    channel = channel_from_config(app.config)
    if channel is not None:
        every(app, "NOTIFY_POLL_S", Notifier(app, channel).send_round, "notifier round")
