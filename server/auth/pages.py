"""Guard for server-rendered staff pages: login cookie, role, CSRF on form posts."""

from functools import wraps

from flask import abort, g, redirect, request, url_for

from ..engine.lookups import default_site, site_by_code
from ..models import Site
from ..storage import db
from .guard import UNSAFE_METHODS, csrf_valid, user_from_cookie


def require_page(*roles: str):
    """Allow a logged-in user with one of ``roles``; others go to the login page or get 403.

    Form posts must carry the session's ``csrf_token`` field (or ``X-CSRF-Token`` header),
    else 400. Sets ``g.user``.
    """
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = user_from_cookie()
            if user is None:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if roles and user.role not in roles:
                abort(403)
            if request.method in UNSAFE_METHODS:
                submitted = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token")
                if not csrf_valid(submitted):
                    abort(400, "csrf")
            g.user = user
            return view(*args, **kwargs)
        return wrapper
    return decorator


def page_site() -> Site:
    """Return the site a staff page shows: the user's own, else ``?site=CODE``, else the first.

    Answers 404 when there is no such site.
    """
    if g.user.site_id is not None:
        site = db().get(Site, g.user.site_id)
    elif request.args.get("site"):
        site = site_by_code(db(), request.args["site"])
    else:
        site = default_site(db())
    if site is None:
        abort(404)
    return site
