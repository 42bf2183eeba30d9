"""The contract's names for linking dossiers to visits and rating them.

``POST /tickets/<ref>/dossiers`` and ``POST /counters/<n>/serving/dossiers`` name the visit in
the path and the dossier in the body; ``POST /ratings`` takes the dossier, the visit or both.
They end in the same calls as ``POST /dossiers/<code>/link`` and ``…/rating``
(``dossier_links.py``), kept for clients written against them.
"""

from flask import g

from ..auth.guard import require_device_or_staff
from ..device_kinds import INTEGRATION, VOTE_PAD
from ..engine.dossier_links import no_ticket, serving_ticket, ticket_by_ref
from ..engine.dossiers import find_dossier
from ..errors import ApiError
from ..models import Counter, Dossier
from ..payloads.dossier_links import DossierLinked, DossierRated
from ..storage import db
from .blueprint import api
from .context import may_staff, resolve_counter, resolve_site
from .contract import documented
from .counters import COUNTER_NUMBER
from .dossier_links import not_found, record_link, record_rating
from .schemas import RatingRequest, SiteQuery, VisitDossierRequest

TICKET_REF = {"ref": {"minLength": 1, "maxLength": 32,
                      "description": "The ticket's id, or its public code (the slip's QR)"}}
LINKS = {201: DossierLinked, 200: DossierLinked}


def _not_your_counter(counter: Counter | None) -> ApiError:
    number = counter.number if counter is not None else "?"
    return ApiError(403, "counter_not_allowed",
                    f"Tài khoản này không được phân công tại quầy {number}.",
                    f"You are not assigned to counter {number}.")


def _dossier_of_site(code: str, site_id: int) -> Dossier:
    dossier = find_dossier(db(), code)
    if dossier.site_id != site_id:
        raise not_found()  # another site's dossier is not found
    return dossier


@api.post("/v1/tickets/<ref>/dossiers")
@require_device_or_staff((INTEGRATION,), ("clerk",))
@documented("Link a dossier to a visit of today, named by its ticket's id or public code: "
            "received (handed in) or returned (result collected); the clerk of the counter "
            "that served the ticket, or the site's integration token. 201 new, 200 already "
            "linked; 404 ticket_not_found, dossier_not_found; 403 counter_not_allowed; 409 "
            "ticket_not_served, dossier_linked_elsewhere", LINKS, errors=(404, 409),
            body=VisitDossierRequest, path=TICKET_REF)
def link_dossier_to_ticket(ref: str, body: VisitDossierRequest):
    """Link the dossier in the body to the visit the path names."""
    ticket = ticket_by_ref(db(), ref)
    if g.device is not None:
        if ticket.site_id != g.device.site_id:
            raise no_ticket()  # another site's ticket is not found
    elif g.user.site_id not in (None, ticket.site_id):
        raise no_ticket()
    elif ticket.counter is None or not may_staff(g.user, ticket.counter):
        raise _not_your_counter(ticket.counter)
    return record_link(_dossier_of_site(body.code, ticket.site_id), ticket, body.kind)


@api.post("/v1/counters/<int:number>/serving/dossiers")
@require_device_or_staff((INTEGRATION,), ("clerk",))
@documented("Link a dossier to the visit counter <number> is serving now: received or "
            "returned; the counter's clerk (?site= for a clerk of several sites), or the "
            "site's integration token. 201 new, 200 already linked; 404 unknown_counter, "
            "dossier_not_found; 403 counter_not_allowed; 409 nothing_serving, "
            "dossier_linked_elsewhere", LINKS, errors=(404, 409), body=VisitDossierRequest,
            query=SiteQuery, path=COUNTER_NUMBER)
def link_dossier_to_serving(number: int, body: VisitDossierRequest, query: SiteQuery):
    """Link the dossier in the body to the visit being served at the counter."""
    if g.device is not None:
        counter = resolve_counter(g.device.site, number)
    else:
        counter = resolve_counter(resolve_site(g.user), number)
        if not may_staff(g.user, counter):
            raise _not_your_counter(counter)
    dossier = _dossier_of_site(body.code, counter.site_id)
    return record_link(dossier, serving_ticket(counter), body.kind)


@api.post("/v1/ratings")
@documented("Rate a dossier's visit, one score 1..4 per configured criterion: {dossier}, "
            "{ticket} (its only dossier not rated yet) or both. The vote pad of the counter "
            "that just handled it (ticket: id or public code), or, without a token, whoever "
            "holds the receipt's code (dossier; a code not qms's own needs check) or the "
            "slip's public code (ticket). 409 already_rated, rating_window_over; 404 "
            "dossier_not_found, ticket_not_found, not_linked, nothing_to_rate; 403 "
            "wrong_device, pad_unbound, dossier_other_counter, check_needed; 422 "
            "invalid_scores, dossier_required", {201: DossierRated},
            errors=(403, 404, 409, 429), body=RatingRequest, token=VOTE_PAD)
def create_rating(body: RatingRequest):
    """Record one rating per dossier and visit."""
    return record_rating(body.dossier, body.ticket, body)
