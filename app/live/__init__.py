"""Running a session live: the facilitator's dashboard and the projector view."""

from flask import Blueprint

bp = Blueprint("live", __name__, url_prefix="/sessions", template_folder="templates")
