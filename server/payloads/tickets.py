"""Tickets and counters as every screen and API client sees them."""

from datetime import date
from typing import Literal, Self

from flask import current_app
from pydantic import Field
from sqlalchemy.orm import object_session

from ..engine.snapshot import ServicePace, queue_position
from ..models import Counter, Ticket
from ..models.site import COUNTER_STATES
from ..models.ticket import TICKET_CHANNELS, TICKET_STATUSES
from .common import Moment, Payload
from .printers import PrintSummary
from .roster import RosterWarning

TicketStatus = Literal[TICKET_STATUSES]
Channel = Literal[TICKET_CHANNELS]
CounterStatus = Literal[COUNTER_STATES]


class ProcedureRef(Payload):
    code: str
    name: str


class TicketView(Payload):
    """A ticket: number, service, status and times (UTC)."""

    id: int
    number: str
    service: str
    service_name: str
    priority: bool
    appointment: bool
    appointment_at: Moment | None
    channel: Channel
    status: TicketStatus
    service_day: date
    counter: int | None = Field(description="number of the counter that called it")
    issued_at: Moment
    called_at: Moment | None
    started_at: Moment | None
    finished_at: Moment | None
    recall_count: int
    public_code: str
    procedure: ProcedureRef | None

    @classmethod
    def of(cls, ticket: Ticket, **extra) -> Self:
        """Describe a ticket for clients: number, service, status and times (UTC ISO 8601);
        ``extra`` fills the fields a subclass adds."""
        return cls(
            id=ticket.id,
            number=ticket.number,
            service=ticket.service.code,
            service_name=ticket.service.name,
            priority=ticket.priority,
            appointment=ticket.appointment_at is not None,
            appointment_at=ticket.appointment_at,
            channel=ticket.channel,
            status=ticket.status,
            service_day=ticket.service_day,
            counter=ticket.counter.number if ticket.counter else None,
            issued_at=ticket.issued_at,
            called_at=ticket.called_at,
            started_at=ticket.started_at,
            finished_at=ticket.finished_at,
            recall_count=ticket.recall_count,
            public_code=ticket.public_code,
            procedure=(
                ProcedureRef(code=ticket.procedure.code, name=ticket.procedure.name)
                if ticket.procedure
                else None
            ),
            **extra,
        )


class QueuedTicket(TicketView):
    target_counter: int | None = Field(description="id of the counter it was sent to, if any")

    @classmethod
    def of(cls, ticket: Ticket, **extra) -> Self:
        """Describe a waiting ticket and the counter it was sent to."""
        return super().of(ticket, target_counter=ticket.target_counter_id, **extra)


class WaitingList(Payload):
    site: str
    service_day: date
    tickets: list[QueuedTicket]


class CitizenWords(Payload):
    """How the site addresses citizens ("quý khách" by default, or "Ông/Bà")."""

    start: str = Field(description="at the start of a sentence")
    inside: str = Field(description="inside a sentence")


class TicketStatusView(TicketView):
    """A ticket with its live place in the queue (the phone page and the kiosk's answer)."""

    waiting_ahead: int
    estimated_wait_s: int | float | None
    estimated_wait_range_s: list[int] | None = Field(
        None, description="[low, high] seconds: the likely spread of the wait; the kiosk, slip "
        "and phone page show the range rather than a single figure when they differ")
    site: str
    citizen: CitizenWords
    status_url: str
    notify_ahead: int

    @classmethod
    def of(cls, ticket: Ticket, position: tuple[int, int] | None = None, **extra) -> Self:
        """Describe a ticket with its live place in the queue and estimated wait
        (``ticket_status``)."""
        position = position or position_of(ticket)
        ahead, estimate = position
        near = ticket.site.notify_ahead
        return super().of(
            ticket,
            waiting_ahead=ahead,
            estimated_wait_s=estimate,
            estimated_wait_range_s=None if estimate is None else
            list(getattr(position, "range_s", (estimate, estimate))),
            site=ticket.site.code,
            citizen=ticket.site.citizen_words,
            status_url=f"/t/{ticket.public_code}",
            notify_ahead=near if near is not None else int(current_app.config["NOTIFY_AHEAD"]),
            **extra,
        )


