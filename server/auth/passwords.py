"""Password hashing."""

from werkzeug.security import check_password_hash, generate_password_hash


def hash_password(password: str) -> str:
    """Return a salted scrypt hash of ``password``."""
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str, password: str) -> bool:
    """Check ``password`` against a stored hash."""
    return check_password_hash(password_hash, password)
