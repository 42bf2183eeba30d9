"""Which rows an admin may see and change: a global admin every site, a site admin only theirs.

An admin with a site (``qms user add … --role admin --site DUCXUAN``) manages that site's
services, counters, users and devices, and the site itself; only a global admin (no site)
creates or deletes sites and makes accounts that span every site.
"""

from flask import abort
from sqlalchemy import Select

from server.models import AdminAudit, Site, User

from .fields import FormError


def admin_site(user: User) -> int | None:
    """Return the site an admin is limited to, or None for a global admin."""
    return user.site_id


def site_of(obj) -> int | None:
    """Return the site a managed row belongs to (None: a global account)."""
    return obj.id if isinstance(obj, Site) else obj.site_id


def scoped(query: Select, model: type, site_id: int | None) -> Select:
    """Limit a listing of ``model`` to ``site_id``'s rows (all rows for a global admin)."""
    if site_id is None:
        return query
    column = model.id if model is Site else model.site_id
    return query.where(column == site_id)


def scoped_audit(query: Select, site_id: int | None) -> Select:
    """Limit the audit trail to changes made by the admins of ``site_id``."""
    if site_id is None:
        return query
    return query.where(AdminAudit.user_id.in_(
        User.__table__.select().with_only_columns(User.id).where(User.site_id == site_id)))


def require_in_scope(obj, site_id: int | None) -> None:
    """Answer 404 for a row of another site, as if it did not exist."""
    if site_id is not None and site_of(obj) != site_id:
        abort(404)


def require_global(site_id: int | None) -> None:
    """Answer 403 unless the admin is a global one (creating or deleting sites)."""
    if site_id is not None:
        abort(403)


def check_saved_in_scope(obj, site_id: int | None) -> None:
    """Refuse a form that would move a row out of the admin's site or make it global."""
    if site_id is None or site_of(obj) == site_id:
        return
    if isinstance(obj, User) and obj.site_id is None:
        raise FormError("Đơn vị: chỉ quản trị cấp tỉnh mới tạo được tài khoản cho mọi đơn vị.")
    raise FormError("Đơn vị: chỉ được chọn đơn vị của mình.")
