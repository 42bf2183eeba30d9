"""What a feedback message looks like to the citizen (by code) and to managers."""

from ..engine.feedback import answer_time_s
from ..models import Feedback
from .common import iso

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


def feedback_public_view(feedback: Feedback) -> dict:
    """Describe a message to whoever holds its code: status and reply, none of its text."""
    label, label_en = STATUS_LABELS[feedback.status]
    category, category_en = CATEGORY_LABELS[feedback.category]
    return {"code": feedback.code, "status": feedback.status, "status_label": label,
            "status_label_en": label_en, "category": feedback.category,
            "category_label": category, "category_label_en": category_en,
            "created_at": feedback.created_at.isoformat(), "reply": feedback.reply or None,
            "replied_at": iso(feedback.replied_at)}


def feedback_staff_view(feedback: Feedback) -> dict:
    """Describe a message in full to the managers of its site."""
    return feedback_public_view(feedback) | {
        "site": feedback.site.code, "text": feedback.text, "name": feedback.name,
        "phone": feedback.phone, "source": feedback.source,
        "ticket": feedback.ticket.number if feedback.ticket else None,
        "dossier": feedback.dossier.code if feedback.dossier else None,
        "assignee": feedback.assignee.username if feedback.assignee else None,
        "answer_time_s": round(answer_time_s(feedback)),
        "closed_at": iso(feedback.closed_at)}
