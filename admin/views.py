"""The /admin pages: list, create, edit and delete each entity; every change is audited."""

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.auth.logins import end_user_logins
from server.auth.pages import require_page
from server.engine.days import VIETNAM
from server.models import AdminAudit, DossierPullSource
from server.screens_notify import Outbox, commit_and_send
from server.storage import db

from . import blueprint
from .audit import changes, record, snapshot, subject
from .entities import ENTITIES, Entity, entity_named, load_row
from .fields import FormError
from .hours import DAY_NAMES
from .scope import (
    admin_site,
    check_saved_in_scope,
    require_global,
    scoped,
    scoped_audit,
)
from .tokens import show_token_once

NEW_DEFAULTS = {"active": True, "priority_allowed": True, "rollover_at": "00:00",
                "priority_policy": "strict", "priority_ratio": 3, "number_start": 1,
                "number_end": 999, "number_width": 0, "sort_order": 0, "target_wait_s": 30,
                "default_service_s": 300, "settings": "{}"}
DUPLICATE = ("Không lưu được: mã hoặc số này đã có, hoặc dữ liệu đang được dùng ở nơi khác "
             "(hãy cho ngừng hoạt động thay vì xoá).")


AUDIT_ACTIONS = {"create": "Tạo mới", "update": "Sửa", "delete": "Xoá",
                 "deactivate": "Khoá tài khoản", "reset_password": "Đặt lại mật khẩu",
                 "revoke": "Thu hồi mã", "issue_token": "Cấp mã mới", "import": "Nhập tệp",
                 "copy_week": "Chép tuần trước", "replay": "Gửi lại sự kiện"}
# How the last pull of dossiers from a province system ended (server/dossier_pull).
PULL_RESULTS = {"ok": "Thành công / OK", "partial": "Có hồ sơ bị bỏ qua / some skipped",
                "failed": "Lỗi / failed"}
# Audited things that are not admin entities: the catalogue import, the duty roster.
OTHER_TITLES = {"procedure": "Thủ tục", "roster": "Lịch trực", "webhooks": "Webhook"}


@blueprint.context_processor
def inject_entities() -> dict:
    return {"admin_entities": ENTITIES.values(), "audit_actions": AUDIT_ACTIONS,
            "audit_subject": subject, "hours_days": DAY_NAMES,
            "entity_titles": OTHER_TITLES | {entity.name: entity.title
                                             for entity in ENTITIES.values()}}


@blueprint.app_template_filter("localtime")
def localtime(value) -> str:
    """Show a UTC timestamp in Vietnam time."""
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S") if value else "–"


@blueprint.get("/")
@require_page("admin")
def index():
    """Show the admin home: what can be managed and the latest changes."""
    query = select(AdminAudit).order_by(AdminAudit.id.desc()).limit(10)
    recent = db().scalars(scoped_audit(query, admin_site(g.user))).all()
    pull_sources = db().scalars(select(DossierPullSource).order_by(DossierPullSource.name)).all()
    return render_template("admin/index.html", entities=ENTITIES.values(), recent=recent,
                           changes=changes, pull_sources=pull_sources, pull_results=PULL_RESULTS)


@blueprint.get("/<name>/")
@require_page("admin")
def list_entities(name: str):
    """List every row of an entity."""
    entity = entity_named(name)
    query = scoped(select(entity.model).order_by(entity.model.id), entity.model,
                   admin_site(g.user))
    rows = db().scalars(query).all()
    return render_template("admin/list.html", entity=entity, rows=rows)


@blueprint.route("/<name>/new", methods=["GET", "POST"])
@require_page("admin")
def create(name: str):
    """Show the empty form, or create the entity from it."""
    entity = entity_named(name)
    if entity.name == "sites":
        require_global(admin_site(g.user))
    if request.method == "GET":
        blank = {f.name: f.shown(None) for f in entity.fields}
        defaults = NEW_DEFAULTS | {"site_id": admin_site(g.user) or ""}  # a site admin's own
        return _form(entity, None, blank | {k: v for k, v in defaults.items() if k in blank})
    return _save(entity, entity.model(), creating=True)


