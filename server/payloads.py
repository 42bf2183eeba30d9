"""Everything sent to a screen or device: one builder per payload, shared by HTTP and sockets.

Screens find the shape of what they receive here, and a field added to a payload is added
once (the TV's live call and its list of recent calls, for instance, share one builder).
"""

from datetime import date, datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from printers.transports import is_agent_uri
from voice import EN_TEMPLATE, announcement_text

from .engine.calendar import calendar_for
from .engine.days import VIETNAM, is_open, next_opening, service_day
from .engine.procedures import site_offers
from .engine.roster import roster_for
from .engine.snapshot import ServicePace, queue_position, waiting_counts
from .models import (
    RATINGS,
    Appointment,
    Counter,
    Device,
    PrinterHealth,
    PrintJob,
    Service,
    Site,
    Ticket,
    Vote,
    utcnow,
)
from .models.printing import JOB_FAILED, JOB_PRINTING, JOB_QUEUED
from .models.ticket import WAITING

AGENT_OFFLINE = "print agent not connected"
DEFAULT_VOTE_REASONS = [
    "Chờ lâu", "Thái độ chưa tốt", "Hướng dẫn chưa rõ", "Hồ sơ bị trả lại"]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# Tickets and counters


def ticket_view(ticket: Ticket) -> dict:
    """Describe a ticket for clients: number, service, status and times (UTC ISO 8601)."""
    return {
        "id": ticket.id,
        "number": ticket.number,
        "service": ticket.service.code,
        "service_name": ticket.service.name,
        "priority": ticket.priority,
        "appointment": ticket.appointment_at is not None,
        "appointment_at": _iso(ticket.appointment_at),
        "channel": ticket.channel,
        "status": ticket.status,
        "service_day": ticket.service_day.isoformat(),
        "counter": ticket.counter.number if ticket.counter else None,
        "issued_at": _iso(ticket.issued_at),
        "called_at": _iso(ticket.called_at),
        "started_at": _iso(ticket.started_at),
        "finished_at": _iso(ticket.finished_at),
        "recall_count": ticket.recall_count,
        "public_code": ticket.public_code,
        "procedure": ({"code": ticket.procedure.code, "name": ticket.procedure.name}
                      if ticket.procedure else None),
    }


def counter_view(counter: Counter) -> dict:
    """Describe a counter and the ticket it is serving, if any (``counter_changed``)."""
    current = counter.current_ticket
    return {
        "number": counter.number,
        "name": counter.name,
        "status": counter.status,
        "services": [s.code for s in counter.services],
        "clerk": counter.clerk.full_name if counter.clerk else None,
        "ticket": ticket_view(current) if current else None,
    }


def _pace() -> ServicePace:
    extensions = current_app.extensions
    if "qms_pace" not in extensions:
        extensions["qms_pace"] = ServicePace(window=current_app.config["ESTIMATE_WINDOW"])
    return extensions["qms_pace"]


def position_of(ticket: Ticket) -> tuple[int, int]:
    """Return (waiting ahead, estimated wait in seconds) for ``ticket`` now.

    Reads through the ticket's own session: a background unit of work (the day rollover)
    holds SQLite's one connection, and a second session would wait for it forever.
    """
    return queue_position(object_session(ticket), ticket,
                          current_app.config["ESTIMATE_WINDOW"], _pace())


def ticket_status(ticket: Ticket, position: tuple[int, int] | None = None) -> dict:
    """Describe a ticket with its live place in the queue and estimated wait (``ticket_status``)."""
    ahead, estimate = position or position_of(ticket)
    near = ticket.site.notify_ahead
    return ticket_view(ticket) | {"waiting_ahead": ahead, "estimated_wait_s": estimate,
                                  "site": ticket.site.code,
                                  "citizen": ticket.site.citizen_words,
                                  "status_url": f"/t/{ticket.public_code}",
                                  "notify_ahead": near if near is not None else int(
                                      current_app.config["NOTIFY_AHEAD"])}


# Appointments


def appointment_view(appointment: Appointment) -> dict:
    """Describe a booking to whoever holds its code."""
    start = appointment.start.astimezone(VIETNAM)
    site = appointment.site
    return {
        "code": appointment.code,
        "service": appointment.service.code,
        "service_name": appointment.service.name,
        "service_name_en": appointment.service.name_en,
        "site": site.code,
        "site_name": site.name,
        "start": start.isoformat(),
        "check_in_from": (start - timedelta(minutes=site.appointment_early_min)).isoformat(),
        "check_in_until": (start + timedelta(minutes=site.appointment_late_min)).isoformat(),
        "name": appointment.name,
        "phone": appointment.phone,
        "status": appointment.status,
        "qr_url": url_for("api.appointment_qr", code=appointment.code),
        "manage_url": url_for("booking.manage_page", code=appointment.code),
    }


