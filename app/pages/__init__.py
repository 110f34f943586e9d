"""Public pages: front page, accessibility statement, privacy notice, language choice."""

from flask import Blueprint

bp = Blueprint("pages", __name__)
