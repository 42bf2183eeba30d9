"""Admin actions beyond editing: password reset, deactivation, device tokens, the audit page."""

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from server.auth.logins import end_user_logins
from server.auth.pages import require_page
from server.models import AdminAudit, Device, utcnow
from server.storage import db

from . import blueprint
from .audit import changes, record
from .entities import ENTITIES, load_row
from .fields import FormError
from .scope import admin_site, scoped_audit
from .tokens import pending_token_page, show_token_once


def _sign_out(user) -> None:
    """Revoke every token and session ``user`` holds."""
    user.token_version += 1
    end_user_logins(db(), user.id)


def _audited(action: str, entity: str, entity_id: int, before, after, message: str, then: str):
    """Audit ``action`` on the row, commit, say ``message`` and go to ``then``."""
    record(db(), g.user, action, entity, entity_id, before, after)
    db().commit()
    flash(message, "ok")
    return redirect(then)


# The URL variable naming each kind of row (the templates' ``url_for`` give it).
ROW_IDS = {"users": "user_id", "devices": "device_id"}


def row_action(name: str, action: str, method: str = "POST"):
    """Serve ``view(row)`` to admins at ``/<name>/<id>/<action>``, the row of the entity
    ``name`` loaded first (404 outside the admin's scope); the endpoint is the view's name."""
    def register(view):
        def route(**ids):
            return view(load_row(ENTITIES[name], ids[ROW_IDS[name]]))

        route.__name__, route.__doc__ = view.__name__, view.__doc__
        blueprint.add_url_rule(f"/{name}/<int:{ROW_IDS[name]}>/{action}", methods=[method],
                               view_func=require_page("admin")(route))
        return view
    return register


@row_action("users", "password")
def reset_password(user):
    """Set a new password and revoke the user's tokens and sessions."""
    field = next(f for f in ENTITIES["users"].fields if f.kind == "password")
    try:
        password = field.read(request.form, db())
        if not password:
            raise FormError("Mật khẩu: không được để trống.")
    except FormError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.edit", name="users", entity_id=user.id))
    field.apply(user, password)
    _sign_out(user)
    return _audited("reset_password", "users", user.id, None,
                    {"token_version": user.token_version},
                    f"Đã đặt lại mật khẩu cho {user.username}; các phiên cũ đã bị thu hồi.",
                    url_for("admin.edit", name="users", entity_id=user.id))


@row_action("users", "deactivate")
def deactivate_user(user):
    """Stop a user signing in and revoke their tokens."""
    user.active = False
    _sign_out(user)
    return _audited("deactivate", "users", user.id, {"active": True}, {"active": False},
                    f"Đã khoá tài khoản {user.username}.",
                    url_for("admin.list_entities", name="users"))


@row_action("devices", "revoke")
def revoke_device(device: Device):
    """Revoke a device's token: it is refused from its next request on."""
    device.revoked_at = utcnow()
    return _audited("revoke", "devices", device.id, {"revoked_at": None},
                    {"revoked_at": device.revoked_at.isoformat()},
                    f"Đã thu hồi mã của thiết bị “{device.name}”.",
                    url_for("admin.list_entities", name="devices"))


@row_action("devices", "token")
def reissue_device_token(device: Device):
    """Issue a new token for a device (the old one stops working); show it once."""
    token = ENTITIES["devices"].on_create(device)
    before = {"revoked_at": device.revoked_at.isoformat() if device.revoked_at else None}
    device.revoked_at = None
    record(db(), g.user, "issue_token", "devices", device.id, before, {"revoked_at": None})
    db().commit()
    return show_token_once(device, token)


@row_action("devices", "token", method="GET")
def device_token(device: Device):
    """Show a device's new token, once, after the form that made it."""
    return pending_token_page(device)


@blueprint.get("/audit")
@require_page("admin")
def audit_log():
    """Show the audit trail, newest first, optionally for one entity."""
    query = scoped_audit(select(AdminAudit).order_by(AdminAudit.id.desc()).limit(500),
                         admin_site(g.user))
    entity = request.args.get("entity")
    if entity:
        query = query.where(AdminAudit.entity == entity)
    rows = db().scalars(query).all()
    return render_template("admin/audit.html", rows=rows, changes=changes,
                           entity=entity, entities=ENTITIES.values())
