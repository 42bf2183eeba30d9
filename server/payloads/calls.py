"""Calls: the ``ticket_called`` payload and the TV's list of recent calls, from one builder."""

from flask import current_app, url_for

from voice import EN_TEMPLATE, announcement_text

from ..models import Counter, Site, Ticket, utcnow


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
