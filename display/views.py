"""HTTP side of the display: the TV page and the announcement audio."""

import re

from flask import Blueprint, Response, current_app, g, render_template, request
from sqlalchemy import select

from server.auth.guard import require_device
from server.errors import ApiError
from server.models import Site, utcnow
from server.payloads import announcement_template, public_board
from server.storage import db
from voice import VoiceError, announcement_words, build_synthesizer

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
    response = Response(render_template("display/tv.html"))
    response.cache_control.no_cache = True  # a TV reload always takes the current page
    return response


# ASCII only: str.isalnum() also passes "²" and other digits no ticket ever carries.
TICKET_NUMBER = re.compile(r"[A-Za-z0-9]{1,16}")


@blueprint.get("/audio/<number>/<int:counter>.wav")
def announcement_audio(number: str, counter: int):
    """Serve the spoken call for a ticket number at a counter (a chime, then the sentence)."""
    invalid = ApiError(422, "invalid_number", "Số phiếu không hợp lệ.", "Invalid ticket number.")
    if not TICKET_NUMBER.fullmatch(number) or counter > 9999:
        raise invalid
    template = _announcement_template(request.args.get("site"))
    try:
        words = announcement_words(number, counter, template)
    except ValueError:  # digits beyond what the voice can read: no ticket has them
        raise invalid from None
    try:
        audio = synthesizer().synthesize(words)
    except VoiceError as error:
        current_app.logger.error("announcement audio failed: %s", error)
        raise ApiError(503, "voice_unavailable", "Không tạo được âm thanh thông báo.",
                       "Announcement audio is unavailable.") from error
    response = Response(audio, mimetype="audio/wav")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def _announcement_template(site_code: str | None) -> str:
    site = db().scalar(select(Site).where(Site.code == site_code)) if site_code else None
    return announcement_template(site)


@blueprint.get("/board")
@require_device("display")
def board():
    """Give the TV its public board: the site's procedures by field, today's roster, contacts."""
    return public_board(db(), g.device.site, utcnow())
