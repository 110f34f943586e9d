"""Group work: a group's ranked priorities with reasoning, per theme, edited together."""

from flask import Blueprint

bp = Blueprint("groupwork", __name__, template_folder="templates")
