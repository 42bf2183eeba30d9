"""Live updates: what the displays, staff screens and devices hear after a committed change."""

from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from . import device_kinds
from .device_kinds import KINDS
from .extensions import socketio
from .models import Counter, Device, Site, Ticket, Vote
from .payloads import (
    Announcement,
    CounterView,
    FinishedVisit,
    Notice,
    PrinterView,
    QueueCounts,
    VoteEvent,
)

DISPLAY = KINDS[device_kinds.DISPLAY].namespace
STAFF = "/staff"
KIOSK = KINDS[device_kinds.KIOSK].namespace
VOTE = KINDS[device_kinds.VOTE_PAD].namespace
TICKET = "/ticket"
PRINT_AGENT = KINDS[device_kinds.PRINT_AGENT].namespace
_site_listeners = {}


def on_site_changed(name: str, listener) -> None:
    """Register ``listener(session, site) -> list[Message]``, asked at each site update.

    One listener per name: an app built again in the same process replaces its own.
    """
    _site_listeners[name] = listener


def site_room(site_id: int) -> str:
    """Return the room every screen of a site joins."""
    return f"site:{site_id}"


def separate_updates_room(room: str) -> str:
    """Return the room, within a site's ``room``, of the displays that take a call's counter
    and waiting counts as their own ``counter_changed`` and ``queue_changed``: those that did
    not connect with ``calls_carry_updates`` (screens built on the contract before a call
    carried them)."""
    return f"{room}:separate-updates"


def carried_updates_room(room: str) -> str:
    """Return the room, within a site's ``room``, of the displays that connected with
    ``calls_carry_updates``: their ``ticket_called`` carries ``counter_state`` and ``queue``."""
    return f"{room}:carried-updates"


def agent_room(device_id: int) -> str:
    """Return the room of one kiosk's print agent."""
    return f"agent:{device_id}"


def counter_room(counter_id: int) -> str:
    """Return the room of one counter's devices (its vote pad, its clerk)."""
    return f"counter:{counter_id}"


@dataclass(frozen=True)
class Message:
    """One Socket.IO emit, decided inside a unit of work and sent after it commits."""

    event: str
    payload: dict
    namespace: str
    room: str


@dataclass
class Outbox:
    """What the screens must hear about one unit of work.

    Payloads are built while the transaction is open and sent only after the commit: no
    screen shows a change that was rolled back, and no emit (which may switch green
    threads) runs while SQLite's write lock is held.
    """

    calls: list[Message] = field(default_factory=list)
    updates: list[Message] = field(default_factory=list)

    def call(self, ticket: Ticket, counter: Counter) -> None:
        """Announce a call or recall to the site's displays and staff screens."""
        payload, room = Announcement.of(ticket, counter).dump(), site_room(counter.site_id)
        self.calls += [Message("ticket_called", payload, namespace, room)
                       for namespace in (DISPLAY, STAFF)]

    def site(self, session: Session, site: Site, counter: Counter | None = None, *,
             followers: bool = True, waiting: bool = True) -> None:
        """Push waiting counts, and a counter's new state, to every screen of the site.

        ``followers=False`` skips the phones following tickets: when nobody's place in the
        line moved (a normal ticket joins at the back), their status is unchanged.
        ``waiting=False`` skips the counts: nobody joined or left the line (a finish, a
        pause), so every screen's counts still hold, and a room of TVs is spared a frame each.
        """
        room = site_room(site.id)
        if waiting:
            queue = QueueCounts.of(session, site).dump()
            self.updates += [Message("queue_changed", queue, namespace, room)
                             for namespace in (DISPLAY, STAFF, KIOSK)]
        if counter is not None:
            state = CounterView.of(counter).dump()
            self.updates += [Message("counter_changed", state, namespace, room)
                             for namespace in (DISPLAY, STAFF)]
        if followers:
            for listener in _site_listeners.values():
                self.updates += listener(session, site)

    def finished(self, ticket: Ticket, counter: Counter) -> None:
        """Wake the counter's vote pad: this ticket may now be rated."""
        self.updates.append(Message("ticket_finished", FinishedVisit.of(ticket, counter).dump(),
                                    VOTE, counter_room(counter.id)))

    def vote(self, vote: Vote, counter: Counter) -> None:
        """Tell dashboards (and the counter's other pads) that a visit has been rated."""
        payload = VoteEvent.of(vote, counter).dump()
        self.updates += [Message("vote_recorded", payload, STAFF, site_room(vote.site_id)),
                         Message("vote_recorded", payload, VOTE, counter_room(counter.id))]

    def notice(self, site: Site) -> None:
        """Show the site's new notice on its TVs now, not at their next heartbeat."""
        self.updates.append(Message("notice_changed", Notice.of(site).dump(),
                                    DISPLAY, site_room(site.id)))

    def printer(self, session: Session, device: Device) -> None:
        """Show a kiosk printer's new state, and its waiting jobs, on the site's staff screens."""
        self.updates.append(Message("printer_status", PrinterView.of(session, device).dump(), STAFF,
                                    site_room(device.site_id)))

    def send(self) -> None:
        """Emit everything; calls first, then a yield so they leave before the updates."""
        calls, updates = _fold_into_display_calls(self.calls, self.updates)
        for message in calls:
            _emit(message)
        if calls:
            socketio.sleep(0)  # queueing an emit does not yield; let the writers send the call
        for message in updates:
            _emit(message)


def _fold_into_display_calls(calls: list[Message], updates: list[Message]
                             ) -> tuple[list[Message], list[Message]]:
    """Carry the called counter's new state and the new waiting counts inside a TV's call.

    Every frame to a room of TVs is written once per TV: a call and its two updates were
    3,000 frames for 1,000 TVs, and the next call waited behind them. A TV that connected
    with ``calls_carry_updates`` (display/static/js/main.js) takes ``counter_state`` and
    ``queue`` from ``ticket_called``; the others get the call as the contract first had it
    and the separate ``counter_changed`` and ``queue_changed``: one or the other, never both.
    """
    remaining = list(updates)
    folded = []
    for call in calls:
        if call.event != "ticket_called" or call.namespace != DISPLAY:
            folded.append(call)
            continue
        carried = _with_news(call, remaining)
        if carried.payload == call.payload:  # nothing to carry: one call for every TV
            folded.append(call)
        else:
            folded += [replace(carried, room=carried_updates_room(call.room)),
                       replace(call, room=separate_updates_room(call.room))]
    return folded, remaining


def _with_news(call: Message, updates: list[Message]) -> Message:
    """Return ``call`` carrying the TV updates of its room that it makes redundant, and send
    those on in ``updates`` only to the displays that take them separately."""
    payload = dict(call.payload)  # the staff screens' call keeps the contract's own shape
    for update in [u for u in updates if u.namespace == DISPLAY and u.room == call.room]:
        if update.event == "counter_changed" and update.payload["number"] == payload["counter"]:
            field = "counter_state"
        elif update.event == "queue_changed":
            field = "queue"
        else:
            continue
        if field not in payload:
            payload[field] = update.payload
            updates[updates.index(update)] = replace(update, room=separate_updates_room(
                call.room))
    return Message(call.event, payload, call.namespace, call.room)


def _emit(message: Message) -> None:
    socketio.emit(message.event, message.payload, namespace=message.namespace, to=message.room)


def commit_and_send(session: Session, outbox: Outbox) -> None:
    """Commit the unit of work, then tell the screens."""
    session.commit()
    outbox.send()