# The site as a whole


def queue_counts(session: Session, site: Site, day: date | None = None) -> dict:
    """Build the ``queue_changed`` payload: every service of the site and how many wait."""
    day = day or service_day(utcnow(), site.rollover_at)
    waiting = (Ticket.service_id == Service.id) & (Ticket.service_day == day) & (
        Ticket.status == WAITING)
    rows = session.execute(
        select(Service.code, func.count(Ticket.id))
        .select_from(Service).outerjoin(Ticket, waiting)
        .where(Service.site_id == site.id)
        .group_by(Service.id, Service.code).order_by(Service.sort_order, Service.id)
    )
    return {"site": site.code, "services": dict(rows.all())}


def site_snapshot(session: Session, site: Site, now: datetime | None = None,
                  tz=VIETNAM) -> dict:
    """Describe the site right now: services with waiting counts, counters and whom they serve.

    This is the full state a screen takes on every (re)connect.
    """
    day = service_day(now or utcnow(), site.rollover_at, tz)
    counts = waiting_counts(session, site, day)
    services = [
        {"code": s.code, "name": s.name, "name_en": s.name_en, "waiting": counts.get(s.id, 0),
         "active": s.active}
        for s in site.services
    ]
    counters = [counter_view(c) for c in site.counters]
    return {"site": {"code": site.code, "name": site.name, "notice": site.notice,
                     "booking_qr": f"/booking/qr.svg?site={site.code}"
                     if site.takes_bookings else None},
            "service_day": day.isoformat(), "services": services, "counters": counters}


def services_listing(session: Session, site: Site) -> dict:
    """List the site's active services with live waiting counts and opening state."""
    now = utcnow()
    counts = waiting_counts(session, site, service_day(now, site.rollover_at))
    calendar = calendar_for(session, site)
    # A service with opening hours keeps them on working days only; one without is always open.
    closure = calendar.closure(now.astimezone(VIETNAM).date())
    services = []
    for service in site.services:
        if not service.active:
            continue
        opens = next_opening(service.opening_hours, now, working_day=calendar.is_working_day)
        hours = service.opening_hours
        services.append({
            "code": service.code,
            "name": service.name,
            "name_en": service.name_en,
            "waiting": counts.get(service.id, 0),
            "priority_allowed": service.priority_allowed,
            "open": is_open(hours, now) and not (closure and hours),
            "opens_at": opens.astimezone(VIETNAM).isoformat() if opens else None,
            "opening_hours": service.opening_hours,
            "bookable": service.slot_minutes > 0,
        })
    return {"site": {"code": site.code, "name": site.name}, "services": services,
            "day_off": {"reason": closure.reason, "reason_en": closure.reason_en}
            if closure else None}


def notice_payload(site: Site) -> dict:
    """Build the ``notice_changed`` payload: the site's notice for its TVs."""
    return {"site": site.code, "notice": site.notice}


# Calls


def announcement_template(site: Site | None) -> str:
    """Return the sentence that calls a number at ``site``: its own, else the configured one."""
    if site is not None and site.announcement_template:
        return site.announcement_template
    return current_app.config["ANNOUNCEMENT_TEMPLATE"]


def _call_view(ticket: Ticket, counter: Counter) -> dict:
    """What every view of a call shows: who is called, where, and the audio to play."""
    return {
        "id": ticket.id,
        "number": ticket.number,
        "counter": counter.number,
        "counter_name": counter.name,
        "service": ticket.service.code,
        "service_name": ticket.service.name,
        "service_name_en": ticket.service.name_en,
        "priority": ticket.priority,
        "recall_count": ticket.recall_count,
        "audio_url": url_for("display.announcement_audio", number=ticket.number,
                             counter=counter.number, site=counter.site.code),
    }


def announcement(ticket: Ticket, counter: Counter) -> dict:
    """Build the ``ticket_called`` payload, with the spoken text and where its audio is."""
    site = counter.site
    return _call_view(ticket, counter) | {
        "recall": ticket.recall_count > 0,
        "site": site.code,
        "text": announcement_text(ticket.number, counter.number, announcement_template(site)),
        "text_en": announcement_text(ticket.number, counter.number, EN_TEMPLATE),
        "called_at": (counter.last_called_at or utcnow()).isoformat(),
    }


def recent_call(ticket: Ticket) -> dict:
    """Describe a past call of the day for the TV's list, shaped like ``ticket_called``."""
    return _call_view(ticket, ticket.counter) | {
        "status": ticket.status, "called_at": ticket.called_at.isoformat()}


# Vote pads


