"""The living style guide at /design: every component, in each of its states."""

from flask import Blueprint

bp = Blueprint("design", __name__, template_folder="templates")
