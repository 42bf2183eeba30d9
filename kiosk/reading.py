"""The accessible kiosk's read-aloud: the current screen as speech, offline."""

from flask import Response, current_app, g, request

from server.auth.guard import require_device
from server.device_kinds import KIOSK
from server.engine.lookups import ticket_by_public_code
from server.engine.procedures import find_offer
from server.errors import ApiError
from server.payloads import ProcedureDetail, ServiceList, TicketStatusView
from server.storage import db
from voice import VoiceError
from voice.reading import build_reader, procedure_sentences, services_sentences, ticket_sentences

from .views import blueprint


def reader():
    """Return the app's free-sentence synthesizer, built once (None without espeak-ng)."""
    extensions = current_app.extensions
    if "qms_reader" not in extensions:
        extensions["qms_reader"] = build_reader()
    return extensions["qms_reader"]


def _sentences(screen: str) -> list[str]:
    site = g.device.site
    code = request.args.get("code", "")[:40]
    if screen == "services":
        return services_sentences(ServiceList.of(db(), site).dump()["services"])
    if screen == "procedure":
        return procedure_sentences(ProcedureDetail.of(find_offer(db(), site, code)).dump())
    if screen == "ticket":
        ticket = ticket_by_public_code(db(), code)
        if ticket is not None and ticket.site_id == site.id:
            return ticket_sentences(TicketStatusView.of(ticket).dump())
        raise ApiError(404, "ticket_not_found", "Không tìm thấy phiếu.", "No such ticket.")
    raise ApiError(404, "unknown_screen", "Không có màn hình này.", "No such screen.")


@blueprint.get("/kiosk/read-aloud/<screen>.wav")
@require_device(KIOSK)
def read_aloud(screen: str):
    """Speak the kiosk's current screen: the tiles, a procedure, or the ticket just issued."""
    sentences = _sentences(screen)
    speaker = reader()
    if speaker is None:
        raise ApiError(503, "speech_unavailable",
                       "Máy chủ chưa cài giọng đọc tiếng Việt (espeak-ng).",
                       "No Vietnamese speech engine (espeak-ng) on the server.")
    try:
        audio = speaker.synthesize(sentences)
    except VoiceError as error:
        current_app.logger.warning("read-aloud failed: %s", error)
        raise ApiError(503, "speech_failed", "Chưa đọc được, vui lòng thử lại.",
                       "Speech failed; please retry.") from error
    response = Response(audio, mimetype="audio/wav")
    response.cache_control.no_store = True
    return response