@blueprint.route("/<name>/<int:entity_id>", methods=["GET", "POST"])
@require_page("admin")
def edit(name: str, entity_id: int):
    """Show the filled form, or save the changes from it."""
    entity = entity_named(name)
    obj = load_row(entity, entity_id)
    if request.method == "GET":
        return _form(entity, obj, {f.name: f.shown(obj) for f in entity.fields})
    return _save(entity, obj, creating=False)


@blueprint.post("/<name>/<int:entity_id>/delete")
@require_page("admin")
def delete(name: str, entity_id: int):
    """Delete a row that nothing refers to; otherwise explain why not."""
    entity = entity_named(name)
    if entity.name == "sites":
        require_global(admin_site(g.user))
    session = db()
    obj = load_row(entity, entity_id)
    before = snapshot(entity, obj)
    try:
        session.delete(obj)
        session.flush()
    except IntegrityError:
        session.rollback()
        flash(DUPLICATE, "error")
        return redirect(url_for("admin.edit", name=name, entity_id=entity_id))
    record(session, g.user, "delete", entity.name, entity_id, before, None)
    session.commit()
    flash(f"Đã xoá {entity.title.lower()} #{entity_id}.", "ok")
    return redirect(url_for("admin.list_entities", name=name))


def _form(entity: Entity, obj, values: dict, errors: list[str] = (), status: int = 200):
    choices = {f.name: f.choices(db(), admin_site(g.user)) for f in entity.fields if f.choices}
    return render_template("admin/form.html", entity=entity, obj=obj, values=values,
                           choices=choices, errors=list(errors)), status


def _submitted(entity: Entity) -> dict:
    """Return the submitted values in the shape the form template shows them."""
    return {f.name: f.submitted(request.form) for f in entity.fields}


def _apply_fields(entity: Entity, obj, session, site_id: int | None, creating: bool) -> None:
    """Read every field into ``obj``; raise one FormError listing every wrong field."""
    errors = []
    for field in entity.fields:
        if field.kind != "password" or creating:
            try:
                field.apply(obj, field.read(request.form, session, site_id))
            except FormError as error:
                errors.extend(error.args)
    if not errors:  # the checks across fields need every field read
        try:
            check_saved_in_scope(obj, site_id)
            entity.check(session, obj)
        except FormError as error:
            errors.extend(error.args)
    if errors:
        raise FormError(*errors)


def _save(entity: Entity, obj, *, creating: bool):
    """Read, check and store the form; audit the change; revoke tokens when access changed."""
    session = db()
    before = None if creating else snapshot(entity, obj)
    secret, site_id = None, admin_site(g.user)
    try:
        with session.no_autoflush:
            _apply_fields(entity, obj, session, site_id, creating)
        if creating:
            secret = entity.on_create(obj)
            session.add(obj)
        session.flush()
    except (FormError, IntegrityError) as error:
        session.rollback()
        messages = list(error.args) if isinstance(error, FormError) else [DUPLICATE]
        return _form(entity, None if creating else obj, _submitted(entity), messages, 422)
    after = snapshot(entity, obj)
    if not creating and entity.name == "users":
        _revoke_if_access_changed(obj, before, after)
    record(session, g.user, "create" if creating else "update", entity.name, obj.id,
           before, after)
    outbox = Outbox()
    if entity.name == "sites" and not creating and before["notice"] != after["notice"]:
        outbox.notice(obj)
    commit_and_send(session, outbox)
    if secret:
        return show_token_once(obj, secret)
    flash(f"Đã lưu {entity.title.lower()} #{obj.id}.", "ok")
    return redirect(url_for("admin.list_entities", name=entity.name))


def _revoke_if_access_changed(user, before: dict, after: dict) -> None:
    # A changed role, site or deactivation must end the sessions and tokens already issued.
    if any(before[key] != after[key] for key in ("role", "site_id", "active", "counters")):
        user.token_version += 1
        end_user_logins(db(), user.id)

