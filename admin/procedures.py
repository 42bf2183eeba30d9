"""The procedure catalogue in the admin: list, create and edit, upload forms, import with preview.

A site admin manages their site's catalogue; a global admin picks the site (``?site=CODE``).
A procedure shared with another site is edited by a global admin only.
"""

import re
import secrets
from pathlib import Path

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from pydantic import ValidationError
from sqlalchemy import select

from server.api.schemas import ProcedureRecord
from server.auth.pages import page_site, require_page
from server.engine import QueueError
from server.engine.catalogue_files import (
    CatalogueFileError,
    file_format,
    flat_record,
    import_catalogue,
    parse_documents,
    parse_forms,
    preview_catalogue,
    processing_days,
)
from server.engine.procedures import record_of, save_procedure, site_offers
from server.models import Procedure, ProcedureForm, Site
from server.storage import FORM_TYPES, db, forms_folder

from . import blueprint
from .audit import record
from .import_messages import describe, row_label, vietnamese
from .scope import admin_site

PENDING = re.compile(r"^[A-Za-z0-9_-]{16,40}\.(xlsx|csv|json)$")


def _procedure(site: Site, code: str) -> Procedure:
    procedure = db().scalar(select(Procedure).where(Procedure.code == code))
    if procedure is None or all(offer.site_id != site.id for offer in procedure.offers):
        abort(404)
    return procedure


@blueprint.get("/procedures/")
@require_page("admin")
def procedures():
    """List the site's catalogue, withdrawn procedures included, with the import form."""
    site = page_site()
    offers = site_offers(db(), site, include_inactive=True)
    return render_template("admin/procedures.html", site=site, offers=offers,
                           sites=db().scalars(select(Site).order_by(Site.id)).all())


@blueprint.route("/procedures/new", methods=["GET", "POST"])
@blueprint.route("/procedures/<code>", methods=["GET", "POST"])
@require_page("admin")
def procedure_form(code: str | None = None):
    """Create or edit one procedure of the site, and attach form files to it."""
    site = page_site()
    procedure = _procedure(site, code) if code else None
    if procedure is not None and admin_site(g.user) is not None and \
            any(offer.site_id != site.id for offer in procedure.offers):
        abort(403)  # shared with another site: the province's admin edits it
    values = flat_record(record_of(procedure, site)) if procedure else {"active": "có"}
    error = None
    if request.method == "POST":
        values = request.form.to_dict()
        try:
            saved = _save(site, procedure, values)
            flash(f"Đã lưu thủ tục {saved.code}.", "ok")
            return redirect(url_for("admin.procedure_form", code=saved.code, site=site.code))
        except (ValidationError, ValueError, QueueError) as failure:
            db().rollback()
            error = _message(failure)
    return render_template("admin/procedure_form.html", site=site, procedure=procedure,
                           values=values, error=error), 422 if error else 200


def _save(site: Site, procedure: Procedure | None, values: dict) -> Procedure:
    texts = ("code", "name", "service", "level", "fee", "legal_basis", "submit_at",
             "online_url", "keywords", "processing_days", "fee_amount")
    # An empty box means the field's default: no fee, commune level, no time given.
    data = {key: values[key].strip() for key in texts if values.get(key, "").strip()}
    if procedure is not None:
        data["code"] = procedure.code  # the national code is the key; it is not edited
    if "processing_days" in data:  # "0,5", "03 ngày làm việc", "Trong ngày", as on import
        data["processing_days"] = processing_days(data["processing_days"])
    data["documents"] = parse_documents(values.get("documents", ""))
    data["forms"] = parse_forms(values.get("forms", ""))
    data["active"] = values.get("active") == "có"
    before = record_of(procedure, site).model_dump() if procedure else None
    saved_record = ProcedureRecord.model_validate(data)
    save_procedure(db(), site, saved_record)
    saved = db().scalar(select(Procedure).where(Procedure.code == saved_record.code))
    _attach_upload(saved, values.get("upload_name", "").strip())
    record(db(), g.user, "update" if procedure else "create", "procedure", saved.id,
           before, saved_record.model_dump())
    db().commit()
    return saved


