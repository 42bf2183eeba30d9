"""Vote pads: the finished visit a pad wakes up with, its settings, and a recorded vote."""

from typing import Self

from flask import current_app
from pydantic import Field

from ..models import RATINGS, Counter, Device, Ticket, Vote
from .common import Moment, Payload

DEFAULT_VOTE_REASONS = ["Chờ lâu", "Thái độ chưa tốt", "Hướng dẫn chưa rõ", "Hồ sơ bị trả lại"]


class FinishedVisit(Payload):
    """``ticket_finished``: the visit a vote pad wakes up with, to be rated."""

    id: int
    number: str
    counter: int
    service_name: str
    public_code: str
    finished_at: Moment | None

    @classmethod
    def of(cls, ticket: Ticket, counter: Counter) -> Self:
        """Describe the visit just finished at ``counter``."""
        return cls(
            id=ticket.id,
            number=ticket.number,
            counter=counter.number,
            service_name=ticket.service.name,
            public_code=ticket.public_code,
            finished_at=ticket.finished_at,
        )


class VoteEvent(Payload):
    """``vote_recorded``: a visit has been rated."""

    ticket_id: int
    counter: int
    rating: int = Field(ge=1, le=4)
    label: str
    at: Moment

    @classmethod
    def of(cls, vote: Vote, counter: Counter, **extra) -> Self:
        """Describe ``vote``, cast at ``counter``."""
        return cls(
            ticket_id=vote.ticket_id,
            counter=counter.number,
            rating=vote.rating,
            label=RATINGS[vote.rating],
            at=vote.at,
            **extra,
        )


class VoteRecorded(VoteEvent):
    """The vote pad's answer: the vote, its id and the reason ticked."""

    id: int
    reason: str

    @classmethod
    def of(cls, vote: Vote, counter: Counter, **extra) -> Self:
        """Answer the pad that cast ``vote``."""
        return super().of(vote, counter, id=vote.id, reason=vote.reason, **extra)


def vote_window_s() -> float:
    """Seconds after a finish during which the visit may still be rated (``QMS_VOTE_WINDOW_S``).

    It decides which ``ticket_finished`` a pad is sent when it connects.
    """
    return float(current_app.config["VOTE_WINDOW_S"])


class PadSettings(Payload):
    """``pad``: what a vote pad shows: its counter, the unhappy reasons, its time-outs."""

    counter: int
    counter_name: str
    reasons: list[str]
    timeout_s: float
    thanks_s: float

    @classmethod
    def of(cls, device: Device) -> Self:
        """Return the pad's settings: its own, else the configured ones."""
        config, own = current_app.config, device.settings or {}
        return cls(
            counter=device.counter.number,
            counter_name=device.counter.name,
            reasons=_reasons(own.get("vote_reasons") or config["VOTE_REASONS"]),
            timeout_s=float(own.get("vote_timeout_s") or config["VOTE_TIMEOUT_S"]),
            thanks_s=float(own.get("vote_thanks_s") or config["VOTE_THANKS_S"]),
        )


def _reasons(configured) -> list[str]:
    # A list from qms.toml or device settings; "a|b|c" from QMS_VOTE_REASONS.
    if isinstance(configured, str):
        configured = [reason.strip() for reason in configured.split("|")]
    reasons = [str(reason)[:100] for reason in configured or () if str(reason).strip()]
    return reasons or DEFAULT_VOTE_REASONS
