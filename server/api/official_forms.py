"""The official forms as A4 PDF: a dossier's Mẫu 01–06, and the Mẫu 02 or 03 handed over
for guidance or a refusal at the counter (no dossier). Staff of the form's site only.

Each form may also be sent to the office printer of the counter it belongs to (the counter
that received the dossier or recorded the outcome), through the spooler; a counter without
one answers 409 ``no_office_printer`` and the console opens the PDF instead."""

from flask import Response, current_app, g
from sqlalchemy import select

from ..auth.guard import require_staff
from ..errors import ApiError
from ..models import Counter, CounterOutcome, PrintJob
from ..models.printing import DOCUMENT
from ..official_forms.content import dossier_form, outcome_form
from ..official_forms.forms import OfficialForm
from ..payloads.printers import OfficePrint
from ..printing.office import enqueue_document
from ..printing.worker import offload_cpu
from ..storage import db
from .blueprint import api
from .contract import Media, documented
from .dossiers import DOSSIER_CODE, _staff_dossier
from .schemas import EmptyRequest

PDF = Media("application/pdf", "The form as an A4 PDF page, its font embedded")
FORM_NUMBER = {"form": {"pattern": "^0[1-6]$"}}
OUTCOME_ID = {"outcome_id": {"minimum": 1, "maximum": 2**31 - 1}}


def _render(form: OfficialForm) -> bytes:
    """Render off the server's event loop: a form takes a few hundred ms of CPU (its fonts),
    which would otherwise hold up every kiosk, TV and console socket meanwhile."""
    return offload_cpu(current_app, form.render)


def _pdf(form: OfficialForm, name: str) -> Response:
    return Response(_render(form), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="mau-{form.number}-{name}.pdf"',
        "Cache-Control": "no-store"})


@api.get("/v1/dossiers/<code>/forms/<form>.pdf")
@require_staff("clerk", "manager", "admin")
@documented("A dossier's official form as PDF: 01 receipt, 02 request for documents, "
            "03 refusal, 04 apology and new date, 05 notice that processing stops, "
            "06 control sheet of the hand-overs", {200: PDF}, errors=(404, 409),
            path={**DOSSIER_CODE, **FORM_NUMBER})
def dossier_form_pdf(code: str, form: str):
    """Render one of the dossier's forms for staff of its site."""
    dossier = _staff_dossier(code)
    return _pdf(dossier_form(db(), dossier, form, current_app.config["CENTRE_NAME"]),
                dossier.code)


@api.post("/v1/dossiers/<code>/forms/<form>/print")
@require_staff("clerk", "manager", "admin")
@documented("Print one of a dossier's official forms on the office printer of the counter "
            "that received it (never on a kiosk); 409 no_office_printer when it has none",
            {202: OfficePrint}, errors=(404, 409), body=EmptyRequest,
            path={**DOSSIER_CODE, **FORM_NUMBER})
def print_dossier_form(code: str, form: str, body: EmptyRequest):
    """Queue a dossier's form for its counter's office printer."""
    session = db()
    dossier = _staff_dossier(code)
    document = dossier_form(session, dossier, form, current_app.config["CENTRE_NAME"])
    return _queued(session, _printing_counter(session, dossier.site_id, dossier.counter),
                   document, dossier.id)


@api.post("/v1/outcomes/<int:outcome_id>/form/print")
@require_staff("clerk", "manager", "admin")
@documented("Print the form of an outcome at the counter on that counter's office printer "
            "(never on a kiosk); 409 no_office_printer when it has none",
            {202: OfficePrint}, errors=(404, 409), body=EmptyRequest, path=OUTCOME_ID)
def print_outcome_form(outcome_id: int, body: EmptyRequest):
    """Queue an outcome's form for its counter's office printer."""
    session = db()
    outcome = _staff_outcome(outcome_id)
    document = outcome_form(session, outcome, current_app.config["CENTRE_NAME"])
    counter = session.get(Counter, outcome.counter_id) if outcome.counter_id else None
    return _queued(session, _printing_counter(session, outcome.site_id, counter), document,
                   outcome.dossier_id)


def _printing_counter(session, site_id: int, form_counter: Counter | None) -> Counter | None:
    """Return the counter whose printer prints: the clerk's own open counter of the form's
    site (where the clerk stands), else the counter the form was made at."""
    own = session.scalars(select(Counter).where(
        Counter.clerk_id == g.user.id, Counter.site_id == site_id).order_by(Counter.id)).first()
    return own or form_counter


@api.get("/v1/printers/jobs/<int:job_id>")
@require_staff("clerk", "manager", "admin")
@documented("How a form sent to a counter's office printer is doing: queued (retried while "
            "the printer is off), done or failed", {200: OfficePrint}, errors=(404,),
            path={"job_id": {"minimum": 1, "maximum": 2**31 - 1}})
def office_print_job(job_id: int):
    """Answer the state of a form's print job, for staff of the counter's site."""
    job = db().get(PrintJob, job_id)
    if (job is None or job.reason != DOCUMENT or job.counter is None
            or g.user.site_id not in (None, job.counter.site_id)):
        raise ApiError(404, "print_job_not_found", "Không tìm thấy lệnh in biểu mẫu này.",
                       "No such form print job.")
    return OfficePrint.of(job).dump()


def _queued(session, counter: Counter | None, document: OfficialForm,
            dossier_id: int | None):
    job = enqueue_document(session, counter, lambda: _render(document), dossier_id)
    answer = OfficePrint.of(job).dump()
    session.commit()
    return answer, 202


def _staff_outcome(outcome_id: int) -> CounterOutcome:
    outcome = db().get(CounterOutcome, outcome_id)
    if outcome is None or g.user.site_id not in (None, outcome.site_id):
        raise ApiError(404, "outcome_not_found", "Không tìm thấy kết quả tiếp nhận này.",
                       "No such outcome at the counter.")
    return outcome


@api.get("/v1/outcomes/<int:outcome_id>/form.pdf")
@require_staff("clerk", "manager", "admin")
@documented("The form handed over for an outcome at the counter, as PDF: Mẫu 02 for "
            "guidance, Mẫu 03 for a refusal, Mẫu 01 of the dossier received",
            {200: PDF}, errors=(404,), path=OUTCOME_ID)
def outcome_form_pdf(outcome_id: int):
    """Render the form of an outcome recorded at a counter of the caller's site."""
    session = db()
    outcome = _staff_outcome(outcome_id)
    return _pdf(outcome_form(session, outcome, current_app.config["CENTRE_NAME"]),
                str(outcome.id))
