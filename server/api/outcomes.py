"""The outcome of a citizen's papers at the counter: received, guidance, or refusal."""

from flask import g

from ..auth.guard import require_staff
from ..engine.counter_outcomes import Outcome, record_outcome
from ..engine.dossiers import Receipt
from ..engine.log import Actor
from ..payloads.dossiers import CounterOutcomeView, DossierReceived
from ..printing.receipts import enqueue_receipt
from ..storage import db
from .blueprint import api
from .contract import documented
from .counters import COUNTER_ERRORS, COUNTER_NUMBER, _counter_for_clerk
from .dossiers import applicant_id
from .schemas import OutcomeRequest


@api.post("/v1/counters/<int:number>/outcomes")
@require_staff("clerk")
@documented("Record what came of the papers at the counter: received (a dossier), guidance "
            "(Mẫu 02) or refusal (Mẫu 03)", {201: CounterOutcomeView}, errors=COUNTER_ERRORS,
            body=OutcomeRequest, path=COUNTER_NUMBER)
def counter_outcome(number: int, body: OutcomeRequest):
    """Record an outcome against the ticket the counter serves; a receipt prints if received."""
    counter = _counter_for_clerk(number)
    session = db()
    receipt = Receipt(procedure_name=body.procedure, applicant_name=body.applicant_name,
                      phone=body.phone, processing_days=body.processing_days,
                      **body.receipt_fields(),
                      **applicant_id(body.applicant_id_number if body.kind == "received"
                                     else None))
    record, dossier = record_outcome(
        session, counter.site, counter,
        Outcome(body.kind, receipt, tuple(body.missing), body.reason), Actor(user_id=g.user.id))
    received = None
    if dossier is not None:
        job = enqueue_receipt(session, dossier) if body.print else None
        received = DossierReceived.of(dossier, print_job=job.id if job else None)
    answer = CounterOutcomeView.of(record, received).dump()
    session.commit()
    return answer, 201