def _attach_upload(procedure: Procedure, name: str) -> None:
    upload = request.files.get("upload")
    if upload is None or not upload.filename:
        return
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in FORM_TYPES:
        raise ValueError("Biểu mẫu phải là tệp PDF, DOC hoặc DOCX.")
    stored = f"{secrets.token_urlsafe(12)}{suffix}"
    folder = forms_folder()
    folder.mkdir(parents=True, exist_ok=True)
    upload.save(folder / stored)
    procedure.forms.append(ProcedureForm(
        name=name or Path(upload.filename).stem, filename=Path(upload.filename).name[:200],
        stored_name=stored, content_type=FORM_TYPES[suffix]))


def _message(failure: Exception) -> str:
    if isinstance(failure, ValidationError):
        return "; ".join(f"{'.'.join(map(str, item['loc']))}: {item['msg']}"
                         for item in failure.errors(include_url=False, include_input=False))
    if isinstance(failure, QueueError):
        return failure.message
    return str(failure)


def _pending_folder() -> Path:
    return Path(current_app.instance_path) / "imports"


@blueprint.post("/procedures/import")
@require_page("admin")
def import_preview():
    """Check an uploaded file and show, row by row, what importing it would change."""
    site = page_site()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Hãy chọn tệp XLSX, CSV hoặc JSON.", "error")
        return redirect(url_for("admin.procedures", site=site.code))
    try:
        fmt = file_format(upload.filename)
        data = upload.read()
        rows = preview_catalogue(db(), site, data, fmt, shared_text=_edits_shared_text())
    except CatalogueFileError as failure:
        problems = [(row_label(row), vietnamese(message), message)
                    for row, message in failure.problems]
        return render_template("admin/import_preview.html", site=site, rows=[],
                               problems=problems, pending=None), 422
    pending = f"{secrets.token_urlsafe(18)}.{fmt}"
    _pending_folder().mkdir(parents=True, exist_ok=True)
    (_pending_folder() / pending).write_bytes(data)
    touched = sorted({code for _row, _record, outcome in rows if outcome.text == "changed"
                      for code in outcome.shared_with})
    return render_template("admin/import_preview.html", site=site, rows=rows, problems=[],
                           pending=pending, touched=touched)


def _edits_shared_text() -> bool:
    """Only the system admin (no site of their own) rewrites procedures' shared text."""
    return admin_site(g.user) is None


@blueprint.post("/procedures/import/confirm")
@require_page("admin")
def import_confirm():
    """Apply a previewed file."""
    site = page_site()
    pending = request.form.get("pending", "")
    path = _pending_folder() / pending
    if not PENDING.match(pending) or not path.exists():
        abort(404)
    try:
        summary = import_catalogue(db(), site, path.read_bytes(), pending.rsplit(".", 1)[1],
                                   shared_text=_edits_shared_text())
    except CatalogueFileError as failure:
        flash(f"Không nhập được / import refused: {describe(failure.problems)}", "error")
        return redirect(url_for("admin.procedures", site=site.code))
    record(db(), g.user, "import", "procedure", None, None,
           {"site": site.code, "created": summary.created, "updated": summary.updated,
            "offered": summary.offered, "kept_shared": summary.kept_shared,
            "touched_sites": list(summary.touched_sites)})
    db().commit()
    path.unlink()
    touched = (f" Đã sửa nội dung dùng chung của: {', '.join(summary.touched_sites)}."
               if summary.touched_sites else "")
    flash(f"Đã nhập: {summary.created} mới, {summary.offered} nhận từ danh mục dùng chung, "
          f"{summary.updated} cập nhật, {summary.unchanged} không đổi.{touched}", "ok")
    return redirect(url_for("admin.procedures", site=site.code))
