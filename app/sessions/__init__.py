"""Sessions as the facilitator prepares them: workshops, partnership tables, customer
panels and brainstorms, with their themes, background items, groups and stages."""

from flask import Blueprint

bp = Blueprint("sessions", __name__, url_prefix="/sessions", template_folder="templates")
