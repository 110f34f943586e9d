"""Organisations and their members."""

from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisations", template_folder="templates")
