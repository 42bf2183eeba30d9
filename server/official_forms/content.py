"""What goes on each form, read from a dossier or a counter outcome (no Flask here).

A dossier's forms: Mẫu 01 always; Mẫu 02 while the citizen is asked for more documents;
Mẫu 03 once refused; Mẫu 04 once extended; Mẫu 05 once withdrawn or refused. Guidance and
refusals at the counter have no dossier: their Mẫu 02 or 03 comes from the outcome itself.
The register number (Mẫu 01, Mẫu 07's "Số thứ tự") is the dossier's rank among the site's
dossiers received in the same year, counted when printed, so it needs no column of its own.
"""

from datetime import UTC, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..engine.days import VIETNAM
from ..engine.errors import QueueError
from ..engine.handovers import steps_of
from ..models import CounterOutcome, Dossier, Site, User
from ..models.dossier import (
    OUTCOME_RECEIVED,
    OUTCOME_SUPPLEMENT,
    REFUSED,
    RESULT_DELIVERIES,
    SUPPLEMENT_REQUESTED,
    WITHDRAWN,
)
from .forms import (
    ApologyForm,
    Applicant,
    ControlSheetForm,
    DocumentReceived,
    OfficialForm,
    ReceiptForm,
    RefusalForm,
    StopNoticeForm,
    SupplementForm,
)
from .page import Heading

# The symbol after the number on each form ("Số: 125/TNHS").
SYMBOLS = {"01": "TNHS", "02": "HDBS", "03": "TCHS", "04": "XL", "05": "DGQ", "06": "KS"}
DOSSIER_FORMS = ("01", "02", "03", "04", "05", "06")


def processing_time_text(days: float | None) -> str:
    """Return a procedure's time as the national pages write it ("03 ngày làm việc")."""
    if days is None:
        return ""
    if days == 0:
        return "Trong ngày"
    whole = f"{int(days):02d}" if days == int(days) else f"{days:g}".replace(".", ",")
    return f"{whole} ngày làm việc"


def heading(site: Site, centre_name: str, form_number: str, serial: int,
            day_of: datetime) -> Heading:
    """Return the heading of a form issued by ``site`` for the moment ``day_of``."""
    centre, site_name = site.heading_lines(centre_name)
    authority = site.form_authority or (centre if site_name else "")
    return Heading(authority=authority, unit=site_name or centre,
                   number=f"Số: {serial}/{SYMBOLS[form_number]}", place=site.form_place,
                   day=day_of.astimezone(VIETNAM).date())


def _year_start(moment: datetime) -> datetime:
    local = moment.astimezone(VIETNAM)
    return local.replace(month=1, day=1, hour=0, minute=0, second=0,
                         microsecond=0).astimezone(UTC)


def register_number(session: Session, dossier: Dossier) -> int:
    """Return the dossier's rank in its site's register of the year it was received."""
    return session.scalar(select(func.count(Dossier.id)).where(
        Dossier.site_id == dossier.site_id,
        Dossier.received_at >= _year_start(dossier.received_at),
        or_(Dossier.received_at < dossier.received_at,
            and_(Dossier.received_at == dossier.received_at, Dossier.id <= dossier.id)))) or 1


def _outcome_serial(session: Session, outcome: CounterOutcome) -> int:
    return session.scalar(select(func.count(CounterOutcome.id)).where(
        CounterOutcome.site_id == outcome.site_id, CounterOutcome.kind == outcome.kind,
        CounterOutcome.at >= _year_start(outcome.at), CounterOutcome.id <= outcome.id)) or 1


def _not_applicable(number: str, message: str, message_en: str) -> QueueError:
    return QueueError("form_not_applicable", f"Mẫu {number}: {message}", message_en, 409)


