"""Resolving the site and counter a request is about."""

from flask import g, request
from sqlalchemy import select

from ..engine.lookups import default_site, site_by_code
from ..errors import ApiError
from ..models import Counter, Site, User
from ..storage import db


def resolve_site(user: User | None = None) -> Site:
    """Pick the site from ``?site=CODE``, else the user's or device's site, else the first."""
    code = request.args.get("site")
    if code:
        site = site_by_code(db(), code)
        if site is None:
            raise ApiError(404, "unknown_site", f"Không có đơn vị mã “{code}”.",
                           f"There is no site '{code}'.")
    elif user is not None and user.site_id is not None:
        site = db().get(Site, user.site_id)
    elif getattr(g, "device", None) is not None:
        site = g.device.site
    else:
        site = default_site(db())
        if site is None:
            raise ApiError(404, "no_site", "Chưa cấu hình đơn vị nào.", "No site is configured.")
    if user is not None and user.site_id not in (None, site.id):
        raise ApiError(403, "other_site", "Tài khoản này không thuộc đơn vị này.",
                       "You do not work at this site.")
    return site


def require_active(site: Site) -> Site:
    """Refuse to issue tickets or take bookings for a site that has been deactivated."""
    if not site.active:
        raise ApiError(409, "site_inactive",
                       f"Đơn vị {site.name} đã ngừng hoạt động, không cấp số và không nhận "
                       "đặt lịch.",
                       f"Site {site.code} is no longer active: no tickets and no bookings.")
    return site


def resolve_counter(site: Site, number: int) -> Counter:
    """Find counter ``number`` at ``site`` or answer 404."""
    counter = db().scalar(select(Counter).where(Counter.site_id == site.id,
                                                Counter.number == number))
    if counter is None:
        raise ApiError(404, "unknown_counter", f"Không có quầy số {number}.",
                       f"There is no counter {number}.")
    return counter


def may_staff(user: User, counter: Counter) -> bool:
    """Tell whether ``user`` may work at ``counter``."""
    if user.role != "clerk" or user.site_id not in (None, counter.site_id):
        return False
    return not user.counters or counter in user.counters


def of_user_site(row, code: str, message: str, message_en: str):
    """Return ``row`` (anything with a ``site_id``) if the signed-in staff member's site holds
    it; another site's row is refused with 404 ``code``, as if it did not exist."""
    if g.user.site_id not in (None, row.site_id):
        raise ApiError(404, code, message, message_en)
    return row
