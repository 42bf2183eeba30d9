"""The procedure catalogue as kiosks, phones and integrations read it (public)."""


from flask import send_from_directory
from sqlalchemy import select

from ..engine.procedures import find_offer, search_procedures
from ..errors import ApiError
from ..models import ProcedureForm
from ..payloads.procedures import ProcedureDetail, ProcedureList
from ..storage import FORM_TYPES, db, forms_folder
from .blueprint import api
from .context import resolve_site
from .contract import Media, documented
from .schemas import CATALOGUE_LIMIT, SEARCH_LIMIT, ProcedureQuery, SiteQuery


@api.get("/v1/procedures")
@documented("Search the site's procedures, best match first, a page of summaries (public)",
            {200: ProcedureList}, errors=(404, 422), query=ProcedureQuery)
def list_procedures(query: ProcedureQuery):
    """Search the site's procedures, best match first, typed with or without tone marks.

    Each hit is a summary; ``limit`` and ``offset`` page through ``total`` hits.
    """
    site = resolve_site()
    words = query.q or ""
    limit = query.limit or (SEARCH_LIMIT if words.strip() else CATALOGUE_LIMIT)
    offset = query.offset or 0
    found = search_procedures(db(), site, words, service_code=query.service or None,
                              limit=limit, offset=offset)
    return {"site": site.code, "total": found.total, "limit": limit, "offset": offset,
            "procedures": found.procedures}


@api.get("/v1/procedures/<code>")
@documented("One procedure: documents, processing days, fee, forms (public)",
            {200: ProcedureDetail}, errors=(404, 409), query=SiteQuery)
def show_procedure(code: str, query: SiteQuery):
    """Show one procedure of the site: documents, time, fees, forms."""
    return ProcedureDetail.of(find_offer(db(), resolve_site(), code[:32])).dump()


@api.get("/v1/procedures/<code>/forms/<int:form_id>")
@documented("Download a form file (public)",
            {200: Media("application/octet-stream", "The form, as it was uploaded",
                        tuple(FORM_TYPES.values()))},
            errors=(404,), path={"form_id": {"minimum": 1, "maximum": 2**31 - 1}})
def download_form(code: str, form_id: int):
    """Download a form file kept in the instance."""
    form = db().scalar(select(ProcedureForm).where(ProcedureForm.id == form_id))
    if form is None or form.procedure.code != code or not form.stored_name:
        raise ApiError(404, "unknown_form", "Không tìm thấy biểu mẫu.", "No such form.")
    return send_from_directory(forms_folder(), form.stored_name, as_attachment=True,
                               download_name=form.filename, mimetype=form.content_type)

