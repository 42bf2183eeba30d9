"""Staff logins: the token a staff member's program gets."""

from typing import Literal

from ..models import ROLES
from .common import Payload


class StaffUser(Payload):
    username: str
    full_name: str
    role: Literal[ROLES]


class StaffToken(Payload):
    token: str
    expires_in: int | float
    user: StaffUser
