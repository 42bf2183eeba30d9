"""Staff bearer tokens."""

from flask import current_app
from sqlalchemy import select

from ..auth.passwords import check_login
from ..auth.tokens import issue_staff_token
from ..errors import ApiError
from ..limits import login_limits
from ..models import User
from ..payloads.staff import StaffToken
from ..storage import db
from .blueprint import api
from .contract import documented
from .parsing import parse_body
from .schemas import TokenRequest


@api.post("/v1/auth/token")
@documented("Exchange credentials for a staff token", {200: StaffToken}, errors=(401, 429),
            body=TokenRequest)
@login_limits
def create_token():
    """Exchange a username and password for a bearer token."""
    body = parse_body(TokenRequest)
    user = db().scalar(select(User).where(User.username == body.username))
    if not check_login(user, body.password):
        raise ApiError(401, "bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.",
                       "Wrong username or password.")
    return StaffToken(
        token=issue_staff_token(current_app.config["SECRET_KEY"], user),
        expires_in=current_app.config["TOKEN_MAX_AGE_S"],
        user={"username": user.username, "full_name": user.full_name, "role": user.role},
    ).dump()
