"""Live updates: what the displays, staff screens and devices hear after a committed change.

Always called after commit, so no screen ever shows a change that was rolled back.
"""

from flask import current_app, g, url_for
from sqlalchemy.orm import Session

from .engine import site_snapshot, waiting_counts
from .engine.days import service_day
from .engine.snapshot import counter_view
from .extensions import socketio
from .models import RATINGS, Counter, Site, Ticket, Vote, utcnow

DISPLAY = "/display"
STAFF = "/staff"
KIOSK = "/kiosk"
VOTE = "/vote"
TICKET = "/ticket"
_site_listeners = []


def on_site_changed(listener):
    """Register ``listener(session, site)``, called after each ``publish_site``."""
    _site_listeners.append(listener)
    return listener


def site_room(site_id: int) -> str:
    """Return the room every screen of a site joins."""
    return f"site:{site_id}"


def counter_room(counter_id: int) -> str:
    """Return the room of one counter's devices (its vote pad, its clerk)."""
    return f"counter:{counter_id}"


def announcement(ticket: Ticket, counter: Counter) -> dict:
    """Build the ``ticket_called`` payload, with the spoken text and where its audio is."""
    site = counter.site
    template = site.announcement_template or current_app.config["ANNOUNCEMENT_TEMPLATE"]
    return {
        "id": ticket.id,
        "number": ticket.number,
        "counter": counter.number,
        "counter_name": counter.name,
        "service": ticket.service.code,
        "service_name": ticket.service.name,
        "service_name_en": ticket.service.name_en,
        "priority": ticket.priority,
        "recall": ticket.recall_count > 0,
        "recall_count": ticket.recall_count,
        "site": site.code,
        "text": template.format(number=ticket.number, counter=counter.number),
        "text_en": f"Ticket number {ticket.number}, please go to counter {counter.number}",
        "audio_url": url_for("display.announcement_audio", number=ticket.number,
                             counter=counter.number, site=site.code),
        "called_at": (counter.last_called_at or utcnow()).isoformat(),
    }


def publish_call(ticket: Ticket, counter: Counter) -> None:
    """Announce a call or recall to the site's displays and staff screens."""
    payload = announcement(ticket, counter)
    room = site_room(counter.site_id)
    socketio.emit("ticket_called", payload, namespace=DISPLAY, to=room)
    socketio.emit("ticket_called", payload, namespace=STAFF, to=room)
    _yield_to_sockets()


def _yield_to_sockets() -> None:
    """Let the sockets' writers send what was just queued (queueing does not yield), so a
    call goes out before the request builds the follow-up updates.

    The read transaction opened since the commit ends first: switching greenlets while it
    holds SQLite's write lock would stall every other request until the busy timeout.
    """
    session = g.get("db")
    if session is not None and session.in_transaction():
        session.commit()  # nothing is pending: callers publish only after their commit
    socketio.sleep(0)


def publish_site(session: Session, site: Site, counter: Counter | None = None) -> None:
    """Push waiting counts, and a counter's new state, to every screen of the site."""
    day = service_day(utcnow(), site.rollover_at)
    counts = waiting_counts(session, site, day)
    queue = {"site": site.code,
             "services": {s.code: counts.get(s.id, 0) for s in site.services}}
    room = site_room(site.id)
    for namespace in (DISPLAY, STAFF, KIOSK):
        socketio.emit("queue_changed", queue, namespace=namespace, to=room)
    if counter is not None:
        state = counter_view(counter)
        for namespace in (DISPLAY, STAFF):
            socketio.emit("counter_changed", state, namespace=namespace, to=room)
    for listener in _site_listeners:
        listener(session, site)


def finished_payload(ticket: Ticket, counter: Counter) -> dict:
    """Build the ``ticket_finished`` payload a vote pad wakes up with."""
    return {"id": ticket.id, "number": ticket.number, "counter": counter.number,
            "service_name": ticket.service.name,
            "finished_at": ticket.finished_at.isoformat() if ticket.finished_at else None}


def publish_finished(ticket: Ticket, counter: Counter) -> None:
    """Wake the counter's vote pad: this ticket may now be rated."""
    socketio.emit("ticket_finished", finished_payload(ticket, counter),
                  namespace=VOTE, to=counter_room(counter.id))


def publish_vote(vote: Vote, counter: Counter) -> None:
    """Tell dashboards (and the counter's other pads) that a visit has been rated."""
    payload = {"ticket_id": vote.ticket_id, "counter": counter.number, "rating": vote.rating,
               "label": RATINGS[vote.rating], "at": vote.at.isoformat()}
    socketio.emit("vote_recorded", payload, namespace=STAFF, to=site_room(vote.site_id))
    socketio.emit("vote_recorded", payload, namespace=VOTE, to=counter_room(counter.id))


def snapshot(session: Session, site: Site) -> dict:
    """Return the full state a screen takes on every (re)connect."""
    return site_snapshot(session, site)
