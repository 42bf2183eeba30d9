"""Dossiers: receipt at the counter, status changes, the public look-up, the software's PUT."""

from datetime import datetime

from flask import g, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..auth.guard import require_device, require_device_or_staff, require_staff
from ..device_kinds import INTEGRATION
from ..engine.citizens import citizen_of
from ..engine.dossier_clock import clock_for, end_of_office
from ..engine.dossier_links import link_pick_up
from ..engine.dossier_lookup import code_prefix, needs_check, public_dossier
from ..engine.dossiers import (
    EXTERNAL_CODE,
    Receipt,
    change_status,
    extend_due,
    find_dossier,
    normalise_code,
    receive_dossier,
    upsert_from_software,
)
from ..engine.errors import QueueError
from ..engine.handovers import hand_over, steps_of, sync_steps
from ..engine.log import Actor
from ..errors import ApiError
from ..limits import allow, check_lookup_rate, exhausted
from ..models import Counter, Dossier, DossierEvent, Ticket
from ..payloads.dossiers import (
    DossierChanged,
    DossierDetail,
    DossierPublic,
    DossierReceived,
    DossierSynced,
)
from ..printing.receipts import enqueue_receipt
from ..storage import db
from .blueprint import api
from .citizens import hashed_id
from .context import of_user_site, resolve_counter, resolve_site
from .contract import documented
from .schemas import (
    DossierCheckQuery,
    ExtensionRequest,
    HandoverRequest,
    IntegrationDossier,
    ReceiptRequest,
    SiteQuery,
    StatusRequest,
)

DOSSIER_CODE = {"code": {"maxLength": 64}}
# The one-stop software's own code, as the PUT takes it; else 422 invalid_code.
EXTERNAL_DOSSIER_CODE = {"code": {"minLength": 6, "maxLength": 64,
                                  "pattern": f"^{EXTERNAL_CODE.pattern}$"}}


def _staff_dossier(code: str) -> Dossier:
    return of_user_site(find_dossier(db(), code), "dossier_not_found",
                        "Không tìm thấy hồ sơ với mã này.", "No dossier has this code.")


def applicant_id(number: str | None) -> dict:
    """Return the receipt fields for an applicant's ID number: its keyed hash, last digits."""
    hashed = hashed_id(number)
    return {} if hashed is None else dict(zip(("applicant_id_hash", "applicant_id_last4"),
                                              hashed, strict=True))


def _ticket_citizen_id(ticket: Ticket | None) -> dict:
    """Return the ID hash of the person a ticket was taken for, when they scanned their card."""
    citizen = citizen_of(db(), ticket) if ticket is not None else None
    if citizen is None:
        return {}
    return {"applicant_id_hash": citizen.id_hash, "applicant_id_last4": citizen.id_last4}


def _receipt_context(site, body: ReceiptRequest) -> tuple[Ticket | None, Counter | None]:
    ticket = db().get(Ticket, body.ticket_id) if body.ticket_id else None
    if body.ticket_id and (ticket is None or ticket.site_id != site.id):
        raise ApiError(404, "ticket_not_found", "Không tìm thấy phiếu.", "No such ticket.")
    if body.counter is not None:
        return ticket, resolve_counter(site, body.counter)
    counter = db().scalar(select(Counter).where(Counter.site_id == site.id,
                                                Counter.clerk_id == g.user.id))
    return ticket, counter


@api.post("/v1/dossiers")
@require_staff("clerk", "manager")
@documented("Register a dossier received at the counter; its receipt prints",
            {201: DossierReceived}, errors=(404, 409), body=ReceiptRequest, query=SiteQuery)
