"""Vote pads: the finished visit a pad wakes up with, its settings, and a recorded vote."""

from flask import current_app

from ..models import RATINGS, Counter, Device, Ticket, Vote
from .common import iso

DEFAULT_VOTE_REASONS = [
    "Chờ lâu", "Thái độ chưa tốt", "Hướng dẫn chưa rõ", "Hồ sơ bị trả lại"]


def finished_payload(ticket: Ticket, counter: Counter) -> dict:
    """Build the ``ticket_finished`` payload a vote pad wakes up with."""
    return {"id": ticket.id, "number": ticket.number, "counter": counter.number,
            "service_name": ticket.service.name, "public_code": ticket.public_code,
            "finished_at": iso(ticket.finished_at)}


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
        "citizen": device.site.citizen_words,
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
