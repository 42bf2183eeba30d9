"""Password hashing."""

from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash


def hash_password(password: str) -> str:
    """Return a salted scrypt hash of ``password``."""
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str, password: str) -> bool:
    """Check ``password`` against a stored hash."""
    return check_password_hash(password_hash, password)


@cache
def _dummy_hash() -> str:
    return hash_password("no user has this password")


def check_login(user, password: str) -> bool:
    """Tell whether ``user`` (or None) may sign in with ``password``, in the same time either way.

    An unknown or inactive user still costs one scrypt run, so the answer's timing does not
    tell an attacker which usernames exist.
    """
    if user is None or not user.active:
        verify_password(_dummy_hash(), password)
        return False
    return verify_password(user.password_hash, password)
