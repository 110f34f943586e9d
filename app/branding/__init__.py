"""Organisation branding: a primary colour and a logo on the organisation's own pages."""

from flask import Blueprint

bp = Blueprint("branding", __name__, template_folder="templates")