def dossier_form(session: Session, dossier: Dossier, number: str,
                 centre_name: str) -> OfficialForm:
    """Return form ``number`` ("01"…"06") of ``dossier``, or raise why it has none."""
    if number not in DOSSIER_FORMS:
        raise QueueError("unknown_form", "Không có biểu mẫu số này.", "No such form.", 404)
    serial = register_number(session, dossier)
    clerk = dossier.clerk.full_name if dossier.clerk else ""
    common = {"applicant": Applicant(dossier.applicant_name, dossier.applicant_address,
                                     dossier.phone),
              "procedure": _procedure(dossier.procedure_name, dossier.procedure_code)}
    site = dossier.site
    if number == "01":
        return ReceiptForm(
            heading=heading(site, centre_name, number, serial, dossier.received_at), **common,
            code=dossier.code, documents=tuple(_documents(dossier.documents)),
            sets=dossier.sets or 1, processing_time=processing_time_text(dossier.processing_days),
            received_at=dossier.received_at, due_at=dossier.original_due_at or dossier.due_at,
            delivery=RESULT_DELIVERIES.get(dossier.result_delivery, ("", ""))[0],
            register_book=str(dossier.received_at.astimezone(VIETNAM).year),
            register_number=str(serial), clerk_name=clerk)
    if number == "06":
        steps = tuple(steps_of(session, dossier))
        return ControlSheetForm(
            heading=heading(site, centre_name, number, serial, dossier.received_at), **common,
            code=dossier.code, received_at=dossier.received_at,
            due_at=dossier.original_due_at or dossier.due_at, steps=steps)
    changed = dossier.status_changed_at
    if number == "02":
        if dossier.status != SUPPLEMENT_REQUESTED:
            raise _not_applicable(number, "hồ sơ không ở trạng thái cần bổ sung.",
                                  "The dossier is not waiting for more documents.")
        return SupplementForm(
            heading=heading(site, centre_name, number, serial, changed), **common,
            missing=tuple(_lines(dossier.status_reason)), clerk_name=clerk,
            contact_phone=(site.feedback_contact or {}).get("phone", ""))
    if number == "03":
        if dossier.status != REFUSED:
            raise _not_applicable(number, "hồ sơ chưa bị từ chối.", "The dossier is not refused.")
        return RefusalForm(heading=heading(site, centre_name, number, serial, changed),
                           **common, reason=dossier.status_reason, clerk_name=clerk)
    letter = {"code": dossier.code, "received_at": dossier.received_at}
    if number == "04":
        if dossier.original_due_at is None:
            raise _not_applicable(number, "hồ sơ chưa được hẹn lại ngày trả kết quả.",
                                  "The dossier's due time was never extended.")
        return ApologyForm(
            heading=heading(site, centre_name, number, serial, dossier.original_due_at),
            **common, **letter, original_due_at=dossier.original_due_at,
            new_due_at=dossier.due_at, reason=dossier.extension_reason)
    if dossier.status not in (WITHDRAWN, REFUSED):
        raise _not_applicable(number, "hồ sơ chưa dừng giải quyết.",
                              "Processing of the dossier has not stopped.")
    stopped = dossier.finished_at or changed
    return StopNoticeForm(heading=heading(site, centre_name, number, serial, stopped), **common,
                          **letter, stopped_at=stopped,
                          at_applicant_request=dossier.status == WITHDRAWN,
                          reason=dossier.status_reason)


def outcome_form(session: Session, outcome: CounterOutcome, centre_name: str) -> OfficialForm:
    """Return the Mẫu 02 or 03 handed over at the counter for a guidance or a refusal."""
    if outcome.kind == OUTCOME_RECEIVED:
        dossier = session.get(Dossier, outcome.dossier_id)
        return dossier_form(session, dossier, "01", centre_name)
    site = session.get(Site, outcome.site_id)
    clerk = session.get(User, outcome.clerk_id) if outcome.clerk_id else None
    number = "02" if outcome.kind == OUTCOME_SUPPLEMENT else "03"
    common = {"heading": heading(site, centre_name, number, _outcome_serial(session, outcome),
                                 outcome.at),
              "applicant": Applicant(outcome.applicant_name, outcome.applicant_address,
                                     outcome.phone),
              "procedure": _procedure(outcome.procedure_name, outcome.procedure_code),
              "clerk_name": clerk.full_name if clerk else ""}
    if number == "02":
        return SupplementForm(**common, missing=tuple(outcome.missing),
                              contact_phone=(site.feedback_contact or {}).get("phone", ""))
    return RefusalForm(**common, reason=outcome.reason)


def _procedure(name: str, code: str) -> str:
    return f"{name} ({code})" if code else name


def _lines(value: str) -> list[str]:
    return [line.strip(" -•\t") for line in value.splitlines() if line.strip(" -•\t")]


def _documents(rows: list) -> list[DocumentReceived]:
    return [DocumentReceived(str(row.get("name", "")), int(row.get("originals") or 0),
                             int(row.get("copies") or 0))
            for row in rows or [] if isinstance(row, dict) and row.get("name")]
