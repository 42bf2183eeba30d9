"""What a feedback message looks like to the citizen (by code) and to managers."""

from typing import Literal, Self

from ..engine.feedback import answer_time_s
from ..models import FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, Feedback
from .common import Moment, Payload

CATEGORY_LABELS = {
    "suggestion": ("Góp ý", "Suggestion"),
    "attitude": ("Thái độ phục vụ", "Staff attitude"),
    "dossier": ("Hồ sơ, thủ tục", "A dossier or procedure"),
    "waiting": ("Thời gian chờ", "Waiting time"),
    "proposal": ("Kiến nghị", "Proposal"),
    "other": ("Khác", "Other"),
}
STATUS_LABELS = {
    "new": ("Đã tiếp nhận, đang chờ xử lý", "Received, waiting to be handled"),
    "assigned": ("Đang xử lý", "Being handled"),
    "answered": ("Đã trả lời", "Answered"),
    "closed": ("Đã đóng", "Closed"),
}
FeedbackStatus = Literal[FEEDBACK_STATUSES]
FeedbackCategory = Literal[FEEDBACK_CATEGORIES]


class FeedbackPublic(Payload):
    """A message as whoever holds its code sees it: status and reply, none of its text."""

    code: str
    status: FeedbackStatus
    status_label: str
    status_label_en: str
    category: FeedbackCategory
    category_label: str
    category_label_en: str
    created_at: Moment
    reply: str | None
    replied_at: Moment | None

    @classmethod
    def of(cls, feedback: Feedback, **extra) -> Self:
        """Describe a message to whoever holds its code."""
        label, label_en = STATUS_LABELS[feedback.status]
        category, category_en = CATEGORY_LABELS[feedback.category]
        return cls(
            code=feedback.code,
            status=feedback.status,
            status_label=label,
            status_label_en=label_en,
            category=feedback.category,
            category_label=category,
            category_label_en=category_en,
            created_at=feedback.created_at,
            reply=feedback.reply or None,
            replied_at=feedback.replied_at,
            **extra,
        )


class FeedbackStaff(FeedbackPublic):
    """A message in full, to the managers of its site."""

    site: str
    text: str
    name: str
    phone: str
    source: str
    ticket: str | None
    dossier: str | None
    assignee: str | None
    answer_time_s: int
    closed_at: Moment | None

    @classmethod
    def of(cls, feedback: Feedback, **extra) -> Self:
        """Describe a message in full to the managers of its site."""
        return super().of(
            feedback,
            site=feedback.site.code,
            text=feedback.text,
            name=feedback.name,
            phone=feedback.phone,
            source=feedback.source,
            ticket=feedback.ticket.number if feedback.ticket else None,
            dossier=feedback.dossier.code if feedback.dossier else None,
            assignee=feedback.assignee.username if feedback.assignee else None,
            answer_time_s=round(answer_time_s(feedback)),
            closed_at=feedback.closed_at,
            **extra,
        )


class FeedbackInbox(Payload):
    feedback: list[FeedbackStaff]