class IssuedTicket(TicketStatusView):
    """A kiosk's new ticket (201), or the one a retried request_id already got (200)."""

    replayed: bool
    existing: bool = Field(False, description="true (200) when this person, by their ID card, "
                           "already waits in this field: their ticket, not a new number")
    print: PrintSummary | None = Field(None, description="absent on a replay")


class CheckedInTicket(IssuedTicket):
    """The ticket of a booking checked in at the kiosk; late: given as a walk-in."""

    late: bool
    booking: str | None = Field(None, description="the booking's code, on 201")


class RemoteTicket(TicketStatusView):
    replayed: bool


class RemoteHold(Payload):
    """A remote ticket awaiting the code sent to its phone (POST …/remote/<hold>/confirm)."""

    hold: str = Field(description="the request's handle, for the confirm route")
    status: Literal["unconfirmed"]
    phone: str = Field(description="masked: its last 3 digits")
    service: str
    expires_at: Moment


class CounterView(Payload):
    """A counter, its state and the ticket it is serving (``counter_changed``)."""

    number: int
    name: str
    status: CounterStatus
    services: list[str]
    clerk: str | None
    ticket: TicketView | None

    @classmethod
    def of(cls, counter: Counter) -> Self:
        """Describe a counter and the ticket it is serving, if any."""
        current = counter.current_ticket
        return cls(
            number=counter.number,
            name=counter.name,
            status=counter.status,
            services=[s.code for s in counter.services],
            clerk=counter.clerk.full_name if counter.clerk else None,
            ticket=TicketView.of(current) if current else None,
        )


class CounterList(Payload):
    site: str
    counters: list[CounterView]


def shared_pace() -> ServicePace:
    """Return the app's cache of each field's pace, shared by every estimate."""
    extensions = current_app.extensions
    if "qms_pace" not in extensions:
        extensions["qms_pace"] = ServicePace(window=current_app.config["ESTIMATE_WINDOW"])
    return extensions["qms_pace"]


def position_of(ticket: Ticket) -> tuple[int, int]:
    """Return (waiting ahead, estimated wait in seconds) for ``ticket`` now.

    Reads through the ticket's own session: a background unit of work (the day rollover)
    holds SQLite's one connection, and a second session would wait for it forever.
    """
    return queue_position(
        object_session(ticket), ticket, current_app.config["ESTIMATE_WINDOW"], shared_pace()
    )


class CounterAction(Payload):
    """A counter action's answer: the ticket concerned and the counter's new state.

    The ticket's fields (absent when there is none) sit beside the counter's state, the ticket
    finished on the way, and whether a double click was absorbed (``repeated``).
    """

    # The ticket concerned, flattened beside the counter's state (absent when none).
    id: int | None = None
    number: str | None = None
    service: str | None = None
    service_name: str | None = None
    priority: bool | None = None
    appointment: bool | None = None
    appointment_at: Moment | None = None
    channel: Channel | None = None
    status: TicketStatus | None = None
    service_day: date | None = None
    counter: int | None = None
    issued_at: Moment | None = None
    called_at: Moment | None = None
    started_at: Moment | None = None
    finished_at: Moment | None = None
    recall_count: int | None = None
    public_code: str | None = None
    procedure: ProcedureRef | None = None
    counter_state: CounterView
    repeated: bool
    finished: TicketView | None
    roster_warning: RosterWarning | None = Field(
        None, description="open only: someone else is rostered at this counter now"
    )

    @classmethod
    def of(
        cls,
        counter: Counter,
        ticket: Ticket | None,
        *,
        repeated: bool,
        finished: Ticket | None,
        **extra,
    ) -> Self:
        """Answer a counter action: the ticket concerned, the counter's state, the finish."""
        concerned = dict(TicketView.of(ticket)) if ticket is not None else {}
        return cls(
            **concerned,
            counter_state=CounterView.of(counter),
            repeated=repeated,
            finished=TicketView.of(finished) if finished is not None else None,
            **extra,
        )
