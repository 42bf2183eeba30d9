"""What a dossier looks like to staff and, masked, to the public."""

from datetime import date
from typing import Literal, Self

from pydantic import Field

from ..engine.counter_outcomes import OUTCOME_LABELS
from ..engine.days import VIETNAM
from ..engine.dossier_clock import current_due_at, judged_due_at
from ..engine.dossiers import mask_name, timeliness
from ..engine.handovers import HandoverStep, unit_at
from ..models import DOSSIER_STATUSES, CounterOutcome, Dossier, DossierEvent, utcnow
from ..models.dossier import OUTCOME_KINDS
from .common import Moment, Payload

STATUS_LABELS = {
    "received": ("Đã tiếp nhận", "Received"),
    "in_progress": ("Đang giải quyết", "Being processed"),
    "supplement_requested": ("Cần bổ sung giấy tờ", "Additional documents requested"),
    "ready": ("Đã có kết quả — mời quý khách đến nhận", "Result ready for collection"),
    "returned": ("Đã trả kết quả", "Result returned"),
    "refused": ("Từ chối giải quyết", "Refused"),
    "withdrawn": ("Đã rút hồ sơ", "Withdrawn"),
}
DossierStatus = Literal[DOSSIER_STATUSES]


def vietnam_today() -> date:
    """Return today's date in Vietnam, the day "overdue" is judged on."""
    return utcnow().astimezone(VIETNAM).date()


class CollectAt(Payload):
    site: str
    address: str | None


class DossierPublic(Payload):
    """A dossier as anyone with its code sees it: the name masked, never the reason (clerks
    and the one-stop software write names and ID numbers into it)."""

    code: str
    procedure: str
    status: DossierStatus
    status_label: str
    status_label_en: str
    received_date: date
    due_date: date = Field(description="the local date of due_at")
    due_at: Moment = Field(description="due to the minute on the legal clock (working time, "
                           "the 15:00 cut-off for same-day procedures)")
    original_due_at: Moment | None = Field(
        description="the first due time, kept when extended (Mẫu 04); timeliness is judged "
                    "against it")
    clock_paused: bool = Field(description="the clock stands still: documents were asked for")
    overdue: bool
    applicant: str
    collect_at: CollectAt

    @classmethod
    def of(cls, dossier: Dossier, **extra) -> Self:
        """Describe a dossier to whoever holds its code: no personal data but a masked name."""
        label, label_en = STATUS_LABELS[dossier.status]
        site = dossier.site
        return cls(
            code=dossier.code,
            procedure=dossier.procedure_name,
            status=dossier.status,
            status_label=label,
            status_label_en=label_en,
            received_date=dossier.received_at.astimezone(VIETNAM).date(),
            due_date=dossier.due_date,
            due_at=current_due_at(dossier),
            original_due_at=dossier.original_due_at,
            clock_paused=dossier.clock_paused_at is not None,
            overdue=timeliness(dossier, vietnam_today()) == "overdue",
            applicant=mask_name(dossier.applicant_name),
            collect_at=CollectAt(site=site.name, address=site.address),
            **extra,
        )


# Built from its DossierEvent row by attribute: the fields are named as the row's columns.
class DossierEventView(Payload):
    at: Moment
    kind: str
    status: str | None
    reason: str | None
    user_id: int | None
    device_id: int | None


# Built from the engine's HandoverStep by attribute: the fields are named as its own.
class HandoverStepView(Payload):
    unit: str
    received_at: Moment
    handed_at: Moment | None = Field(description="null while the unit holds it")
    by: str = Field(description="who took it in")
    note: str
    on_time: bool | None = Field(description="handed on by the (original) due time; null "
                                 "while held within it")


