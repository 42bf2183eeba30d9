"""HTTP side of the counter console: the page a clerk keeps open all day."""

from flask import Blueprint, redirect, render_template, request, url_for

from server.api.context import may_staff
from server.auth.guard import csrf_token, user_from_cookie
from server.engine.lookups import user_site
from server.models import Site, User
from server.storage import db

blueprint = Blueprint("counter", __name__, url_prefix="/counter",
                      template_folder="templates", static_folder="static")

SHORTCUTS = [
    # action, key label, Vietnamese, English
    ("call-next", "F1 / Space", "Gọi số tiếp theo", "Call next"),
    ("recall", "R", "Gọi lại", "Recall"),
    ("start", "S", "Bắt đầu phục vụ", "Start service"),
    ("finish", "F", "Kết thúc", "Finish"),
    ("no-show", "N", "Vắng mặt", "No-show"),
    ("transfer", "T", "Chuyển", "Transfer"),
    ("call", "G", "Gọi số cụ thể", "Call a number"),
    ("pause", "P", "Tạm dừng / Tiếp tục", "Pause / resume"),
]


@blueprint.get("/")
def console():
    """Serve the console to a logged-in clerk; anyone else is sent to log in."""
    user = user_from_cookie()
    if user is None:
        return redirect(url_for("auth.login", next=request.path))
    site = user_site(db(), user)
    if user.role != "clerk" or site is None:
        return render_template("counter/not_clerk.html", user=user), 403
    return render_template("counter/console.html", user=user, site=site, csrf=csrf_token(),
                           shortcuts=SHORTCUTS, data=_console_data(user, site))


def _console_data(user: User, site: Site) -> dict:
    """What the page needs once: the counters this clerk may staff and transfer targets."""
    def counter_info(counter):
        return {"id": counter.id, "number": counter.number, "name": counter.name,
                "services": [service.code for service in counter.services]}

    return {
        "site": site.code,
        "user": {"id": user.id, "username": user.username, "full_name": user.full_name},
        "mine": [counter_info(c) for c in site.counters if may_staff(user, c)],
        "counters": [counter_info(c) for c in site.counters],
        "services": [{"code": s.code, "name": s.name, "name_en": s.name_en}
                     for s in site.services if s.active],
    }
