from __future__ import annotations

import json

from flask import Response
from flask_login import login_required

from app.exports import bp
from app.exports.results import session_results
from app.sessions.access import get_session_or_404


@bp.get("/<int:session_id>/export.json")
@login_required
def export_json(session_id: int) -> Response:
    """The same document as GET /api/v1/sessions/<id>/results, as a download."""
    session = get_session_or_404(session_id)
    body = json.dumps(session_results(session, drafts=True), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="session-{session.id}-results.json"'
    )
    return response