class DossierDetail(DossierPublic):
    """A dossier in full, to the staff of its site."""

    reason: str = Field(description="why it was refused or documents were asked for")
    applicant_name: str
    applicant_id_last4: str = Field(description="the ID number's last four digits, or empty")
    phone: str
    site: str
    procedure_code: str | None
    processing_days: int | float | None = Field(
        description="working days; 0.5 half a day, 0 the same day")
    due_override_reason: str | None
    extension_reason: str = Field(description="why the due time was extended, or empty")
    received_at: Moment
    returned_at: Moment | None
    timeliness: str
    ticket_id: int | None
    source: str
    status_url: str
    events: list[DossierEventView] | None = Field(None, description="GET only: the history")
    channel: str = Field(description="in_person, online or post")
    result_at: Moment | None = Field(
        description="when the work ended: the result back at the centre (ready), or refused")
    handovers: list[HandoverStepView] | None = Field(
        None, description="GET and hand-overs: the steps between units (Mẫu 06)")
    late_unit: str | None = Field(None, description="the unit that held it when the "
                                  "(original) due time passed, when late or overdue")

    @classmethod
    def of(cls, dossier: Dossier, events: list[DossierEvent] | None = None,
           steps: list[HandoverStep] | None = None, **extra) -> Self:
        """Describe a dossier in full to the staff of its site; ``events``, its history;
        ``steps``, its hand-overs between units."""
        if steps is not None:
            extra["handovers"] = [HandoverStepView.model_validate(step, from_attributes=True)
                                  for step in steps]
            if timeliness(dossier, vietnam_today()) in ("late", "overdue"):
                extra["late_unit"] = unit_at(steps, judged_due_at(dossier))
        if events is not None:
            extra["events"] = [DossierEventView.model_validate(event, from_attributes=True)
                               for event in events]
        return super().of(
            dossier,
            reason=dossier.status_reason
            if dossier.status in ("supplement_requested", "refused")
            else "",
            applicant_name=dossier.applicant_name,
            applicant_id_last4=dossier.applicant_id_last4,
            phone=dossier.phone,
            site=dossier.site.code,
            procedure_code=dossier.procedure_code,
            processing_days=dossier.processing_days,
            due_override_reason=dossier.due_override_reason,
            extension_reason=dossier.extension_reason,
            received_at=dossier.received_at,
            returned_at=dossier.returned_at,
            timeliness=timeliness(dossier, vietnam_today()),
            ticket_id=dossier.ticket_id,
            source=dossier.source,
            channel=dossier.channel,
            result_at=dossier.finished_at if dossier.status != "withdrawn" else None,
            status_url=f"/hs/{dossier.code}",
            **extra,
        )


class DossierReceived(DossierDetail):
    print_job: int | None


class DossierChanged(DossierDetail):
    changed: bool


class DossierSynced(DossierDetail):
    created: bool


class CounterOutcomeView(Payload):
    """What came of a citizen's papers at the counter; a dossier only when received."""

    id: int
    kind: Literal[OUTCOME_KINDS]
    kind_label: str
    kind_label_en: str
    procedure: str
    procedure_code: str
    ticket_id: int | None = Field(description="the ticket the counter was serving")
    missing: list[str] = Field(description="supplement: the documents to bring (Mẫu 02)")
    reason: str = Field(description="refused: why (Mẫu 03)")
    at: Moment
    dossier: DossierReceived | None
    form_url: str = Field(description="the form handed over, as A4 PDF: Mẫu 01 of the dossier "
                                      "received, else the outcome's Mẫu 02 or 03")

    @classmethod
    def of(cls, outcome: CounterOutcome, dossier: DossierReceived | None = None) -> Self:
        """Describe an outcome at the counter to the clerk who recorded it."""
        label, label_en = OUTCOME_LABELS[outcome.kind]
        return cls(id=outcome.id, kind=outcome.kind, kind_label=label, kind_label_en=label_en,
                   procedure=outcome.procedure_name, procedure_code=outcome.procedure_code,
                   ticket_id=outcome.ticket_id, missing=list(outcome.missing),
                   reason=outcome.reason, at=outcome.at, dossier=dossier,
                   form_url=(f"/api/v1/dossiers/{dossier.code}/forms/01.pdf" if dossier
                             else f"/api/v1/outcomes/{outcome.id}/form.pdf"))
