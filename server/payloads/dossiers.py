"""What a dossier looks like to staff and, masked, to the public."""

from datetime import date

from ..engine.counter_outcomes import OUTCOME_LABELS
from ..engine.days import VIETNAM
from ..engine.dossier_clock import current_due_at
from ..engine.dossiers import mask_name, timeliness
from ..models import CounterOutcome, Dossier, DossierEvent, utcnow
from .common import iso

STATUS_LABELS = {
    "received": ("Đã tiếp nhận", "Received"),
    "in_progress": ("Đang giải quyết", "Being processed"),
    "supplement_requested": ("Cần bổ sung giấy tờ", "Additional documents requested"),
    "ready": ("Đã có kết quả — mời quý khách đến nhận", "Result ready for collection"),
    "returned": ("Đã trả kết quả", "Result returned"),
    "refused": ("Từ chối giải quyết", "Refused"),
    "withdrawn": ("Đã rút hồ sơ", "Withdrawn"),
}


def vietnam_today() -> date:
    """Return today's date in Vietnam, the day "overdue" is judged on."""
    return utcnow().astimezone(VIETNAM).date()


def dossier_public_view(dossier: Dossier) -> dict:
    """Describe a dossier to whoever holds its code: no personal data but a masked name."""
    label, label_en = STATUS_LABELS[dossier.status]
    site = dossier.site
    return {
        "code": dossier.code,
        "procedure": dossier.procedure_name,
        "status": dossier.status,
        "status_label": label,
        "status_label_en": label_en,
        "reason": dossier.status_reason if dossier.status in (
            "supplement_requested", "refused") else "",
        "received_date": dossier.received_at.astimezone(VIETNAM).date().isoformat(),
        "due_date": dossier.due_date.isoformat(),
        "due_at": iso(current_due_at(dossier)),
        "original_due_at": iso(dossier.original_due_at),
        "clock_paused": dossier.clock_paused_at is not None,
        "overdue": timeliness(dossier, vietnam_today()) == "overdue",
        "applicant": mask_name(dossier.applicant_name),
        "collect_at": {"site": site.name, "address": site.address},
    }


def dossier_detail(dossier: Dossier, events: list[DossierEvent] | None = None) -> dict:
    """Describe a dossier in full to the staff of its site."""
    view = dossier_public_view(dossier) | {
        "applicant_name": dossier.applicant_name,
        "applicant_id_last4": dossier.applicant_id_last4,
        "phone": dossier.phone,
        "site": dossier.site.code,
        "procedure_code": dossier.procedure_code,
        "processing_days": dossier.processing_days,
        "due_override_reason": dossier.due_override_reason,
        "extension_reason": dossier.extension_reason,
        "received_at": dossier.received_at.isoformat(),
        "returned_at": iso(dossier.returned_at),
        "timeliness": timeliness(dossier, vietnam_today()),
        "ticket_id": dossier.ticket_id,
        "source": dossier.source,
        "status_url": f"/hs/{dossier.code}",
    }
    if events is not None:
        view["events"] = [{"at": event.at.isoformat(), "kind": event.kind,
                           "status": event.status, "reason": event.reason,
                           "user_id": event.user_id, "device_id": event.device_id}
                          for event in events]
    return view


def counter_outcome_view(outcome: CounterOutcome, dossier: Dossier | None = None) -> dict:
    """Describe an outcome at the counter to the clerk who recorded it."""
    label, label_en = OUTCOME_LABELS[outcome.kind]
    return {
        "id": outcome.id, "kind": outcome.kind, "kind_label": label, "kind_label_en": label_en,
        "procedure": outcome.procedure_name, "procedure_code": outcome.procedure_code,
        "ticket_id": outcome.ticket_id, "missing": list(outcome.missing),
        "reason": outcome.reason, "at": outcome.at.isoformat(),
        "dossier": dossier_detail(dossier) if dossier is not None else None,
    }
