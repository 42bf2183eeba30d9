"""The official forms as A4 PDF: a dossier's Mẫu 01–05, and the Mẫu 02 or 03 handed over
for guidance or a refusal at the counter (no dossier). Staff of the form's site only."""

from flask import Response, current_app, g

from ..auth.guard import require_staff
from ..errors import ApiError
from ..models import CounterOutcome
from ..official_forms.content import dossier_form, outcome_form
from ..official_forms.forms import OfficialForm
from ..storage import db
from .blueprint import api
from .contract import Media, documented
from .dossiers import DOSSIER_CODE, _staff_dossier

PDF = Media("application/pdf", "The form as an A4 PDF page, its font embedded")
FORM_NUMBER = {"form": {"pattern": "^0[1-6]$"}}
OUTCOME_ID = {"outcome_id": {"minimum": 1, "maximum": 2**31 - 1}}


def _pdf(form: OfficialForm, name: str) -> Response:
    return Response(form.render(), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="mau-{form.number}-{name}.pdf"',
        "Cache-Control": "no-store"})


@api.get("/v1/dossiers/<code>/forms/<form>.pdf")
@require_staff("clerk", "manager", "admin")
@documented("A dossier's official form as PDF: 01 receipt, 02 request for documents, "
            "03 refusal, 04 apology and new date, 05 notice that processing stops "
            "(06 not yet)", {200: PDF}, errors=(404, 409), path={**DOSSIER_CODE, **FORM_NUMBER})
def dossier_form_pdf(code: str, form: str):
    """Render one of the dossier's forms for staff of its site."""
    dossier = _staff_dossier(code)
    return _pdf(dossier_form(db(), dossier, form, current_app.config["CENTRE_NAME"]),
                dossier.code)


@api.get("/v1/outcomes/<int:outcome_id>/form.pdf")
@require_staff("clerk", "manager", "admin")
@documented("The form handed over for an outcome at the counter, as PDF: Mẫu 02 for "
            "guidance, Mẫu 03 for a refusal, Mẫu 01 of the dossier received",
            {200: PDF}, errors=(404,), path=OUTCOME_ID)
def outcome_form_pdf(outcome_id: int):
    """Render the form of an outcome recorded at a counter of the caller's site."""
    session = db()
    outcome = session.get(CounterOutcome, outcome_id)
    if outcome is None or g.user.site_id not in (None, outcome.site_id):
        raise ApiError(404, "outcome_not_found", "Không tìm thấy kết quả tiếp nhận này.",
                       "No such outcome at the counter.")
    return _pdf(outcome_form(session, outcome, current_app.config["CENTRE_NAME"]),
                str(outcome.id))
