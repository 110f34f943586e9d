"""Brainstorms: short ideas under a question, supports, and the facilitator's clusters."""

from flask import Blueprint

bp = Blueprint("brainstorm", __name__, template_folder="templates")
