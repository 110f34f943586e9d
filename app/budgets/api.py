"""/api/v1/budgets: a process's results and an area's anonymous ballots (Contract 5)."""

from __future__ import annotations

from flask import Response, abort, jsonify

from app.api import bp
from app.api.services import api_user
from app.budgets.access import area_or_404, get_process_or_404
from app.budgets.pabulib import area_pb, pb_filename
from app.budgets.results import published_count, results_document


@bp.get("/budgets/<int:budget_id>/results")
def budget_results(budget_id: int) -> Response:
    """Public once the process is finished (its staff see the count from counting on)."""
    user = api_user()
    process = get_process_or_404(budget_id, user=user)
    run = published_count(process, user)
    if run is None:
        abort(404)
    return jsonify(results_document(process, run))


@bp.get("/budgets/<int:budget_id>/areas/<int:area_id>/ballots.pb")
def area_ballots_pb(budget_id: int, area_id: int) -> Response:
    """The area's anonymous ballots as a Pabulib file, once voting has closed and counted."""
    user = api_user()
    process = get_process_or_404(budget_id, user=user)
    area = area_or_404(process, area_id)
    run = published_count(process, user)
    if run is None:
        abort(404)
    response = Response(area_pb(process, area, run), mimetype="text/plain")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{pb_filename(process, area)}"')
    return response
