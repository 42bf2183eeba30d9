"""When each call is spoken on a TV: the rules of its announcement queue, as pure code.

The TV page (display/static/js/announcer.js) follows the same rules with the same numbers,
which it receives from this module through the page; tests plan with real audio lengths.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .announce import VI_TEMPLATE

if TYPE_CHECKING:
    from .synth import Synthesizer

# An idle TV waits this long after a call before speaking, so calls made together are merged.
GATHER_S = 0.5
# At most this many calls in one sentence: a citizen who missed their part hears it repeated
# on screen, and a very long sentence would hold back the next announcement.
MAX_CALLS = 5
# The chime opens an announcement only after this much quiet: back-to-back calls go without.
CHIME_AFTER_S = 2.0


@dataclass(frozen=True)
class Call:
    """A call as the TV receives it: the ticket, where to go, and when it arrived (s)."""

    ticket_id: int
    number: str
    counter: int
    at: float


@dataclass(frozen=True)
class Spoken:
    """One announcement: its calls, when it plays, and when each call's part is spoken."""

    calls: tuple[Call, ...]
    start: float
    end: float
    chime: bool
    spans: tuple[tuple[float, float], ...]


# (calls, chime) -> (length of the audio, (start, end) of each call's part within it), in s
Measure = Callable[[Sequence[Call], bool], tuple[float, Sequence[tuple[float, float]]]]


def plan_announcements(
    calls: Sequence[Call],
    measure: Measure,
    *,
    gather: float = GATHER_S,
    max_calls: int = MAX_CALLS,
    chime_after: float = CHIME_AFTER_S,
) -> list[Spoken]:
    """Return the announcements a TV plays for calls arriving at their times.

    Calls waiting when the TV falls quiet are spoken together, up to `max_calls` in one
    sentence; a call of a ticket that is still waiting to be spoken (a recall, or a call
    from another counter) replaces it in place instead of being spoken twice.
    """
    arrivals = sorted(calls, key=lambda call: call.at)
    queue: list[Call] = []
    spoken: list[Spoken] = []
    next_arrival, now, last_end = 0, float("-inf"), None

    def take_arrivals(until: float) -> None:
        nonlocal next_arrival
        while next_arrival < len(arrivals) and arrivals[next_arrival].at <= until:
            _enqueue(queue, arrivals[next_arrival])
            next_arrival += 1

    while True:
        take_arrivals(now)
        if queue:
            start = now  # the last announcement just ended: go straight on
        elif next_arrival < len(arrivals):
            start = arrivals[next_arrival].at + gather
            take_arrivals(start)
        else:
            return spoken
        batch, queue[:] = tuple(queue[:max_calls]), queue[max_calls:]
        chime = last_end is None or start - last_end >= chime_after
        length, spans = measure(batch, chime)
        last_end = now = start + length
        spoken.append(Spoken(batch, start, now, chime,
                             tuple((start + begin, start + end) for begin, end in spans)))


def _enqueue(queue: list[Call], call: Call) -> None:
    for index, waiting in enumerate(queue):
        if waiting.ticket_id == call.ticket_id:
            queue[index] = call
            return
    queue.append(call)


def spoken_at(plan: Sequence[Spoken]) -> dict[int, float]:
    """Map each ticket to when its part of the announcement ends (its counter is said)."""
    return {call.ticket_id: end for announcement in plan
            for call, (_start, end) in zip(announcement.calls, announcement.spans, strict=True)}


def audio_measure(synthesizer: "Synthesizer", template: str = VI_TEMPLATE) -> Measure:
    """Measure announcements by synthesising them, as the TV would receive them."""
    def measure(calls: Sequence[Call], chime: bool) -> tuple[float, Sequence[tuple[float, float]]]:
        pairs = [(call.number, call.counter) for call in calls]
        announcement = synthesizer.announce_calls(pairs, template, chime)
        return announcement.duration, announcement.spans
    return measure
