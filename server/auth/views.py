"""The staff login page: CSRF-protected form, hashed passwords, a session cookie."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import select

from ..engine import Actor, QueueError, close_counter
from ..limits import login_limits
from ..models import Counter, User
from ..screens_notify import Outbox, commit_and_send
from ..storage import db
from .guard import csrf_token, csrf_valid, user_from_cookie
from .logins import end_login, open_login
from .passwords import check_login

auth = Blueprint("auth", __name__)

# Where each role lands after login; screens register their own pages under these paths.
ROLE_HOME = {"clerk": "/counter/", "manager": "/dashboard/", "admin": "/admin/"}


@auth.app_context_processor
def inject_csrf():
    return {"csrf_token": csrf_token}


@auth.get("/login")
def login():
    """Show the login form."""
    return render_template("login.html", error=None, next=request.args.get("next", ""))


@auth.post("/login")
@login_limits
def login_submit():
    """Check the form and open a staff session."""
    if not csrf_valid(request.form.get("csrf_token")):
        error = "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại."
        return render_template("login.html", error=error, next=request.form.get("next", "")), 400
    username = request.form.get("username", "").strip()
    user = db().scalar(select(User).where(User.username == username))
    if not check_login(user, request.form.get("password", "")):
        error = "Tên đăng nhập hoặc mật khẩu không đúng."
        return render_template("login.html", error=error, next=request.form.get("next", "")), 401
    key = open_login(db(), user, current_app.config["SESSION_MAX_AGE_S"])
    db().commit()
    session.clear()
    session.update(sid=key, ver=user.token_version)
    session.permanent = True
    return redirect(_safe_next(request.form.get("next")) or ROLE_HOME.get(user.role, "/"))


@auth.post("/logout")
def logout():
    """End the staff session on the server, closing the clerk's idle counters so a colleague
    can take them."""
    user = user_from_cookie()
    # Only a genuine form may change counters; the session ends either way, so a clerk who
    # logs out from a stale tab is really logged out.
    if user is not None and csrf_valid(request.form.get("csrf_token")):
        _close_idle_counters(user)
    if isinstance(session.get("sid"), str):
        end_login(db(), session["sid"])
        db().commit()
    session.clear()
    return redirect(url_for("auth.login"))


def _close_idle_counters(user: User) -> None:
    database, outbox = db(), Outbox()
    for counter in database.scalars(select(Counter).where(Counter.clerk_id == user.id)):
        try:
            closed = close_counter(database, counter, Actor(user_id=user.id))
        except QueueError:  # a citizen is still at the counter: leave it as it is
            continue
        outbox.site(database, closed.site, closed, waiting=False)
    commit_and_send(database, outbox)


@auth.get("/me")
def me():
    """Tell a page who is logged in (used to detect an expired session)."""
    user = user_from_cookie()
    if user is None:
        return {"error": {"code": "unauthenticated", "message": "Phiên đăng nhập đã hết hạn.",
                          "message_en": "Your session has expired."}}, 401
    return {"username": user.username, "full_name": user.full_name, "role": user.role,
            "csrf_token": csrf_token()}


def _safe_next(target: str | None) -> str | None:
    """Accept only a local path, so the login page cannot redirect elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