def finished_payload(ticket: Ticket, counter: Counter) -> dict:
    """Build the ``ticket_finished`` payload a vote pad wakes up with."""
    return {"id": ticket.id, "number": ticket.number, "counter": counter.number,
            "service_name": ticket.service.name, "public_code": ticket.public_code,
            "finished_at": _iso(ticket.finished_at)}


def vote_recorded(vote: Vote, counter: Counter) -> dict:
    """Build the ``vote_recorded`` payload: a visit has been rated."""
    return {"ticket_id": vote.ticket_id, "counter": counter.number,
            "rating": vote.rating, "label": RATINGS[vote.rating], "at": vote.at.isoformat()}


def vote_window_s() -> float:
    """Seconds after a finish during which the visit may still be rated (``QMS_VOTE_WINDOW_S``).

    It decides which ``ticket_finished`` a pad is sent when it connects.
    """
    return float(current_app.config["VOTE_WINDOW_S"])


def pad_settings(device: Device) -> dict:
    """Return what a vote pad shows (``pad``): its counter, the unhappy reasons, its time-outs."""
    config, own = current_app.config, device.settings or {}
    return {
        "counter": device.counter.number,
        "counter_name": device.counter.name,
        "reasons": _reasons(own.get("vote_reasons") or config["VOTE_REASONS"]),
        "timeout_s": float(own.get("vote_timeout_s") or config["VOTE_TIMEOUT_S"]),
        "thanks_s": float(own.get("vote_thanks_s") or config["VOTE_THANKS_S"]),
    }


def _reasons(configured) -> list[str]:
    # A list from qms.toml or device settings; "a|b|c" from QMS_VOTE_REASONS.
    if isinstance(configured, str):
        configured = [reason.strip() for reason in configured.split("|")]
    reasons = [str(reason)[:100] for reason in configured or () if str(reason).strip()]
    return reasons or DEFAULT_VOTE_REASONS


# Printers


def print_summary(session: Session, job: PrintJob | None, device: Device) -> dict:
    """Describe a job and its printer for the kiosk: may the citizen expect a slip?"""
    if not device.printer_uri:
        return {"job": None, "state": "none", "printer": "none", "printer_message": ""}
    state, message = printer_state(session.get(PrinterHealth, device.id), device)
    return {"job": job.id if job else None,
            "state": job.status if job else "none",
            "printer": state, "printer_message": message}


def printer_state(health: PrinterHealth | None, device: Device) -> tuple[str, str]:
    """Return a printer's last state and detail; a print agent never seen is offline."""
    if health is not None:
        return health.state, health.message
    if is_agent_uri(device.printer_uri):
        return "offline", AGENT_OFFLINE
    return "unknown", ""


def printer_view(session: Session, device: Device) -> dict:
    """Describe a kiosk's printer for admins: state, when checked, jobs waiting or failed."""
    health = session.get(PrinterHealth, device.id)
    state, message = printer_state(health, device)
    counts = dict(session.execute(
        select(PrintJob.status, func.count()).where(PrintJob.device_id == device.id)
        .where(PrintJob.status.in_((JOB_QUEUED, JOB_PRINTING, JOB_FAILED)))
        .group_by(PrintJob.status)).all())
    return {"device_id": device.id, "device": device.name, "printer_uri": device.printer_uri,
            "state": state, "message": message,
            "checked_at": health.checked_at.isoformat() if health else None,
            "queued": counts.get(JOB_QUEUED, 0) + counts.get(JOB_PRINTING, 0),
            "failed": counts.get(JOB_FAILED, 0)}


# The public board (niêm yết) on TVs

def public_board(session: Session, site: Site, now: datetime) -> dict:
    """Build what a display posts besides calls: procedures by field, today's roster, contacts."""
    today = now.astimezone(VIETNAM).date()
    fields: dict[str, dict] = {}
    offers = sorted(site_offers(session, site), key=lambda offer: offer.service.sort_order)
    for offer in offers:
        field = fields.setdefault(offer.service.code, {
            "service": offer.service.code, "service_name": offer.service.name, "procedures": []})
        field["procedures"].append({"code": offer.procedure.code, "name": offer.procedure.name,
                                    "processing_days": offer.procedure.processing_days})
    roster = [{"counter": entry.counter.number, "counter_name": entry.counter.name,
               "clerk_name": entry.user.full_name or entry.user.username,
               "starts": entry.starts.strftime("%H:%M"), "ends": entry.ends.strftime("%H:%M")}
              for entry in roster_for(session, site, today, today)]
    return {"site": site.code, "date": today.strftime("%d/%m/%Y"), "fields": list(fields.values()),
            "roster": roster, "feedback": site.feedback_contact or {}}
