"""Session exports: printable memo, CSV and JSON."""

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/sessions", template_folder="templates")
