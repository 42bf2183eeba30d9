"""Procedures as a kiosk page and an integration show them (lists are the search's own)."""

from typing import Self

from flask import url_for
from pydantic import Field

from ..models import ProcedureForm, ProcedureOffer
from .common import Payload


def form_url(form: ProcedureForm) -> str:
    """Return where a form is downloaded: the stored file here, or its address elsewhere."""
    if form.external_url:
        return form.external_url
    return url_for("api.download_form", code=form.procedure.code, form_id=form.id, _external=True)


class ProcedureSummary(Payload):
    """A search hit: enough to list it; the detail has the rest."""

    code: str
    name: str
    service: str
    service_name: str
    level: str
    processing_days: int | float | None


class ProcedureList(Payload):
    site: str
    total: int = Field(description="hits in all; limit and offset page through them")
    limit: int
    offset: int
    procedures: list[ProcedureSummary]


class RequiredDocumentView(Payload):
    name: str
    kind: str
    count: int


class FormView(Payload):
    id: int
    name: str
    url: str


class ChannelTermsView(Payload):
    fee: str | None = None
    fee_amount: int | None = None
    processing_days: int | float | None = None


class ProcedureDetail(ProcedureSummary):
    """A procedure in full, as its page on the kiosk shows it."""

    local_code: str = Field(description="the code with the agency's suffix "
                            "(1.001193.000.00.00.H12), or empty; both codes find it")
    channel_terms: dict[str, ChannelTermsView] = Field(
        description="online / post: the fee and time where they differ from the procedure's")
    fee: str
    fee_amount: int | None
    online_url: str
    documents: list[RequiredDocumentView]
    legal_basis: str
    submit_at: str
    keywords: str
    active: bool
    forms: list[FormView]

    @classmethod
    def of(cls, offer: ProcedureOffer) -> Self:
        """Describe a procedure in full, as its page on the kiosk shows it."""
        procedure = offer.procedure
        return cls(
            code=procedure.code,
            local_code=procedure.local_code or "",
            channel_terms=procedure.channel_terms or {},
            name=procedure.name,
            service=offer.service.code,
            service_name=offer.service.name,
            level=procedure.level,
            processing_days=procedure.processing_days,
            fee=procedure.fee,
            fee_amount=procedure.fee_amount,
            online_url=procedure.online_url,
            documents=procedure.documents,
            legal_basis=procedure.legal_basis,
            submit_at=procedure.submit_at,
            keywords=procedure.keywords,
            active=procedure.active,
            forms=[
                FormView(id=form.id, name=form.name, url=form_url(form)) for form in procedure.forms
            ],
        )
