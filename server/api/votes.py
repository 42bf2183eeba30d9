"""Citizens' satisfaction votes from the vote pad at each counter."""

from typing import Annotated

from flask import current_app, g
from pydantic import Field

from ..auth.guard import require_device
from ..engine.votes import record_vote
from ..errors import ApiError
from ..models import RATINGS, Counter, Device
from ..notify import Outbox, commit_and_send
from ..storage import db
from . import api
from .schemas import Strict, parse_body

DEFAULT_REASONS = ["Chờ lâu", "Thái độ chưa tốt", "Hướng dẫn chưa rõ", "Hồ sơ bị trả lại"]


class VoteRequest(Strict):
    """A rating from 1 (Không hài lòng) to 4 (Rất hài lòng) for the visit just finished."""

    rating: Annotated[int, Field(ge=1, le=4)]
    reason: Annotated[str, Field(max_length=300)] = ""
    ticket_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None  # a database integer


def vote_window_s() -> float:
    """Seconds after a finish during which the visit may still be rated (``QMS_VOTE_WINDOW_S``)."""
    return float(current_app.config["VOTE_WINDOW_S"])


def pad_settings(device: Device) -> dict:
    """Return what a vote pad shows: its counter, the unhappy reasons and its time-outs."""
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
    return reasons or DEFAULT_REASONS


def pad_counter(device: Device) -> Counter:
    """Return the counter a vote pad is bound to, or refuse an unbound pad."""
    if device.counter is None:
        raise ApiError(403, "pad_unbound", "Máy đánh giá chưa được gắn với quầy nào.",
                       "This vote pad is not bound to a counter.")
    return device.counter


@api.post("/v1/votes")
@require_device("vote-pad")
def create_vote():
    """Rate the visit last finished at the pad's counter; one vote per ticket."""
    body = parse_body(VoteRequest)
    counter = pad_counter(g.device)
    session = db()
    vote = record_vote(session, counter, body.rating, reason=body.reason,
                       ticket_id=body.ticket_id, device_id=g.device.id,
                       window_s=vote_window_s())
    outbox = Outbox()
    outbox.vote(vote, counter)
    body = {"id": vote.id, "ticket_id": vote.ticket_id, "counter": counter.number,
            "rating": vote.rating, "label": RATINGS[vote.rating], "reason": vote.reason,
            "at": vote.at.isoformat()}
    commit_and_send(session, outbox)
    return body, 201
