"""HTTP side of the display: the TV page and the announcement audio."""

import re

from flask import Blueprint, Response, current_app, g, render_template, request
from sqlalchemy import select

from server.auth.guard import require_device
from server.device_kinds import DISPLAY
from server.errors import ApiError
from server.formats import WEEKDAYS
from server.models import Site, utcnow
from server.payloads import PublicBoard, announcement_template
from server.storage import db
from voice import VoiceError, build_synthesizer
from voice.schedule import CHIME_AFTER_S, GATHER_S, MAX_CALLS

blueprint = Blueprint("display", __name__, url_prefix="/display",
                      template_folder="templates", static_folder="static")


def synthesizer():
    """Return the app's announcement synthesizer, built once from config."""
    extensions = current_app.extensions
    if "qms_synthesizer" not in extensions:
        config = current_app.config
        custom = config["VOICE_PACK_DIR"]
        extensions["qms_synthesizer"] = build_synthesizer(
            engine=config["VOICE_ENGINE"],
            pack_dirs=[custom] if custom else (),
            cache_dir=config["VOICE_CACHE_DIR"] or None,
        )
    return extensions["qms_synthesizer"]


@blueprint.get("/")
def tv_page():
    """Serve the TV page; it needs no login, only the device token it keeps in localStorage."""
    response = Response(render_template(
        "display/tv.html", gather_ms=round(GATHER_S * 1000), max_calls=MAX_CALLS,
        chime_after_ms=round(CHIME_AFTER_S * 1000), weekdays=WEEKDAYS))
    response.cache_control.no_cache = True  # a TV reload always takes the current page
    return response


# ASCII only: str.isalnum() also passes "²" and other digits no ticket ever carries.
TICKET_NUMBER = re.compile(r"[A-Za-z0-9]{1,16}")
CALL_PAIR = re.compile(r"([A-Za-z0-9]{1,16})-([0-9]{1,4})")


@blueprint.get("/audio/<number>/<int:counter>.wav")
def announcement_audio(number: str, counter: int):
    """Serve the spoken call for a ticket number at a counter (a chime, then the sentence).

    ``?chime=0`` leaves the chime out, for a call spoken right after another.
    """
    if not TICKET_NUMBER.fullmatch(number) or counter > 9999:
        raise _invalid_number()
    return _announcement_response([(number, counter)])


@blueprint.get("/audio/calls.wav")
def calls_audio():
    """Serve one sentence calling several tickets: ``?calls=1023-3,2005-5[&chime=0]``.

    The ``X-Announcement-Parts`` header gives where each call is spoken (``start-end`` in
    seconds, comma-separated, in the order asked), so the TV highlights each one in step.
    """
    pairs = request.args.get("calls", "").split(",")
    matches = [CALL_PAIR.fullmatch(pair) for pair in pairs]
    if not all(matches) or len(matches) > MAX_CALLS:
        raise ApiError(422, "invalid_calls",
                       f"Danh sách số gọi không hợp lệ (tối đa {MAX_CALLS} cặp số-quầy).",
                       f"Invalid list of calls (at most {MAX_CALLS} number-counter pairs).")
    return _announcement_response([(match[1], int(match[2])) for match in matches])


def _invalid_number() -> ApiError:
    return ApiError(422, "invalid_number", "Số phiếu không hợp lệ.", "Invalid ticket number.")


def _announcement_response(calls: list[tuple[str, int]]) -> Response:
    template = _announcement_template(request.args.get("site"))
    chime = request.args.get("chime", "1") != "0"
    try:
        announcement = synthesizer().announce_calls(calls, template, chime)
    except ValueError:  # digits beyond what the voice can read: no ticket has them
        raise _invalid_number() from None
    except VoiceError as error:
        current_app.logger.error("announcement audio failed: %s", error)
        raise _voice_unavailable() from error
    response = Response(announcement.wav, mimetype="audio/wav")
    response.headers["X-Announcement-Parts"] = ",".join(
        f"{start:.3f}-{end:.3f}" for start, end in announcement.spans)
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def _voice_unavailable() -> ApiError:
    return ApiError(503, "voice_unavailable", "Không tạo được âm thanh thông báo.",
                    "Announcement audio is unavailable.")


def _announcement_template(site_code: str | None) -> str:
    site = db().scalar(select(Site).where(Site.code == site_code)) if site_code else None
    return announcement_template(site)


@blueprint.get("/board")
@require_device(DISPLAY)
def board():
    """Give the TV its public board: the site's procedures by field, today's roster, contacts."""
    return PublicBoard.of(db(), g.device.site, utcnow()).dump()
