"""One report row's running figures, fed by raw tickets or by rollup rows alike.

Both sources go through the same numbers: durations summed in whole microseconds (so the
averages are exact whatever the order) and kept as whole seconds for the 90th percentile.
Rollups store those seconds as fixed-width text (``server.models.rollup``); each row's text is
turned into 32-bit integers as it arrives, so a year's values take 4 bytes each in memory.
"""

from array import array
from dataclasses import dataclass, field

import numpy

from server.engine.measures import COUNT_NAMES, COUNTS, DURATION_SUMS, ROLLUP_SECONDS
from server.engine.rollups import ticket_measures
from server.models.rollup import SECONDS_WIDTH

from .stats import empty_votes, satisfaction_index

TALLIED = (*COUNT_NAMES, *DURATION_SUMS)
DIGIT_WEIGHTS = 10 ** numpy.arange(SECONDS_WIDTH - 1, -1, -1, dtype=numpy.int32)


@dataclass
class Tally:
    """Running counts and durations for one row."""

    # The counts of ``server.engine.measures`` and the duration sums, by name.
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TALLIED, 0))
    # Whole seconds: from rollups as arrays (``decode_seconds``), from raw tickets one by one.
    wait_seconds: list[numpy.ndarray] = field(default_factory=list)
    service_seconds: list[numpy.ndarray] = field(default_factory=list)
    raw_waits: array = field(default_factory=lambda: array("l"))
    raw_services: array = field(default_factory=lambda: array("l"))
    votes: dict[str, int] = field(default_factory=empty_votes)

    def add_ticket(self, figures: tuple, count_transfer: bool = True) -> None:
        """Count one raw ticket, given as ``raw_figures`` returns it."""
        measures, wait, service = figures
        counts = self.counts
        for measure in COUNTS:
            if count_transfer or measure.by_place is None:
                counts[measure.name] += measures[measure.name]
        for name in DURATION_SUMS:
            counts[name] += measures[name]
        # Kept as integers: a year of raw tickets as text objects would not fit in memory.
        if wait is not None:
            self.raw_waits.append(wait)
        if service is not None:
            self.raw_services.append(service)

    def add(self, measures) -> None:
        """Add figures shaped like a rollup row (a mapping, or a row with those names), with
        the seconds already decoded; the arrays are shared, never changed."""
        get = measures.get if isinstance(measures, dict) else measures._mapping.get
        for name in TALLIED:
            self.counts[name] += int(get(name) or 0)
        for name in ROLLUP_SECONDS:
            seconds = get(name)
            if seconds is not None and len(seconds):
                getattr(self, name).append(seconds)
        for rating in self.votes:
            self.votes[rating] += int(get(f"votes_{rating}") or 0)

    def merge(self, other: "Tally") -> None:
        """Add ``other``: counts and sums added, seconds kept side by side, so a p90 is
        still that of every ticket."""
        for name in TALLIED:
            self.counts[name] += other.counts[name]
        self.wait_seconds.extend(other.wait_seconds)
        self.service_seconds.extend(other.service_seconds)
        self.raw_waits.extend(other.raw_waits)
        self.raw_services.extend(other.raw_services)
        for rating, count in other.votes.items():
            self.votes[rating] += count

    def figures(self) -> dict:
        """Return the row's numbers as the API serves them."""
        counts = self.counts
        return {
            **{name: counts[name] for name in COUNT_NAMES},
            "avg_wait_s": _mean(counts["wait_sum_us"], counts["wait_count"]),
            "p90_wait_s": p90_of_seconds(self.wait_seconds, self.raw_waits),
            "avg_service_s": _mean(counts["service_sum_us"], counts["service_count"]),
            "p90_service_s": p90_of_seconds(self.service_seconds, self.raw_services),
            "votes": dict(self.votes), "satisfaction_index": satisfaction_index(self.votes),
        }


def raw_figures(ticket, now) -> tuple[dict, int | None, int | None]:
    """Return what a raw ticket adds (``ticket.target_wait_s`` is its service's target), with
    its wait and service time in whole seconds: computed once for its row and the total."""
    measures = ticket_measures(ticket, ticket.target_wait_s, now)
    wait, service = measures["wait_seconds"], measures["service_seconds"]
    return measures, int(wait) if wait else None, int(service) if service else None


def _mean(total_us: int, count: int) -> float | None:
    return round(total_us / count / 1e6, 1) if count else None


def p90_of_seconds(pieces: list[numpy.ndarray], raw: array) -> float | None:
    """Return the nearest-rank 90th percentile of whole seconds, rank ⌈0.9 n⌉ in integers.

    ``pieces`` hold decoded rollup values, ``raw`` plain integers; ``partition`` finds the rank
    in place in their (new) concatenation without sorting a year of values.
    """
    values = numpy.concatenate([*pieces, numpy.frombuffer(raw, dtype=numpy.int_)
                                .astype(numpy.int32)])
    if not len(values):
        return None
    rank = (9 * len(values) + 9) // 10
    values.partition(rank - 1)
    return float(values[rank - 1])


def decode_seconds(text: str | None) -> numpy.ndarray:
    """Turn a rollup's fixed-width seconds text into integers (one matrix product: a report
    decodes tens of thousands of short texts, so the count of numpy calls is what costs)."""
    digits = numpy.frombuffer((text or "").encode("ascii"), dtype=numpy.uint8)
    return (digits.reshape(-1, SECONDS_WIDTH) - ord("0")) @ DIGIT_WEIGHTS
