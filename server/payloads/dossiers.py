"""What a dossier looks like to staff and, masked, to the public."""

from datetime import date
from typing import Literal, Self

from pydantic import Field

from ..engine.days import VIETNAM
from ..engine.dossiers import mask_name, timeliness
from ..models import Dossier, DossierEvent, utcnow
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
DossierStatus = Literal[
    "received", "in_progress", "supplement_requested", "ready", "returned", "refused", "withdrawn"
]


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
    due_date: date
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
            overdue=timeliness(dossier, vietnam_today()) == "overdue",
            applicant=mask_name(dossier.applicant_name),
            collect_at=CollectAt(site=site.name, address=site.address),
            **extra,
        )


class DossierEventView(Payload):
    at: Moment
    kind: str
    status: str | None
    reason: str | None
    user_id: int | None
    device_id: int | None


class DossierDetail(DossierPublic):
    """A dossier in full, to the staff of its site."""

    reason: str = Field(description="why it was refused or documents were asked for")
    applicant_name: str
    applicant_id_last4: str = Field(description="the ID number's last four digits, or empty")
    phone: str
    site: str
    procedure_code: str | None
    processing_days: int | float | None
    due_override_reason: str | None
    received_at: Moment
    returned_at: Moment | None
    timeliness: str
    ticket_id: int | None
    source: str
    status_url: str
    events: list[DossierEventView] | None = Field(None, description="GET only: the history")

    @classmethod
    def of(cls, dossier: Dossier, events: list[DossierEvent] | None = None, **extra) -> Self:
        """Describe a dossier in full to the staff of its site; ``events``, its history."""
        if events is not None:
            extra["events"] = [
                DossierEventView(
                    at=event.at,
                    kind=event.kind,
                    status=event.status,
                    reason=event.reason,
                    user_id=event.user_id,
                    device_id=event.device_id,
                )
                for event in events
            ]
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
            received_at=dossier.received_at,
            returned_at=dossier.returned_at,
            timeliness=timeliness(dossier, vietnam_today()),
            ticket_id=dossier.ticket_id,
            source=dossier.source,
            status_url=f"/hs/{dossier.code}",
            **extra,
        )


class DossierReceived(DossierDetail):
    print_job: int | None


class DossierChanged(DossierDetail):
    changed: bool


class DossierSynced(DossierDetail):
    created: bool
