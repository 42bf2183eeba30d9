"""Who is calling: staff (bearer token or login cookie) or a device (bearer token)."""

import hmac
import secrets
from functools import wraps

from flask import current_app, g, request, session

from ..device_kinds import device_kind
from ..errors import ApiError
from ..models import Device, User
from ..storage import db
from .logins import find_login
from .tokens import DEVICE_PREFIX, device_from_token, staff_from_token

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ROLE_NAMES = {"admin": "quản trị", "manager": "quản lý", "clerk": "cán bộ một cửa"}


def bearer_token() -> str | None:
    """Return the token from ``Authorization: Bearer …``, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def csrf_token() -> str:
    """Return the login session's CSRF token, creating it on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def csrf_valid(submitted: str | None) -> bool:
    """Compare a submitted CSRF token with the session's in constant time."""
    expected = session.get("csrf")
    return bool(expected and submitted and hmac.compare_digest(expected, submitted))


def user_from_cookie() -> User | None:
    """Return the logged-in user of the session cookie, if its sign-in is still live."""
    key = session.get("sid")
    if not isinstance(key, str):
        return None
    login = find_login(db(), key)
    if login is None:
        return None
    user = db().get(User, login.user_id)
    if user is None or not user.active or user.token_version != session.get("ver"):
        return None
    return user


def authenticate() -> tuple[User | None, Device | None]:
    """Identify the caller from a bearer token, or else from the login cookie."""
    token = bearer_token()
    if token is None:
        user = user_from_cookie()
        if user is not None and request.method in UNSAFE_METHODS:
            if not csrf_valid(request.headers.get("X-CSRF-Token")):
                raise ApiError(403, "csrf_failed",
                               "Phiên làm việc không hợp lệ, hãy tải lại trang.",
                               "Missing or wrong CSRF token; reload the page.")
        return user, None
    if token.startswith(DEVICE_PREFIX):
        return None, device_from_token(db(), token)
    config = current_app.config
    return staff_from_token(db(), config["SECRET_KEY"], token, config["TOKEN_MAX_AGE_S"]), None


def unauthenticated() -> ApiError:
    return ApiError(401, "unauthenticated", "Cần đăng nhập hoặc mã thiết bị hợp lệ.",
                    "A valid login or device token is required.")


def _wrong_role(roles: tuple[str, ...]) -> ApiError:
    wanted = ", ".join(ROLE_NAMES[role] for role in roles)
    return ApiError(403, "wrong_role", f"Cần vai trò: {wanted}.",
                    f"Requires role: {', '.join(roles)}.")


def _wrong_device(kinds: tuple[str, ...], or_staff: bool = False) -> ApiError:
    who = f"a {' or '.join(kinds)} device" + (" or staff" if or_staff else "")
    return ApiError(403, "wrong_device", "Thiết bị này không có quyền thực hiện thao tác này.",
                    f"Only {who} may do this.")


def _guard(view, access, admit):
    """Wrap ``view``: identify the caller, let ``admit(user, device)`` refuse or pass."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        user, device = authenticate()
        if device is None and user is None:
            raise unauthenticated()
        admit(user, device)
        return view(*args, **kwargs)
    wrapper.access = access  # read by the API contract
    return wrapper


def require_staff(*roles: str):
    """Allow only logged-in staff with one of ``roles``; sets ``g.user``."""
    def admit(user, device):
        if device is not None:
            raise ApiError(403, "device_not_allowed",
                           "Thiết bị này không có quyền thực hiện thao tác này.",
                           "Devices may not do this.")
        if roles and user.role not in roles:
            raise _wrong_role(roles)
        g.user = user
    return lambda view: _guard(view, ("staff", roles), admit)


def require_device(*kinds: str):
    """Allow only a device of one of ``kinds`` (``server.device_kinds``); sets ``g.device``."""
    for kind in kinds:
        device_kind(kind)  # a misspelt kind fails when the route is defined

    def admit(user, device):
        if device is None or device.kind not in kinds:
            raise _wrong_device(kinds)
        g.device = device
    return lambda view: _guard(view, ("device", kinds), admit)


def require_device_or_staff(kinds: tuple[str, ...], roles: tuple[str, ...]):
    """Allow a device of one of ``kinds`` or staff with one of ``roles``.

    Sets ``g.device`` or ``g.user``, the other None.
    """
    for kind in kinds:
        device_kind(kind)  # a misspelt kind fails when the route is defined

    def admit(user, device):
        if device is not None and device.kind not in kinds:
            raise _wrong_device(kinds, or_staff=True)
        if user is not None and user.role not in roles:
            raise _wrong_role(roles)
        g.device, g.user = device, user
    return lambda view: _guard(view, ("device_or_staff", (kinds, roles)), admit)
