"""The signed-in person's own account: their data, their API tokens, deleting the account.
The services are those of app.privacy (data rights) and app.api (tokens)."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account", template_folder="templates")
