"""Public phone pages: look up a dossier (the receipt's QR code opens it), send feedback."""

from flask import Blueprint, abort, redirect, render_template, request, url_for

from server.api.dossier_links import criteria
from server.api.dossiers import lookup_for_public
from server.engine.dossier_lookup import needs_check
from server.engine.dossier_ratings import is_rated
from server.engine.dossiers import EXTERNAL_CODE, normalise_code
from server.engine.errors import QueueError
from server.engine.feedback import FEEDBACK_CODE, find_feedback
from server.errors import ApiError
from server.formats import vn_date
from server.limits import check_lookup_rate
from server.payloads import DossierPublic, FeedbackPublic
from server.payloads.feedback import CATEGORY_LABELS
from server.printing.jobs import public_url
from server.qr import svg_response
from server.storage import db

blueprint = Blueprint("citizen", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/citizen/static")
blueprint.add_app_template_filter(vn_date)


@blueprint.get("/hs/")
def dossier_search():
    """Ask for a dossier code; a submitted code goes to its page."""
    code = normalise_code(request.args.get("code", ""))[:64]
    check = request.args.get("check", "")[:4]
    if code:
        return redirect(url_for("citizen.dossier_page", code=code, check=check or None))
    return render_template("citizen/dossier_search.html")


@blueprint.get("/hs/<code>")
def dossier_page(code: str):
    """Show where a dossier stands, with the applicant's name masked.

    A code that is not qms's own also needs ``?check=``, the last 4 digits of the applicant's
    phone or ID number: the search form asks for them.
    """
    code = normalise_code(code)[:64]
    try:
        if not EXTERNAL_CODE.fullmatch(code):
            check_lookup_rate()
            raise ApiError(404, "dossier_not_found", "Không tìm thấy hồ sơ với mã này.",
                           "No dossier has this code.")
        found = lookup_for_public(code, request.args.get("check"))
    except (ApiError, QueueError) as error:
        return render_template("citizen/dossier_search.html", code=code, error=error,
                               ask_check=needs_check(code)), error.status
    return render_template("citizen/dossier.html", dossier=DossierPublic.of(found).dump(),
                           rating=rating_form(found, request.args.get("check")))


def rating_form(dossier, check: str | None) -> dict:
    """What the page's rating form needs: the criteria, the check digits, whether it is done."""
    kind = "returned" if dossier.status == "returned" else "received"
    return {"criteria": criteria(), "check": check if needs_check(dossier.code) else None,
            "kind": kind, "rated": is_rated(db(), dossier, kind)}


@blueprint.get("/gop-y/")
def feedback_form():
    """The feedback form; ``?ticket=`` or ``?dossier=`` ties it to a visit (from a QR code)."""
    return render_template("citizen/feedback.html", categories=CATEGORY_LABELS,
                           ticket=request.args.get("ticket", "")[:32],
                           dossier=request.args.get("dossier", "")[:64])


@blueprint.get("/gop-y/qr.svg")
def feedback_qr():
    """Draw the QR code of the feedback form for a visit (the vote pad shows it)."""
    ticket = request.args.get("ticket", "")[:32]
    query = f"?ticket={ticket}" if ticket.replace("-", "").replace("_", "").isalnum() else ""
    return svg_response(public_url(f"/gop-y/{query}"))


@blueprint.get("/gop-y/<code>/qr.svg")
def feedback_status_qr(code: str):
    """Draw the QR code of a message's status page (the kiosk shows it once the message is sent)."""
    if not FEEDBACK_CODE.fullmatch(code):
        abort(404)
    return svg_response(public_url(f"/gop-y/{code.upper()}"))


@blueprint.get("/gop-y/<code>")
def feedback_page(code: str):
    """Show a message's status and the centre's reply to whoever holds its code."""
    try:
        check_lookup_rate()
        feedback = FeedbackPublic.of(find_feedback(db(), code)).dump()
    except (ApiError, QueueError) as error:
        return render_template("citizen/feedback_status.html", error=error), error.status
    return render_template("citizen/feedback_status.html", feedback=feedback)
