"""Visits ↔ dossiers: the console or the one-stop software links them; ratings per dossier."""

from flask import current_app, g
from sqlalchemy import select

from ..auth.guard import (
    authenticate,
    bearer_token,
    require_device_or_staff,
    unauthenticated,
)
from ..device_kinds import INTEGRATION, VOTE_PAD
from ..engine.dossier_links import link_dossier, serving_ticket, todays_ticket
from ..engine.dossier_ratings import (
    check_scores,
    is_satisfied,
    not_linked,
    rate_at_pad,
    rate_by_code,
    rating_criteria,
    visit_link,
)
from ..engine.dossiers import find_dossier
from ..engine.errors import QueueError
from ..engine.log import Actor
from ..engine.lookups import ticket_by_public_code
from ..errors import ApiError
from ..limits import check_lookup_rate
from ..models import Counter, Dossier, Ticket
from ..payloads.dossier_links import DossierLinked, DossierRated, DossierToRate
from ..payloads.votes import vote_window_s
from ..screens_notify import VOTE, Message, Outbox, commit_and_send, counter_room
from ..storage import db
from .blueprint import api
from .context import may_staff, resolve_counter
from .contract import documented
from .dossiers import DOSSIER_CODE, lookup_for_public
from .schemas import DossierLinkRequest, DossierRatingRequest
from .votes import pad_counter


def criteria():
    """Return the rating criteria configured (``DOSSIER_RATING_CRITERIA``)."""
    return rating_criteria(current_app.config.get("DOSSIER_RATING_CRITERIA"))


def not_found() -> ApiError:
    return ApiError(404, "dossier_not_found", "Không tìm thấy hồ sơ với mã này.",
                    "No dossier has this code.")


def _visit(dossier: Dossier, body: DossierLinkRequest):
    """Return the ticket a link names: the caller's counter, a counter, a number or a code."""
    site = dossier.site
    if body.public_code is not None or body.ticket_number is not None:
        return todays_ticket(db(), site, number=body.ticket_number,
                             public_code=body.public_code)
    if body.counter is not None:
        counter = resolve_counter(site, body.counter)
        if g.user is not None and g.user.role == "clerk" and not may_staff(g.user, counter):
            raise ApiError(403, "not_your_counter",
                           "Tài khoản này không được phân công tại quầy này.",
                           "You do not work at this counter.")
        return serving_ticket(counter)
    if g.user is None:
        raise ApiError(422, "visit_required", "Cần số quầy, số phiếu hoặc mã phiếu.",
                       "Give the counter, the ticket's number or its public code.")
    counter = db().scalar(select(Counter).where(Counter.site_id == site.id,
                                                Counter.clerk_id == g.user.id))
    if counter is None:
        raise ApiError(409, "no_counter", "Tài khoản này chưa mở quầy nào.",
                       "You have no counter open.")
    return serving_ticket(counter)


@api.post("/v1/dossiers/<code>/link")
@require_device_or_staff((INTEGRATION,), ("clerk", "manager"))
@documented("Link a dossier to the visit it came with (received) or collected (returned): "
            "the clerk's own counter, or {counter} / {ticket_number} / {public_code} of "
            "today (the older name of POST /tickets/<ref>/dossiers and "
            "/counters/<n>/serving/dossiers); 201 new, 200 already linked; 409 "
            "nothing_serving, ticket_not_served, dossier_linked_elsewhere",
            {201: DossierLinked, 200: DossierLinked},
            errors=(404, 409), body=DossierLinkRequest, path=DOSSIER_CODE)
def link_dossier_to_visit(code: str, body: DossierLinkRequest):
    """Link a dossier to the visit being served; the pad then asks for its rating."""
    session = db()
    dossier = find_dossier(session, code)
    site_id = g.device.site_id if g.device is not None else g.user.site_id
    if site_id not in (None, dossier.site_id):
        raise not_found()
    return record_link(dossier, _visit(dossier, body), body.kind)


