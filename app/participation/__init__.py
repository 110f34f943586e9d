"""Joining a session with its code, link or QR code, as a guest or with an account."""

from flask import Blueprint

bp = Blueprint("participation", __name__, template_folder="templates")
