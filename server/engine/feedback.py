"""Feedback: a tracking code for each message, assignment, the reply, closing."""

import re
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Feedback, User, utcnow
from .dossiers import CODE_ALPHABET
from .errors import QueueError, not_found
from .webhook_events import FEEDBACK_ANSWERED, FEEDBACK_RECEIVED, feedback_event

# The roles that open the feedback inbox; a message is given only to someone who can read it.
FEEDBACK_ROLES = ("manager", "admin")
CODE_PREFIX = "PA-"
CODE_RANDOM_LENGTH = 8
FEEDBACK_CODE = re.compile(rf"{CODE_PREFIX}[{CODE_ALPHABET}]{{{CODE_RANDOM_LENGTH}}}",
                           re.IGNORECASE)


def new_feedback_code() -> str:
    """Return a fresh tracking code such as ``PA-K7M3QX9P``."""
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_LENGTH))


def find_feedback(session: Session, code: str) -> Feedback:
    """Return the feedback with tracking ``code`` (any case) or raise a 404-mapped error."""
    feedback = session.scalar(select(Feedback).where(Feedback.code == code.strip().upper()[:32]))
    if feedback is None:
        raise not_found("feedback_not_found", "Không tìm thấy phản ánh với mã này.",
                        "No feedback has this code.")
    return feedback


def submit_feedback(session: Session, feedback: Feedback, now: datetime | None = None) -> Feedback:
    """Store a citizen's new message with its tracking code."""
    feedback.code = new_feedback_code()
    feedback.status, feedback.created_at = "new", now or utcnow()
    session.add(feedback)
    session.flush()
    feedback_event(feedback, FEEDBACK_RECEIVED)
    return feedback


def can_take_feedback(user: User, site_id: int) -> bool:
    """Tell whether ``user`` may be given the messages of ``site_id``: they can open them."""
    return user.active and user.role in FEEDBACK_ROLES and user.site_id in (None, site_id)


def assign_feedback(feedback: Feedback, assignee: User) -> None:
    """Give the message to a member of staff of its site who can open the inbox."""
    _still_open(feedback)
    if not can_take_feedback(assignee, feedback.site_id):
        raise QueueError("assignee_not_allowed",
                         "Chỉ giao được cho quản lý hoặc quản trị đang làm việc tại đơn vị này "
                         "(người mở được hộp thư phản ánh).",
                         "Only an active manager or admin of this site, who can open the "
                         "feedback inbox, can be given this message.", 422)
    feedback.assignee_id = assignee.id
    if feedback.status == "new":
        feedback.status = "assigned"


def reply_feedback(feedback: Feedback, reply: str, user: User,
                   now: datetime | None = None) -> None:
    """Answer the citizen; they read it with their tracking code."""
    _still_open(feedback)
    feedback.reply, feedback.replied_by_id = reply, user.id
    feedback.replied_at, feedback.status = now or utcnow(), "answered"
    feedback_event(feedback, FEEDBACK_ANSWERED)


def close_feedback(feedback: Feedback, now: datetime | None = None) -> None:
    """Close a message that needs nothing more."""
    _still_open(feedback)
    feedback.status, feedback.closed_at = "closed", now or utcnow()


def answer_time_s(feedback: Feedback, now: datetime | None = None) -> float:
    """Return how long the citizen waited (or has waited so far) for an answer, in seconds."""
    end = feedback.replied_at or feedback.closed_at or now or utcnow()
    return (end - feedback.created_at).total_seconds()


def _still_open(feedback: Feedback) -> None:
    if feedback.status == "closed":
        raise QueueError("feedback_closed", "Phản ánh này đã đóng.", "This feedback is closed.")