def record_link(dossier: Dossier, ticket, kind: str | None):
    """Link ``dossier`` to visit ``ticket`` for the caller (``g``), commit, wake the pad.

    Every route that links a dossier to a visit ends here: 201 new, 200 already linked.
    """
    session = db()
    actor = Actor(user_id=g.user.id if g.user else None,
                  device_id=g.device.id if g.device else None)
    result = link_dossier(session, dossier, ticket, actor, kind=kind,
                          source="integration" if g.device is not None else "counter")
    answer = DossierLinked.of(result.link, dossier, created=result.created).dump()
    outbox = Outbox()
    if result.created and ticket.counter_id is not None:
        outbox.updates.append(Message(
            "dossier_to_rate", DossierToRate.of(result.link, dossier, criteria()).dump(), VOTE,
            counter_room(ticket.counter_id)))
    commit_and_send(session, outbox)
    return answer, 201 if result.created else 200


@api.post("/v1/dossiers/<code>/rating")
@documented("Rate a dossier's visit, one score 1..4 per criterion: the vote pad of the "
            "counter that just handled it, or anyone holding the code (the receipt's QR; a "
            "code not qms's own needs check); the older name of POST /ratings; 409 "
            "already_rated", {201: DossierRated},
            errors=(403, 404, 409, 429), body=DossierRatingRequest, path=DOSSIER_CODE,
            token=VOTE_PAD)
def rate_dossier(code: str, body: DossierRatingRequest):
    """Record one rating per dossier and visit, from the counter's pad or the phone page."""
    return record_rating(code, None, body)


def _no_ticket() -> ApiError:
    return ApiError(404, "ticket_not_found", "Không tìm thấy phiếu này.",
                    "No ticket has this id or code.")


def _ticket_of(ref: int | str, *, by_id: bool) -> Ticket:
    """Find a ticket by its public code, or (``by_id``: a device's call) by its id."""
    session = db()
    if isinstance(ref, int):
        ticket = session.get(Ticket, ref) if by_id else None
    else:
        ticket = ticket_by_public_code(session, ref)
    if ticket is None:
        raise _no_ticket()
    return ticket


def record_rating(code: str | None, ticket_ref: int | str | None, body: DossierRatingRequest):
    """Rate the visit of dossier ``code`` (or the one dossier of visit ``ticket_ref``), from
    the vote pad or, without a token, by the code the citizen holds; commit; answer 201.

    Both rating routes end here.
    """
    session = db()
    scores = check_scores(body.scores, criteria())
    if bearer_token() is not None:
        user, device = authenticate()
        if user is None and device is None:
            raise unauthenticated()  # unknown, revoked or expired
        if device is None or device.kind != VOTE_PAD:
            raise ApiError(403, "wrong_device", "Chỉ máy đánh giá được gửi đánh giá này.",
                           "Only a vote pad may send this rating.")
        counter = pad_counter(device)
        ticket = _ticket_of(ticket_ref, by_id=True) if ticket_ref is not None else None
        if ticket is not None and ticket.site_id != device.site_id:
            raise _no_ticket()  # another site's ticket is not found
        dossier = (find_dossier(session, code) if code is not None
                   else visit_link(session, ticket).dossier)
        if dossier.site_id != device.site_id:
            raise not_found()
        rating = rate_at_pad(session, dossier, counter, scores, device_id=device.id,
                             window_s=vote_window_s(),
                             ticket_id=ticket.id if ticket is not None else None)
    elif ticket_ref is not None:
        # The slip's public code proves the visit; a dossier named must have come with it.
        check_lookup_rate()
        ticket = _ticket_of(ticket_ref, by_id=False)
        dossier = None
        if code is not None:
            try:
                dossier = find_dossier(session, code)
            except QueueError:
                raise not_linked() from None  # the same answer whether it exists or not
        link = visit_link(session, ticket, dossier)
        dossier = link.dossier
        rating = rate_by_code(session, dossier, scores, link=link)
    else:
        dossier = lookup_for_public(code, body.check)
        rating = rate_by_code(session, dossier, scores)
    answer = DossierRated.of(rating, dossier, satisfied=is_satisfied(rating)).dump()
    session.commit()
    return answer, 201
