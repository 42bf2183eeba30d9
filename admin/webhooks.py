"""The webhooks page: each endpoint with its backlog and failures, replay, and its form.

A site admin manages their own site's endpoints; a global admin every site's, and endpoints
that receive every site's events (no site). Every change is audited; the secret never is.
"""

from datetime import datetime, timedelta

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import delete, select

from server.auth.pages import require_page
from server.engine.days import VIETNAM
from server.engine.outbox import backlogs, replay
from server.engine.webhook_endpoints import ENTITY, audited, new_secret, url_problem
from server.engine.webhook_events import EVENT_KINDS, PERSONAL_FIELDS
from server.models import Site, WebhookDelivery, WebhookEndpoint, utcnow
from server.storage import db

from . import blueprint
from .audit import record
from .fields import FormError
from .scope import admin_site, require_in_scope

PERSONAL_LABELS = {"phone": "Số điện thoại", "applicant_name": "Họ tên người nộp",
                   "name": "Họ tên người phản ánh", "text": "Nội dung phản ánh",
                   "reply": "Nội dung trả lời"}


def _load(endpoint_id: int) -> WebhookEndpoint:
    endpoint = db().get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        abort(404)
    require_in_scope(endpoint, admin_site(g.user))
    return endpoint


@blueprint.get("/webhooks/")
@require_page("admin")
def webhooks():
    """List the endpoints in the admin's scope with what each still owes."""
    query = select(WebhookEndpoint).order_by(WebhookEndpoint.id)
    if admin_site(g.user) is not None:
        query = query.where(WebhookEndpoint.site_id == admin_site(g.user))
    endpoints = db().scalars(query).all()
    since = (utcnow() - timedelta(days=1)).astimezone(VIETNAM).strftime("%Y-%m-%dT%H:%M")
    return render_template("admin/webhooks.html", endpoints=endpoints, now=utcnow(),
                           backlogs=backlogs(db(), [e.id for e in endpoints]),
                           kinds=EVENT_KINDS, replay_since=since)


@blueprint.route("/webhooks/new", methods=["GET", "POST"])
@require_page("admin")
def new_webhook():
    """Show the empty form, or create the endpoint with a new secret."""
    endpoint = WebhookEndpoint(site_id=admin_site(g.user), kinds=[], include_personal=[],
                               active=True, secret=new_secret())
    if request.method == "GET":
        return _form(endpoint)
    return _save(endpoint, None)


@blueprint.route("/webhooks/<int:endpoint_id>", methods=["GET", "POST"])
@require_page("admin")
def edit_webhook(endpoint_id: int):
    """Show an endpoint's form, or save it (a new secret when asked)."""
    endpoint = _load(endpoint_id)
    if request.method == "GET":
        return _form(endpoint)
    before = audited(endpoint)
    if request.form.get("new_secret"):
        endpoint.secret = new_secret()
    return _save(endpoint, before)


@blueprint.post("/webhooks/<int:endpoint_id>/delete")
@require_page("admin")
def delete_webhook(endpoint_id: int):
    """Delete an endpoint and what it still owed."""
    endpoint = _load(endpoint_id)
    before = audited(endpoint)
    db().execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    db().delete(endpoint)
    record(db(), g.user, "delete", ENTITY, endpoint_id, before, None)
    db().commit()
    flash(f"Đã xoá webhook “{before['name']}”.", "ok")
    return redirect(url_for("admin.webhooks"))


@blueprint.post("/webhooks/<int:endpoint_id>/replay")
@require_page("admin")
def replay_webhook(endpoint_id: int):
    """Send again the given-up and failing events since the time asked (Vietnam time)."""
    endpoint = _load(endpoint_id)
    try:
        since = datetime.strptime(request.form.get("since", ""), "%Y-%m-%dT%H:%M")
    except ValueError:
        flash("Thời điểm gửi lại không hợp lệ. Invalid time.", "error")
        return redirect(url_for("admin.webhooks"))
    since = since.replace(tzinfo=VIETNAM)
    count = replay(db(), endpoint, since)
    record(db(), g.user, "replay", ENTITY, endpoint.id, None,
           {"name": endpoint.name, "since": since.isoformat(), "events": count})
    db().commit()
    flash(f"Đã xếp {count} sự kiện để gửi lại tới “{endpoint.name}”.", "ok")
    return redirect(url_for("admin.webhooks"))


def _form(endpoint: WebhookEndpoint, errors: list[str] = (), status: int = 200):
    sites = db().scalars(select(Site).order_by(Site.code)).all()
    if admin_site(g.user) is not None:
        sites = [site for site in sites if site.id == admin_site(g.user)]
    return render_template("admin/webhook_form.html", endpoint=endpoint, sites=sites,
                           kinds=EVENT_KINDS, personal=PERSONAL_LABELS,
                           errors=list(errors)), status


def _save(endpoint: WebhookEndpoint, before: dict | None):
    try:
        _read_form(endpoint)
    except FormError as error:  # nothing is committed: the request's session rolls back
        return _form(endpoint, [str(error)], 422)
    session = db()
    session.add(endpoint)
    session.flush()
    record(session, g.user, "create" if before is None else "update", ENTITY, endpoint.id,
           before, audited(endpoint))
    session.commit()
    flash(f"Đã lưu webhook “{endpoint.name}”.", "ok")
    return redirect(url_for("admin.edit_webhook", endpoint_id=endpoint.id))


def _read_form(endpoint: WebhookEndpoint) -> None:
    """Read the form into ``endpoint``; raise FormError on the first wrong field."""
    form = request.form
    site_id = int(form["site_id"]) if form.get("site_id", "").isdigit() else None
    if admin_site(g.user) is not None and site_id != admin_site(g.user):
        abort(403)
    if site_id is not None and db().get(Site, site_id) is None:
        raise FormError("Đơn vị: không tồn tại.")
    url = form.get("url", "").strip()
    if url_problem(url):
        raise FormError(url_problem(url))
    name = form.get("name", "").strip()
    if not name:
        raise FormError("Tên: không được để trống.")
    kinds = [kind for kind in form.getlist("kinds") if kind in EVENT_KINDS]
    if not kinds:
        raise FormError("Sự kiện: chọn ít nhất một loại.")
    endpoint.site_id, endpoint.url, endpoint.name = site_id, url[:500], name[:120]
    endpoint.kinds = kinds
    endpoint.include_personal = [field for field in form.getlist("include_personal")
                                 if field in PERSONAL_FIELDS]
    endpoint.active = bool(form.get("active"))
