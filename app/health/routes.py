"""``GET /healthz`` for load balancers (Contract 2).

200 ``{"status": "ok", "database": "ok"}`` while the database answers, 503 when it does
not. With ``REDIS_URL`` set, ``"redis"`` says ``"ok"`` or ``"down"``: the app still serves
without Redis (each process counts rate limits on its own), so Redis alone never makes it
503.
"""

from __future__ import annotations

from flask import Response, current_app, jsonify

from app.core.database import database_is_up
from app.extensions import limiter
from app.health import bp


def redis_is_up() -> bool:
    """Does the rate limits' Redis answer a ping (within its short socket timeout)?"""
    return limiter.storage.check()


@bp.get("/healthz")
@limiter.exempt
def healthz() -> tuple[Response, int]:
    report = {"status": "ok", "database": "ok"}
    status = 200
    if not database_is_up():
        report, status = {"status": "error", "database": "unavailable"}, 503
    if current_app.config.get("REDIS_URL"):
        report["redis"] = "ok" if redis_is_up() else "down"
    return jsonify(report), status
