"""Liveness and database check for load balancers and monitors."""

from flask import Blueprint, Response, jsonify

from app.core.database import database_is_up
from app.extensions import limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz() -> tuple[Response, int]:
    if database_is_up():
        return jsonify(status="ok", database="ok"), 200
    return jsonify(status="error", database="unavailable"), 503
