from __future__ import annotations

from flask import Response, abort, jsonify, request

from app.api import bp
from app.api.openapi import document
from app.api.services import api_user
from app.exports.results import is_public
from app.exports.results import session_results as build_results
from app.extensions import csrf, db
from app.organisations.access import has_role
from app.sessions.access import FACILITATING_ROLES
from app.sessions.models import Session

csrf.exempt(bp)


@bp.before_request
def read_only() -> None:
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        abort(405)


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(document(request.host_url.rstrip("/") + bp.url_prefix))


@bp.get("/me")
def me() -> Response:
    user = api_user()
    if user is None:
        abort(401)
    return jsonify(
        email=user.email,
        display_name=user.display_name,
        organisations=[
            {"slug": m.organisation.slug, "role": m.role.value} for m in user.memberships
        ],
    )



@bp.get("/sessions/<int:session_id>/results")
def session_results(session_id: int) -> Response:
    """A session's results: public from the results stage on, its facilitators any time."""
    session = db.session.get(Session, session_id)
    if session is None:
        abort(404)
    user = api_user()
    facilitator = user is not None and has_role(user, session.organisation, *FACILITATING_ROLES)
    if not (facilitator or is_public(session)):
        abort(404)
    return jsonify(build_results(session, drafts=facilitator))


# Features with API endpoints of their own register them on this blueprint.
import app.budgets.api  # noqa: E402, F401