def create_dossier(body: ReceiptRequest, query: SiteQuery):
    """Register a dossier received at the counter; print its receipt slip."""
    site = resolve_site(g.user)
    ticket, counter = _receipt_context(site, body)
    session = db()
    receipt = Receipt(
        procedure_name=body.procedure, applicant_name=body.applicant_name, phone=body.phone,
        processing_days=body.processing_days, due_date=body.due_date,
        due_reason=body.due_reason, ticket_id=ticket.id if ticket else None,
        **(applicant_id(body.applicant_id_number) or _ticket_citizen_id(ticket)),
        service_id=ticket.service_id if ticket else None,
        counter_id=counter.id if counter else None, **body.receipt_fields())
    dossier = receive_dossier(session, site, receipt, Actor(user_id=g.user.id))
    job = None
    if body.print:
        job = enqueue_receipt(session, dossier)
    answer = DossierReceived.of(dossier, print_job=job.id if job else None).dump()
    session.commit()
    return answer, 201


@api.get("/v1/dossiers/<code>")
@require_staff("clerk", "manager", "admin")
@documented("A dossier of the caller's site with its history", {200: DossierDetail},
            errors=(404,), path=DOSSIER_CODE)
def get_dossier(code: str):
    """Show staff a dossier of their site with its full history."""
    dossier = _staff_dossier(code)
    events = db().scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
                          .order_by(DossierEvent.id)).all()
    return DossierDetail.of(dossier, events, steps_of(db(), dossier)).dump()


@api.post("/v1/dossiers/<code>/handovers")
@require_device_or_staff((INTEGRATION,), ("clerk", "manager"))
@documented("Hand a dossier to another unit, or its result back to the centre (\"centre\"), "
            "which ends the work (Mẫu 06); 409 already_held, dossier_finished",
            {201: DossierDetail}, errors=(404, 409), body=HandoverRequest, path=DOSSIER_CODE)
def hand_over_dossier(code: str, body: HandoverRequest):
    """Record a step of a dossier between units; the answer lists every step."""
    session = db()
    dossier = find_dossier(session, code)
    site_id = g.device.site_id if g.device is not None else g.user.site_id
    if site_id not in (None, dossier.site_id):
        raise ApiError(404, "dossier_not_found", "Không tìm thấy hồ sơ với mã này.",
                       "No dossier has this code.")
    actor = Actor(user_id=g.user.id if g.user else None,
                  device_id=g.device.id if g.device else None)
    hand_over(session, dossier, body.unit, actor, _who(), at=body.at, note=body.note)
    answer = DossierDetail.of(dossier, steps=steps_of(session, dossier)).dump()
    session.commit()
    return answer, 201


def _who() -> str:
    """Return the name a step keeps of whoever recorded it."""
    if g.user is not None:
        return g.user.full_name or g.user.username
    return g.device.name


@api.post("/v1/dossiers/<code>/status")
@require_staff("clerk", "manager")
@documented("Move a dossier to another status", {200: DossierChanged}, errors=(404, 409),
            body=StatusRequest, path=DOSSIER_CODE)
def set_dossier_status(code: str, body: StatusRequest):
    """Move a dossier to its next status; a reason is needed to refuse or ask for more."""
    session = db()
    dossier = _staff_dossier(code)
    changed = change_status(session, dossier, body.status, Actor(user_id=g.user.id),
                            body.reason)
    if changed:
        link_pick_up(session, dossier, _clerk_counter(dossier.site_id), Actor(user_id=g.user.id))
    answer = DossierChanged.of(dossier, changed=changed).dump()
    session.commit()
    return answer


@api.post("/v1/dossiers/<code>/extend")
@require_staff("clerk", "manager")
@documented("Give a dossier that will be late a new due time, with the reason (Mẫu 04)",
            {200: DossierDetail}, errors=(404, 409), body=ExtensionRequest, path=DOSSIER_CODE)
def extend_dossier(code: str, body: ExtensionRequest):
    """Extend a dossier's due time; its original one stays for timeliness."""
    session = db()
    dossier = _staff_dossier(code)
    due_at = body.due_at
    if not isinstance(due_at, datetime):
        due_at = end_of_office(clock_for(session, dossier.site), due_at)
    extend_due(session, dossier, due_at, body.reason, Actor(user_id=g.user.id))
    answer = DossierDetail.of(dossier).dump()
    session.commit()
    return answer


