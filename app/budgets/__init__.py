"""Participatory budgeting: processes, proposals, secret ballots, counting and results."""

from flask import Blueprint

bp = Blueprint("budgets", __name__, url_prefix="/budgets", template_folder="templates")
