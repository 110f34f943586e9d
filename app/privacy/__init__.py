"""Privacy: guests' names removed after a retention period (``flask privacy purge``) that
each organisation's admin sets on its privacy settings page, and a user's data rights
(everything stored about them, deleting their account; the pages are in app.account).
"""

from flask import Blueprint

bp = Blueprint("privacy", __name__, template_folder="templates")
