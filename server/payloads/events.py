"""Every Socket.IO event, both ways, on every namespace: the registry the AsyncAPI document
(server/api/asyncapi.py) is written from and the tests check each received event against.

A namespace is a :class:`Channel`; each event names its payload model and who sends it
(``send``: the server emits it; ``receive``: a client emits it and gets ``reply`` in the ack).
An event added to a namespace is added here, with its model, or the contract test fails.
"""

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..api.schemas import EmptyRequest, JobDone, PrinterReport
from ..screens_notify import DISPLAY, KIOSK, PRINT_AGENT, STAFF, TICKET, VOTE
from .calls import Announcement, AnnouncementWithUpdates
from .common import Payload
from .display import DisplaySnapshot, Heartbeat
from .dossier_links import DossierToRate
from .printers import PrinterView
from .site import Notice, QueueCounts, StaffSnapshot
from .tickets import CounterView, TicketStatusView
from .votes import FinishedVisit, PadSettings, VoteEvent


class SocketErrorBody(BaseModel):
    """A refused event: a stable code, Vietnamese then English."""

    model_config = ConfigDict(extra="allow")  # some refusals add context

    code: str = Field(description="stable, for programs (e.g. unknown_event, invalid_payload)")
    message: str = Field(description="Vietnamese, for people")
    message_en: str
    details: list | None = Field(None, description="the fields refused")


class SocketError(Payload):
    """``error``: an event was refused; the same body is the event's ack."""

    error: SocketErrorBody


class Nothing(Payload):
    """An event that carries no data: ``{}``."""


class Done(Payload):
    """The ack of an accepted report."""

    ok: Literal[True]


class AgentJob(Payload):
    """A slip for the print agent: the ESC/POS bytes, sent as a binary attachment; or
    (reason ``document``) an official form's PDF for the agent's office printer."""

    id: int
    number: str
    reason: str
    data: bytes = Field(description="ESC/POS commands; for reason document, the form's PDF")


class NextJob(Payload):
    """The ack of ``next_job``: the oldest slip not yet acknowledged, or null."""

    job: AgentJob | None


Model = type[BaseModel]


@dataclass(frozen=True)
class Event:
    """One event of a namespace: its name, payload model(s) and direction."""

    name: str
    action: Literal["send", "receive"]
    summary: str
    payload: tuple[Model, ...]  # several: the payload is exactly one of them
    reply: tuple[Model, ...] = ()


@dataclass(frozen=True)
class Channel:
    """A Socket.IO namespace and the events on it."""

    namespace: str
    title: str
    description: str
    events: tuple[Event, ...]


def send(name: str, summary: str, *payload: Model) -> Event:
    """An event the server emits to the namespace's clients."""
    return Event(name, "send", summary, payload)


def receive(name: str, summary: str, payload: Model, *reply: Model) -> Event:
    """An event a client emits; ``reply`` is what its ack carries."""
    return Event(name, "receive", summary, (payload,), (*reply, SocketError))


ERROR = send("error", "An event of this client was refused (also the event's ack)", SocketError)
QUEUE = send("queue_changed", "The waiting counts changed", QueueCounts)
COUNTER = send("counter_changed", "A counter's state or the ticket it serves changed", CounterView)

CHANNELS = (
    Channel(
        DISPLAY,
        "Waiting-room TVs",
        'A display connects with auth {"token": <display token>} (or a staff login); '
        'with "calls_carry_updates": true a call carries the called counter\'s state and '
        "the waiting counts, and counter_changed and queue_changed come only when no "
        "call carries them.",
        (
            send("snapshot", "The full state, on every connect", DisplaySnapshot),
            send(
                "ticket_called",
                "A number is called. A TV that connected with calls_carry_updates gets the "
                "called counter's counter_state (and the queue, but on a recall) inside the "
                "call and no separate updates; any other TV gets the plain call and then "
                "counter_changed and queue_changed",
                Announcement,
                AnnouncementWithUpdates,
            ),
            QUEUE,
            COUNTER,
            send("notice_changed", "The site's notice changed", Notice),
            ERROR,
            receive(
                "heartbeat",
                "Alive, every ~15 s; the ack carries the time, the "
                "display's settings and the notice",
                EmptyRequest,
                Heartbeat,
            ),
            receive("snapshot", "Ask for the full state again", EmptyRequest, DisplaySnapshot),
        ),
    ),
    Channel(
        STAFF,
        "Clerk consoles and manager dashboards",
        'Staff connect with auth {"token": <staff token>} or the login cookie; '
        '{"site": CODE} for province-level staff.',
        (
            send("snapshot", "The full state and the kiosk printers, on connect",
                 StaffSnapshot),
            send("ticket_called", "A number is called", Announcement),
            QUEUE,
            COUNTER,
            send("vote_recorded", "A vote pad rated a visit", VoteEvent),
            send("printer_status", "A kiosk printer's state or its jobs changed", PrinterView),
            ERROR,
            receive("snapshot", "Ask for the full state again", EmptyRequest, StaffSnapshot),
        ),
    ),
    Channel(
        KIOSK,
        "Kiosks",
        'A kiosk connects with auth {"token": <kiosk token>}.',
        (
            send(
                "queue_changed", "The waiting counts, on connect and on every change", QueueCounts
            ),
            ERROR,
        ),
    ),
    Channel(
        TICKET,
        "Phones following a ticket",
        'Anyone holding a ticket\'s public code connects with auth {"code": …}.',
        (
            send(
                "ticket_status",
                "Where the ticket stands (as GET /api/v1/tickets/<code>), "
                "on connect and whenever the site's queue changes",
                TicketStatusView,
            ),
            ERROR,
        ),
    ),
    Channel(
        VOTE,
        "Vote pads",
        'A vote pad connects with auth {"token": <vote-pad token>}.',
        (
            send("pad", "The pad's counter, reasons and time-outs, on connect", PadSettings),
            send("ticket_finished", "A visit at the pad's counter may be rated", FinishedVisit),
            send("vote_recorded", "The visit was rated", VoteEvent),
            send("dossier_to_rate", "A dossier was just received or returned at the pad's "
                 "counter (also on connect while it may still be rated): rate it with "
                 "POST /api/v1/dossiers/<code>/rating", DossierToRate),
            ERROR,
        ),
    ),
    Channel(
        PRINT_AGENT,
        "Print agents",
        'A kiosk\'s print agent connects with auth {"token": <kiosk token>} (the kiosk\'s '
        "printer must be agent://) and takes its slips and the forms sent to it; a counter "
        "print agent (device kind print-agent) on a clerk's computer connects with its own "
        "token and takes only the forms of the counters set to agent://<its name>.",
        (
            send("jobs_waiting", "The spooler has slips or forms due for this agent", Nothing),
            ERROR,
            receive("next_job", "Ask for the oldest unacknowledged slip or form", EmptyRequest,
                    NextJob),
            receive("job_done", "Say what became of a slip or form", JobDone, Done),
            receive("printer_status", "Report the printer's state", PrinterReport, Done),
        ),
    ),
)
