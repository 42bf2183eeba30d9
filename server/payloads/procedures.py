"""Procedures as a kiosk page and an integration show them (lists are the search's own)."""

from flask import url_for

from ..models import ProcedureForm, ProcedureOffer


def form_url(form: ProcedureForm) -> str:
    """Return where a form is downloaded: the stored file here, or its address elsewhere."""
    if form.external_url:
        return form.external_url
    return url_for("api.download_form", code=form.procedure.code, form_id=form.id,
                   _external=True)


def procedure_detail(offer: ProcedureOffer) -> dict:
    """Describe a procedure in full, as its page on the kiosk shows it."""
    procedure = offer.procedure
    return {
        "code": procedure.code, "name": procedure.name, "service": offer.service.code,
        "service_name": offer.service.name, "level": procedure.level,
        "processing_days": procedure.processing_days, "fee": procedure.fee,
        "fee_amount": procedure.fee_amount, "online_url": procedure.online_url,
        "documents": procedure.documents, "legal_basis": procedure.legal_basis,
        "submit_at": procedure.submit_at, "keywords": procedure.keywords,
        "active": procedure.active,
        "forms": [{"id": form.id, "name": form.name, "url": form_url(form)}
                  for form in procedure.forms]}
