"""HTTP side of the vote pad: the tablet page (bound to its counter by a device token)."""

from flask import Blueprint, render_template

from server.models import RATINGS

blueprint = Blueprint("votepad", __name__, url_prefix="/vote",
                      template_folder="templates", static_folder="static")

RATINGS_EN = {4: "Very satisfied", 3: "Satisfied", 2: "Neutral", 1: "Dissatisfied"}


@blueprint.get("/")
def pad():
    """Serve the vote pad page; it reads ``?token=`` once and keeps it in localStorage."""
    # Left to right from best to worst; key n (a USB keypad) presses the n-th button.
    buttons = [{"key": key, "rating": rating, "label": RATINGS[rating],
                "label_en": RATINGS_EN[rating]}
               for key, rating in enumerate(sorted(RATINGS, reverse=True), start=1)]
    return render_template("votepad/pad.html", buttons=buttons)
