"""The procedure catalogue as kiosks, phones and integrations read it (public)."""


from flask import request, send_from_directory
from sqlalchemy import select

from ..engine.procedures import find_offer, search_procedures
from ..errors import ApiError
from ..models import ProcedureForm
from ..payloads.procedures import ProcedureDetail, ProcedureList
from ..storage import db, forms_folder
from .blueprint import api
from .context import resolve_site
from .contract import Media, documented
from .schemas import ProcedureQuery, SiteQuery

SEARCH_LIMIT = 50  # a page of hits when the citizen typed something
CATALOGUE_LIMIT = 1000  # the whole list of a field (or site) without a query


@api.get("/v1/procedures")
@documented("Search the site's procedures, best match first, a page of summaries (public)",
            {200: ProcedureList}, errors=(404, 422), query=ProcedureQuery)
def list_procedures():
    """Search the site's procedures, best match first, typed with or without tone marks.

    Each hit is a summary; ``limit`` and ``offset`` page through ``total`` hits.
    """
    site = resolve_site()
    query = request.args.get("q", "")[:200]
    limit = _whole_arg("limit", SEARCH_LIMIT if query.strip() else CATALOGUE_LIMIT,
                       low=1, high=CATALOGUE_LIMIT)
    offset = _whole_arg("offset", 0, low=0, high=100_000)
    found = search_procedures(db(), site, query, service_code=request.args.get("service") or None,
                              limit=limit, offset=offset)
    return {"site": site.code, "total": found.total, "limit": limit, "offset": offset,
            "procedures": found.procedures}


def _whole_arg(name: str, default: int, *, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit() and low <= int(raw) <= high):
        raise ApiError(422, "invalid_paging",
                       f"Tham số “{name}” phải là số nguyên từ {low} đến {high}.",
                       f"'{name}' must be a whole number from {low} to {high}.")
    return int(raw)


@api.get("/v1/procedures/<code>")
@documented("One procedure: documents, processing days, fee, forms (public)",
            {200: ProcedureDetail}, errors=(404, 409), query=SiteQuery)
def show_procedure(code: str):
    """Show one procedure of the site: documents, time, fees, forms."""
    return ProcedureDetail.of(find_offer(db(), resolve_site(), code[:32])).dump()


@api.get("/v1/procedures/<code>/forms/<int:form_id>")
@documented("Download a form file (public)",
            {200: Media("application/octet-stream", "The form, as it was uploaded", True)},
            errors=(404,), path={"form_id": {"minimum": 1, "maximum": 2**31 - 1}})
def download_form(code: str, form_id: int):
    """Download a form file kept in the instance."""
    form = db().scalar(select(ProcedureForm).where(ProcedureForm.id == form_id))
    if form is None or form.procedure.code != code or not form.stored_name:
        raise ApiError(404, "unknown_form", "Không tìm thấy biểu mẫu.", "No such form.")
    return send_from_directory(forms_folder(), form.stored_name, as_attachment=True,
                               download_name=form.filename, mimetype=form.content_type)

