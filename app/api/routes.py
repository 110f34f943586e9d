from __future__ import annotations

from flask import Response, abort, jsonify, request

from app.api import bp
from app.api.openapi import document
from app.api.services import api_user
from app.extensions import csrf

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

