from __future__ import annotations

from flask import Response, jsonify

from app.core.database import database_is_up
from app.extensions import limiter
from app.health import bp


@bp.get("/healthz")
@limiter.exempt
def healthz() -> tuple[Response, int]:
    if database_is_up():
        return jsonify(status="ok", database="ok"), 200
    return jsonify(status="error", database="unavailable"), 503
