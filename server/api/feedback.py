"""Feedback and complaints: citizens send and follow them; managers assign, reply and close."""

from flask import g
from sqlalchemy import select

from ..auth.guard import authenticate, require_staff
from ..engine.dossiers import normalise_code
from ..engine.feedback import (
    FEEDBACK_ROLES,
    assign_feedback,
    close_feedback,
    find_feedback,
    reply_feedback,
    submit_feedback,
)
from ..engine.lookups import ticket_by_public_code
from ..errors import ApiError
from ..limits import allow, check_lookup_rate, client_key, too_many
from ..models import Dossier, Feedback, Site, User
from ..payloads.feedback import FeedbackInbox, FeedbackPublic, FeedbackStaff
from ..storage import db
from .blueprint import api
from .context import of_user_site, resolve_site
from .contract import documented
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
        ticket = ticket_by_public_code(session, body.ticket)
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
def create_feedback(body: FeedbackRequest):
    """Take a citizen's feedback or complaint; answer with its tracking code."""
    if not allow("FEEDBACK_RATE_LIMIT", "feedback", client_key()):
        raise too_many("FEEDBACK_RATE_LIMIT",
                       "Quý khách đã gửi nhiều phản ánh, vui lòng thử lại sau ít phút.",
                       "Too many messages; please try again in a few minutes.")
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
    return of_user_site(find_feedback(db(), code), "feedback_not_found",
                        "Không tìm thấy phản ánh với mã này.", "No feedback has this code.")


@api.get("/v1/feedback")
@require_staff(*FEEDBACK_ROLES)
@documented("The feedback inbox of the manager's sites, newest first", {200: FeedbackInbox},
            query=FeedbackQuery)
def feedback_inbox(query: FeedbackQuery):
    """List the feedback of the manager's sites, newest first; ``?status=`` filters."""
    inbox = select(Feedback).order_by(Feedback.id.desc()).limit(500)
    if g.user.site_id is not None:
        inbox = inbox.where(Feedback.site_id == g.user.site_id)
    if query.status is not None:
        inbox = inbox.where(Feedback.status == query.status)
    return FeedbackInbox(feedback=[FeedbackStaff.of(item) for item in db().scalars(inbox)]).dump()


@api.post("/v1/feedback/<code>/assign")
@require_staff(*FEEDBACK_ROLES)
@documented("Give a message to a member of staff", {200: FeedbackStaff}, errors=(404, 409),
            body=AssignRequest, path=TRACKING_CODE)
def assign_feedback_message(code: str, body: AssignRequest):
    """Give a message to a member of staff of its site."""
    feedback = _managed(code)
    assignee = db().scalar(select(User).where(User.username == body.username))
    if assignee is None or assignee.site_id not in (None, feedback.site_id):
        # Another site's accounts are answered as if they did not exist.
        raise ApiError(404, "unknown_user", "Không có người dùng này.", "No such user.")
    assign_feedback(feedback, assignee)
    return _saved(feedback)


@api.post("/v1/feedback/<code>/reply")
@require_staff(*FEEDBACK_ROLES)
@documented("Answer the citizen", {200: FeedbackStaff}, errors=(404, 409), body=ReplyRequest,
            path=TRACKING_CODE)
def reply_to_feedback(code: str, body: ReplyRequest):
    """Answer the citizen; the reply shows on the tracking page."""
    feedback = _managed(code)
    reply_feedback(feedback, body.reply, g.user)
    return _saved(feedback)


@api.post("/v1/feedback/<code>/close")
@require_staff(*FEEDBACK_ROLES)
@documented("Close a message", {200: FeedbackStaff}, errors=(404, 409), path=TRACKING_CODE)
def close_feedback_message(code: str):
    """Close a message that needs nothing more."""
    feedback = _managed(code)
    close_feedback(feedback)
    return _saved(feedback)


def _saved(feedback: Feedback) -> dict:
    answer = FeedbackStaff.of(feedback).dump()
    db().commit()
    return answer
