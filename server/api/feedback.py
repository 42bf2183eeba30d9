"""Feedback and complaints: citizens send and follow them; managers assign, reply and close."""

from flask import g, request
from sqlalchemy import select

from ..auth.guard import authenticate, require_staff
from ..engine.dossiers import normalise_code
from ..engine.feedback import (
    assign_feedback,
    close_feedback,
    find_feedback,
    reply_feedback,
    submit_feedback,
)
from ..errors import ApiError
from ..limits import allow, check_lookup_rate, client_key
from ..models import Dossier, Feedback, Site, Ticket, User
from ..payloads.feedback import FeedbackInbox, FeedbackPublic, FeedbackStaff
from ..storage import db
from .blueprint import api
from .context import resolve_site
from .contract import documented
from .parsing import parse_body
from .schemas import AssignRequest, FeedbackQuery, FeedbackRequest, ReplyRequest

TRACKING_CODE = {"code": {"maxLength": 64}}


def _origin(body: FeedbackRequest) -> tuple[Site, dict, str]:
    """Find the site, the visit it is about and where it was sent from."""
    session = db()
    try:
        _user, device = authenticate()
    except ApiError:
        device = None
    links: dict = {}
    site = device.site if device is not None else None
    if body.ticket:
        ticket = session.scalar(select(Ticket).where(Ticket.public_code == body.ticket))
        if ticket is None:
            raise ApiError(404, "ticket_not_found", "Không tìm thấy phiếu.", "No such ticket.")
        links["ticket_id"], site = ticket.id, ticket.site
    if body.dossier:
        dossier = session.scalar(select(Dossier).where(
            Dossier.code == normalise_code(body.dossier)[:64]))
        if dossier is None:
            raise ApiError(404, "dossier_not_found", "Không tìm thấy hồ sơ với mã này.",
                           "No dossier has this code.")
        links["dossier_id"], site = dossier.id, dossier.site
    return site or resolve_site(), links, device.kind if device is not None else "phone"


@api.post("/v1/feedback")
@documented("Send feedback or a complaint; answers its tracking code (public, rate-limited)",
            {201: FeedbackPublic}, errors=(404, 429), body=FeedbackRequest)
def create_feedback():
    """Take a citizen's feedback or complaint; answer with its tracking code."""
    if not allow("FEEDBACK_RATE_LIMIT", "feedback", client_key()):
        raise ApiError(429, "rate_limited",
                       "Quý khách đã gửi nhiều phản ánh, vui lòng thử lại sau ít phút.",
                       "Too many messages; please try again in a few minutes.")
    body = parse_body(FeedbackRequest)
    site, links, source = _origin(body)
    feedback = submit_feedback(db(), Feedback(
        site_id=site.id, category=body.category, text=body.text, name=body.name,
        phone=body.phone, source=source, **links))
    answer = FeedbackPublic.of(feedback).dump()
    db().commit()
    return answer, 201


@api.get("/v1/feedback/<code>")
@documented("Status and reply of a message, by its tracking code (public, rate-limited)",
            {200: FeedbackPublic}, errors=(404, 429), path=TRACKING_CODE)
def feedback_public_status(code: str):
    """Tell the holder of a tracking code whether the centre has answered, and how."""
    check_lookup_rate()
    return FeedbackPublic.of(find_feedback(db(), code)).dump()


def _managed(code: str) -> Feedback:
    feedback = find_feedback(db(), code)
    if g.user.site_id not in (None, feedback.site_id):
        raise ApiError(404, "feedback_not_found", "Không tìm thấy phản ánh với mã này.",
                       "No feedback has this code.")
    return feedback


@api.get("/v1/feedback")
@documented("The feedback inbox of the manager's sites, newest first", {200: FeedbackInbox},
            query=FeedbackQuery)
@require_staff("manager", "admin")
def feedback_inbox():
    """List the feedback of the manager's sites, newest first; ``?status=`` filters."""
    query = select(Feedback).order_by(Feedback.id.desc()).limit(500)
    if g.user.site_id is not None:
        query = query.where(Feedback.site_id == g.user.site_id)
    status = request.args.get("status")
    if status:
        query = query.where(Feedback.status == status[:16])
    return FeedbackInbox(feedback=[FeedbackStaff.of(item) for item in db().scalars(query)]).dump()


@api.post("/v1/feedback/<code>/assign")
@documented("Give a message to a member of staff", {200: FeedbackStaff}, errors=(404, 409),
            body=AssignRequest, path=TRACKING_CODE)
@require_staff("manager", "admin")
def assign(code: str):
    """Give a message to a member of staff of its site."""
    body = parse_body(AssignRequest)
    feedback = _managed(code)
    assignee = db().scalar(select(User).where(User.username == body.username))
    if assignee is None:
        raise ApiError(404, "unknown_user", "Không có người dùng này.", "No such user.")
    assign_feedback(feedback, assignee)
    return _saved(feedback)


@api.post("/v1/feedback/<code>/reply")
@documented("Answer the citizen", {200: FeedbackStaff}, errors=(404, 409), body=ReplyRequest,
            path=TRACKING_CODE)
@require_staff("manager", "admin")
def reply(code: str):
    """Answer the citizen; the reply shows on the tracking page."""
    body = parse_body(ReplyRequest)
    feedback = _managed(code)
    reply_feedback(feedback, body.reply, g.user)
    return _saved(feedback)


@api.post("/v1/feedback/<code>/close")
@documented("Close a message", {200: FeedbackStaff}, errors=(404, 409), path=TRACKING_CODE)
@require_staff("manager", "admin")
def close(code: str):
    """Close a message that needs nothing more."""
    feedback = _managed(code)
    close_feedback(feedback)
    return _saved(feedback)


def _saved(feedback: Feedback) -> dict:
    answer = FeedbackStaff.of(feedback).dump()
    db().commit()
    return answer
