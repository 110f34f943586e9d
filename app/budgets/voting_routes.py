"""The voter's pages: which areas are open to them, the ballot with its live budget meter,
signing in with a one-time voting code, and the receipt shown once."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.budgets import bp, voting
from app.budgets.access import area_or_404, areas_of, get_process_or_404
from app.budgets.ballots import ballot_proposals, cast_ballot
from app.budgets.codes import find_code
from app.budgets.errors import AreaNotOpen, HomeAreaNeeded, InvalidBallot
from app.budgets.forms import BallotForm, VotingCodeForm
from app.budgets.models import Area, BudgetProcess, Phase
from app.core.database import commit
from app.core.forms import choices
from app.extensions import limiter

CODE_LIMITS = {
    "BUDGET_CODE_RATE_LIMIT": "30 per minute",         # code sign-ins per address
    "BUDGET_UNKNOWN_CODE_LIMIT": "10 per minute",      # unknown codes tried per address
}


def _limit(name: str):
    return lambda: current_app.config.get(name, CODE_LIMITS[name])


unknown_code_limit = limiter.shared_limit(
    _limit("BUDGET_UNKNOWN_CODE_LIMIT"), scope="budget-unknown-code",
    deduct_when=lambda response: response.status_code == 404)


def _voting_process(process_id: int) -> BudgetProcess:
    process = get_process_or_404(process_id)
    if process.phase != Phase.VOTING:
        abort(409)
    return process


@bp.get("/<int:process_id>/vote")
def vote_index(process_id: int) -> str:
    process = get_process_or_404(process_id)
    identity = voting.current_identity(process)
    areas = voting.area_states(process, identity) if identity else []
    return render_template("budgets/vote_index.html", process=process, identity=identity,
                           areas=areas, code_form=VotingCodeForm(formdata=None))


@bp.route("/<int:process_id>/code", methods=["GET", "POST"])
@unknown_code_limit
@limiter.limit(_limit("BUDGET_CODE_RATE_LIMIT"), methods=["POST"])
def code_sign_in(process_id: int) -> Response | tuple[str, int]:
    process = _voting_process(process_id)
    if not process.allow_codes:
        abort(404)
    form = VotingCodeForm() if request.method == "POST" else VotingCodeForm(
        formdata=None, code=request.args.get("code", "")[:40])
    status = 200
    if form.validate_on_submit():
        code = find_code(process, form.code.data)
        if code is not None:
            voting.remember_code(process, code.id)
            return redirect(url_for(".vote_index", process_id=process.id), 303)
        form.code.errors = [_("This voting code is not valid. Check the code and try again.")]
        status = 404
    elif form.errors:
        status = 422
    return render_template("budgets/code.html", process=process, form=form), status


@bp.route("/<int:process_id>/vote/<int:area_id>", methods=["GET", "POST"])
def ballot(process_id: int, area_id: int) -> Response | tuple[str, int] | str:
    process = _voting_process(process_id)
    area = area_or_404(process, area_id)
    identity = voting.current_identity(process)
    if identity is None:
        return redirect(url_for(".vote_index", process_id=process.id), 303)
    page = voting.ballot_page(process, area, identity)
    form = _ballot_form(process, page)
    if request.method == "GET":
        form.projects.data = [str(pid) for pid in page.chosen]
    if form.validate_on_submit():
        home = form.home_area.data if page.needs_home_area else None
        try:
            cast = cast_ballot(process, area, identity, form.projects.data or [],
                               home_area_id=int(home) if home else None)
        except (InvalidBallot, AreaNotOpen, HomeAreaNeeded) as refused:
            return _ballot_response(process, area, page, form, str(refused.message), 422)
        commit()
        return render_template("budgets/receipt.html", process=process, area=area,
                               receipt=cast.receipt)
    return _ballot_response(process, area, page, form, None, 422 if form.errors else 200)


@bp.get("/<int:process_id>/vote/<int:area_id>/meter")
def meter(process_id: int, area_id: int) -> str:
    """The remaining-budget meter for the ticked projects (htmx; nothing is saved)."""
    process = _voting_process(process_id)
    area = area_or_404(process, area_id)
    identity = voting.current_identity(process)
    if identity is None:
        abort(404)
    # Only what the ticked projects cost: the voter's own order and earlier choices are the
    # ballot page's, not the meter's (one query instead of three on every tick).
    return render_template("budgets/_meter.html", area=area,
                           meter=voting.budget_meter(area, ballot_proposals(area),
                                                     request.args.getlist("projects")))


def _ballot_form(process: BudgetProcess, page: voting.BallotPage) -> BallotForm:
    form = BallotForm()
    form.projects.choices = choices([(p.id, p.title) for p in page.proposals])
    if page.needs_home_area:
        form.home_area.choices = choices(
            [("", _("Choose your home area"))]
            + [(a.id, a.name) for a in areas_of(process) if not a.citywide])
    else:
        del form.home_area
    if not page.needs_declaration:
        del form.declare
    return form


def _ballot_response(process: BudgetProcess, area: Area, page: voting.BallotPage,
                     form: BallotForm, error: str | None, status: int) -> tuple[str, int]:
    ticked = form.projects.data or []
    return render_template(
        "budgets/ballot.html", process=process, area=area, page=page, form=form, error=error,
        meter=voting.budget_meter(area, page.proposals, ticked)), status


@bp.post("/<int:process_id>/vote/sign-out")
def forget_code(process_id: int) -> Response:
    process = get_process_or_404(process_id)
    voting.forget_code(process)
    return redirect(url_for(".process_page", process_id=process.id), 303)

