"""Combining the groups' priorities per theme (Borda points), merging duplicates."""

from flask import Blueprint

bp = Blueprint("aggregation", __name__, url_prefix="/sessions", template_folder="templates")