def _clerk_counter(site_id: int) -> Counter | None:
    return db().scalar(select(Counter).where(Counter.site_id == site_id,
                                             Counter.clerk_id == g.user.id))


def lookup_for_public(code: str, check: str | None) -> Dossier:
    """Find a dossier for the public: rate-limited per caller, and per code series on failures.

    Failed guesses of the one-stop software's sequential codes are also counted per series
    (``DOSSIER_PREFIX_FAILURE_LIMIT``, whatever the address), so spreading the guesses over
    many addresses does not walk a series either.
    """
    check_lookup_rate()
    series = code_prefix(code) if needs_check(code) else None
    if series is not None and exhausted("DOSSIER_PREFIX_FAILURE_LIMIT", "dossier-series", series):
        raise ApiError(429, "rate_limited", "Tra cứu quá nhiều lần, vui lòng thử lại sau ít phút.",
                       "Too many look-ups; please try again in a few minutes.")
    try:
        return public_dossier(db(), code, check)
    except QueueError as error:
        if series is not None and error.status == 404:
            allow("DOSSIER_PREFIX_FAILURE_LIMIT", "dossier-series", series)
        raise


@api.get("/v1/dossiers/<code>/status")
@documented("Where a dossier stands, name masked, no reason (public, rate-limited); a code "
            "that is not qms's own needs ?check= the last 4 digits of the applicant's phone or "
            "ID number (403 check_needed)", {200: DossierPublic}, errors=(403, 404, 429),
            path=DOSSIER_CODE, query=DossierCheckQuery)
def dossier_public_status(code: str):
    """Tell whoever holds a dossier's code (and, for a guessable code, 4 digits) where it stands."""
    dossier = lookup_for_public(code, request.args.get("check"))
    return DossierPublic.of(dossier).dump()


@api.put("/v1/dossiers/<code>")
@require_device(INTEGRATION)
@documented("Create (201) or update (200) a dossier from the one-stop software; idempotent",
            {201: DossierSynced, 200: DossierSynced}, errors=(409,), body=IntegrationDossier,
            path=EXTERNAL_DOSSIER_CODE)
def put_dossier(code: str, body: IntegrationDossier):
    """Create or update a dossier from the one-stop software; repeating it changes nothing."""
    if not EXTERNAL_CODE.fullmatch(code):
        raise ApiError(422, "invalid_code", "Mã hồ sơ không hợp lệ (6–64 chữ, số, “.”, “-”).",
                       "Invalid dossier code (6-64 letters, digits, '.', '-').")
    code = normalise_code(code)
    session = db()
    existing = session.scalar(select(Dossier.site_id).where(Dossier.code == code))
    if existing not in (None, g.device.site_id):
        raise ApiError(409, "dossier_of_other_site", "Mã hồ sơ này thuộc đơn vị khác.",
                       "This dossier code belongs to another site.")
    try:
        dossier, created = _upsert(session, code, body)
    except IntegrityError:
        # The same PUT, sent twice at once, created the dossier first: apply it as an update.
        session.rollback()
        dossier, created = _upsert(session, code, body)
    answer = DossierSynced.of(dossier, created=created).dump()
    session.commit()
    return answer, 201 if created else 200


def _upsert(session, code: str, body: IntegrationDossier):
    receipt = Receipt(
        procedure_name=body.procedure, procedure_code=body.procedure_code,
        applicant_name=body.applicant_name, phone=body.phone,
        **applicant_id(body.applicant_id_number),
        # The software's own due date wins over our count of its processing days.
        processing_days=None if body.due_date else body.processing_days,
        due_date=body.due_date)
    actor = Actor(device_id=g.device.id)
    dossier, created = upsert_from_software(
        session, g.device.site, code, receipt, actor, received_at=body.received_at,
        status=body.status, reason=body.reason, returned_at=body.returned_at,
        due_reason=body.due_reason, channel=body.channel)
    sync_steps(session, dossier, [(step.unit, step.at) for step in body.handovers], actor,
               g.device.name)
    return dossier, created
