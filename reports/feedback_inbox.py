"""The managers' feedback inbox: read, assign, reply, close; export to CSV."""

import csv
import io

from flask import Response, abort, g, redirect, render_template, request, url_for
from sqlalchemy import select

from server.api.contract import Media, documented
from server.api.schemas import FeedbackQuery
from server.auth.guard import require_staff
from server.auth.pages import require_page
from server.engine.days import VIETNAM
from server.engine.errors import QueueError
from server.engine.feedback import (
    assign_feedback,
    close_feedback,
    find_feedback,
    reply_feedback,
)
from server.models import FEEDBACK_STATUSES, Feedback, User
from server.payloads import FeedbackStaff
from server.payloads.feedback import CATEGORY_LABELS, STATUS_LABELS
from server.storage import db

from . import blueprint
from .dossier_export import safe_text

CSV_HEADINGS = ["Mã theo dõi", "Đơn vị", "Ngày gửi", "Nội dung liên quan đến", "Nội dung",
                "Họ tên", "Số điện thoại", "Gửi từ", "Phiếu", "Hồ sơ", "Trạng thái",
                "Người xử lý", "Trả lời", "Thời gian trả lời (giờ)"]


def _inbox(status: str | None) -> list[Feedback]:
    query = select(Feedback).order_by(Feedback.id.desc()).limit(500)
    if g.user.site_id is not None:
        query = query.where(Feedback.site_id == g.user.site_id)
    if status in FEEDBACK_STATUSES:
        query = query.where(Feedback.status == status)
    return list(db().scalars(query))


def _staff_choices() -> list[User]:
    query = select(User).where(User.active.is_(True)).order_by(User.username)
    if g.user.site_id is not None:
        query = query.where(User.site_id.in_((g.user.site_id,)) | User.site_id.is_(None))
    return list(db().scalars(query))


def _csv_row(item: dict) -> list:
    created = item["created_at"]
    return [item["code"], item["site"], created, item["category_label"], item["text"],
            item["name"], item["phone"], item["source"], item["ticket"] or "",
            item["dossier"] or "", item["status_label"], item["assignee"] or "",
            item["reply"] or "", round(item["answer_time_s"] / 3600, 1)]


@blueprint.get("/reports/feedback")
@require_page("manager", "admin")
def feedback_inbox_page():
    """Show the messages of the manager's sites with their answer times."""
    status = request.args.get("status") or None
    items = [FeedbackStaff.of(item).dump() for item in _inbox(status)]
    return render_template("reports/feedback.html", items=items, status=status,
                           statuses=STATUS_LABELS, categories=CATEGORY_LABELS,
                           staff=_staff_choices(), vietnam=VIETNAM)


@blueprint.post("/reports/feedback/<code>")
@require_page("manager", "admin")
def feedback_action(code: str):
    """Assign, reply to or close one message, then go back to the inbox."""
    session = db()
    feedback = find_feedback(session, code)
    if g.user.site_id not in (None, feedback.site_id):
        abort(404)
    action = request.form.get("action")
    try:
        if action == "assign":
            assignee = session.get(User, int(request.form.get("assignee_id") or 0))
            if assignee is None:
                abort(400)
            assign_feedback(feedback, assignee)
        elif action == "reply":
            text = (request.form.get("reply") or "").strip()[:2000]
            if not text:
                abort(400)
            reply_feedback(feedback, text, g.user)
        elif action == "close":
            close_feedback(feedback)
        else:
            abort(400)
    except QueueError:
        session.rollback()
        return redirect(url_for("reports.feedback_inbox_page"))
    session.commit()
    return redirect(url_for("reports.feedback_inbox_page"))


@blueprint.get("/api/v1/feedback/export.csv")
@documented("The feedback inbox as CSV", {200: Media("text/csv", "UTF-8 with a BOM")},
            query=FeedbackQuery)
@require_staff("manager", "admin")
def feedback_csv():
    """Download the inbox as CSV; text that looks like a formula stays text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADINGS)
    for item in _inbox(request.args.get("status")):
        writer.writerow([safe_text(cell) for cell in _csv_row(FeedbackStaff.of(item).dump())])
    return Response(("\ufeff" + buffer.getvalue()).encode("utf-8"),
                    mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="phan-anh.csv"'})
