"""The room's plenary vote: rounds on a theme's combined list or a brainstorm's ideas,
participants' ballots, paper dots and the results."""

from flask import Blueprint

bp = Blueprint("voting", __name__, template_folder="templates")
