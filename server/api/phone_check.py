"""The public booking and remote-ticket routes' guard: limits, and the code sent to the phone.

Where a message gateway is configured and the site keeps ``phone_check`` on, a request
from the public page is only a hold until the code sent to its phone is typed back
(``server/engine/phone_holds.py``). Without a gateway nothing proves the phone, so those
requests are also limited per site, not only per address and per phone number.
"""

from flask import current_app, request

from .. import sms
from ..engine.notices import plain
from ..engine.phone_holds import HoldRules, release_lapsed
from ..errors import ApiError
from ..limits import allow
from ..models import PhoneHold, Site
from .full_slots import full_slots

TOO_MANY = ("Quý khách thao tác quá nhiều lần, vui lòng thử lại sau ít phút.",
            "Too many attempts; please try again in a few minutes.")
WHAT = {"booking": ("đặt lịch hẹn", "booking"), "remote": ("lấy số từ xa", "remote ticket")}


def phone_check_on(site: Site) -> bool:
    """Tell whether a public request for ``site`` must prove its phone with a code."""
    return bool(site.phone_check and current_app.config["NOTIFY_WEBHOOK_URL"])


def hold_rules() -> HoldRules:
    """The code's lifetime, tries and the site's daily cap, from the settings."""
    config = current_app.config
    return HoldRules(secret=str(config["SECRET_KEY"]).encode(),
                     ttl_s=int(config["PHONE_CODE_TTL_S"]),
                     max_attempts=int(config["PHONE_CODE_ATTEMPTS"]),
                     per_site_day=int(config["PHONE_HOLDS_PER_SITE_DAY"]))


def limit_attempt(scope: str, phone: str) -> None:
    """Count a public attempt per address and per phone number (its last 9 digits)."""
    digits = "".join(char for char in phone if char.isdigit())[-9:]
    if (not allow("BOOKING_RATE_LIMIT", f"{scope}-address", request.remote_addr or "")
            or not allow("BOOKING_PHONE_LIMIT", f"{scope}-phone", digits)):
        raise ApiError(429, "rate_limited", *TOO_MANY)


def limit_site(scope: str, site: Site) -> None:
    """Without a code to prove the phone, count public requests per site as well."""
    if not phone_check_on(site) and not allow("BOOKING_SITE_RATE_LIMIT", f"{scope}-site",
                                              site.code):
        raise ApiError(429, "rate_limited", *TOO_MANY)


def release_expired(session, site: Site) -> None:
    """Give back the places of the site's holds whose code never came (before reading slots).

    Committed at once: the read that follows (a GET of the slots) commits nothing itself.
    """
    if release_lapsed(session, site):
        session.commit()
        full_slots().forget_all()


def answer_held(session, site: Site, service_code: str, hold: PhoneHold, code: str,
                answer: dict) -> tuple[dict, int]:
    """Commit the new hold, then send its code, and answer 202 with ``answer``: the message
    leaves only once the hold it proves is stored."""
    session.commit()
    _send_code(site, service_code, hold, code)
    return answer, 202


def _send_code(site: Site, service_code: str, hold: PhoneHold, code: str) -> None:
    """Send the hold's code to its phone in the background."""
    config = current_app.config
    minutes = max(1, int(config["PHONE_CODE_TTL_S"]) // 60)
    what = WHAT[hold.kind][0]
    text = (f"{site.name}: mã xác nhận {what} của quý khách là {code}, hiệu lực {minutes} "
            "phút. Không đưa mã này cho người khác.")
    message = {"phone": hold.phone, "text": plain(text) if config["NOTIFY_PLAIN_SMS"] else text,
               "ticket": None, "event": "phone_code", "site": site.code,
               "service": service_code, "id": f"hold-{hold.id}"}
    sms.send_now(current_app._get_current_object(), message)
