from __future__ import annotations

import json

from flask import Response, render_template
from flask_babel import force_locale

from app.exports import bp
from app.exports.access import export_session_or_404
from app.exports.report import load_report
from app.exports.results import session_results
from app.exports.spreadsheet import session_csv


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/<int:session_id>/export.json")
def export_json(session_id: int) -> Response:
    """The same document as GET /api/v1/sessions/<id>/results, as a download."""
    session, facilitator = export_session_or_404(session_id)
    body = json.dumps(session_results(session, drafts=facilitator), ensure_ascii=False, indent=2)
    return _download(body, "application/json", f"session-{session.id}-results.json")


@bp.get("/<int:session_id>/export.csv")
def export_csv(session_id: int) -> Response:
    session, facilitator = export_session_or_404(session_id)
    with force_locale(session.language):
        body = session_csv(load_report(session, drafts=facilitator))
    return _download(body, "text/csv; charset=utf-8", f"session-{session.id}-results.csv")


@bp.get("/<int:session_id>/memo")
def memo(session_id: int) -> str:
    """A printable memo in the session's own language (A4, a page per theme)."""
    session, facilitator = export_session_or_404(session_id)
    with force_locale(session.language):
        report = load_report(session, drafts=facilitator)
        return render_template("exports/memo.html", report=report, session=session,
                               facilitator=facilitator)
