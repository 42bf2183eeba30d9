"""A procedure's codes: the national one (``1.001193``) and a local one that adds the
agency's suffix (``1.001193.000.00.00.H12``, as a province's one-stop software writes it).
Both name the same procedure wherever a code is accepted."""

import re

from sqlalchemy import ColumnElement, or_

from ..models import Procedure

# The national database's code: the procedure's group digit, a point, six digits.
NATIONAL = re.compile(r"(\d\.\d{6})(?:\.[A-Za-z0-9.]+)?")


def national_code(code: str) -> str:
    """Return the national code within ``code``, or ``code`` itself when it has none."""
    code = code.strip()
    match = NATIONAL.fullmatch(code)
    return match.group(1) if match else code


def local_suffix(code: str) -> bool:
    """Say whether ``code`` is a national code with a local suffix."""
    return national_code(code) != code.strip()


def code_is(code: str) -> ColumnElement[bool]:
    """Return the condition that a procedure is the one ``code`` names, by either code."""
    code = code.strip()
    return or_(Procedure.code == national_code(code), Procedure.code == code,
               Procedure.local_code == code)
