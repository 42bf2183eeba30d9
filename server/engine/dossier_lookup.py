"""The public look-up of a dossier: who may see it by its code, and with what second factor.

qms's own codes (``261126-K7M3QX9P``) carry 40 random bits: holding one is proof enough.
The one-stop software's codes (``000.00.12.H26-261207-0001``) are sequential, so guessing
the next one is easy: those are shown only to whoever also gives the last 4 digits of the
applicant's phone or ID number, as printed on the paper receipt. A dossier with neither
recorded is not shown publicly at all.
"""

import hmac
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Dossier
from .dossiers import CODE_ALPHABET, CODE_RANDOM_LENGTH, normalise_code
from .errors import QueueError, not_found

OWN_CODE = re.compile(rf"\d{{6}}-[{CODE_ALPHABET}]{{{CODE_RANDOM_LENGTH}}}")
CHECK = re.compile(r"\d{4}")


def needs_check(code: str) -> bool:
    """Tell whether a code is guessable (not qms's own random code) and needs 4 digits more."""
    return not OWN_CODE.fullmatch(normalise_code(code)[:64])


def code_prefix(code: str) -> str:
    """The part of a code before its last sequence segment: what guesses of one series share."""
    code = normalise_code(code)[:64]
    return re.sub(r"[.\-][^.\-]*$", "", code) or code


def check_needed() -> QueueError:
    """The answer to a guessable code sent without the 4 digits."""
    return QueueError("check_needed",
                      "Vui lòng nhập thêm 4 số cuối của số điện thoại hoặc số giấy tờ tuỳ thân "
                      "của người nộp hồ sơ.",
                      "Please add the last 4 digits of the applicant's phone or ID number.",
                      status=403)


def _tails(dossier: Dossier) -> list[str]:
    phone = "".join(char for char in dossier.phone if char.isdigit())
    return [tail for tail in (phone[-4:], dossier.applicant_id_last4) if len(tail) == 4]


def public_dossier(session: Session, code: str, check: str | None) -> Dossier:
    """Return the dossier ``code`` for the public, or refuse as if there were none.

    A wrong check, no check recorded and no such dossier all answer the same 404, so the
    answer tells a stranger nothing about which codes exist.
    """
    code = normalise_code(code)[:64]
    guessable = needs_check(code)
    if guessable and not (check and CHECK.fullmatch(check)):
        raise check_needed()
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is not None and (not guessable or any(
            hmac.compare_digest(tail, check) for tail in _tails(dossier))):
        return dossier
    raise not_found("dossier_not_found", "Không tìm thấy hồ sơ với mã và 4 số này."
                    if guessable else "Không tìm thấy hồ sơ với mã này.",
                    "No dossier has this code and these 4 digits."
                    if guessable else "No dossier has this code.")
