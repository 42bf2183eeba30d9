"""Calls: the ``ticket_called`` payload and the TV's list of recent calls, from one model."""

from typing import Self

from flask import current_app, url_for
from pydantic import Field

from voice import EN_TEMPLATE, announcement_text

from ..models import Counter, Site, Ticket, utcnow
from .common import Moment, Payload
from .site import QueueCounts
from .tickets import CounterView, TicketStatus


def announcement_template(site: Site | None) -> str:
    """Return the sentence that calls a number at ``site``: its own, else the configured one."""
    if site is not None and site.announcement_template:
        return site.announcement_template
    return current_app.config["ANNOUNCEMENT_TEMPLATE"]


class CallView(Payload):
    """What every view of a call shows: who is called, where, and the audio to play."""

    id: int
    number: str
    counter: int
    counter_name: str
    service: str
    service_name: str
    service_name_en: str
    priority: bool
    recall_count: int
    audio_url: str

    @classmethod
    def of(cls, ticket: Ticket, counter: Counter, **extra) -> Self:
        """Describe the call of ``ticket`` at ``counter``; ``extra`` fills a subclass's fields."""
        return cls(
            id=ticket.id,
            number=ticket.number,
            counter=counter.number,
            counter_name=counter.name,
            service=ticket.service.code,
            service_name=ticket.service.name,
            service_name_en=ticket.service.name_en,
            priority=ticket.priority,
            recall_count=ticket.recall_count,
            audio_url=url_for(
                "display.announcement_audio",
                number=ticket.number,
                counter=counter.number,
                site=counter.site.code,
            ),
            **extra,
        )


class Announcement(CallView):
    """``ticket_called``: a number called (or called again) at a counter, with the words."""

    recall: bool
    site: str
    text: str = Field(description="the spoken sentence, Vietnamese")
    text_en: str
    called_at: Moment

    @classmethod
    def of(cls, ticket: Ticket, counter: Counter, **extra) -> Self:
        """Build the ``ticket_called`` payload, with the spoken text and where its audio is."""
        site = counter.site
        return super().of(
            ticket,
            counter,
            recall=ticket.recall_count > 0,
            site=site.code,
            text=announcement_text(ticket.number, counter.number, announcement_template(site)),
            text_en=announcement_text(ticket.number, counter.number, EN_TEMPLATE),
            called_at=counter.last_called_at or utcnow(),
            **extra,
        )


class AnnouncementWithUpdates(Announcement):
    """``ticket_called`` to a TV that connected with ``calls_carry_updates``: the call also
    carries the called counter's new state and, unless it is a recall, the new waiting counts
    (server/notify.py folds them in; no separate ``counter_changed`` or ``queue_changed``)."""

    counter_state: CounterView = Field(description="as counter_changed, for the called counter")
    queue: QueueCounts | None = Field(None, description="as queue_changed; absent on a recall")


class RecentCall(CallView):
    """A past call of the day for the TV's list, shaped like ``ticket_called``."""

    status: TicketStatus
    called_at: Moment

    @classmethod
    def of(cls, ticket: Ticket) -> Self:
        """Describe a past call of the day, at the counter that made it."""
        return super().of(ticket, ticket.counter, status=ticket.status, called_at=ticket.called_at)
