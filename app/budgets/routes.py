"""Public pages of a process: the process, its proposals, proposing, results, receipts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

import app.budgets.staff_routes  # noqa: F401 - registers the staff pages
import app.budgets.voting_routes  # noqa: F401 - registers the ballot pages
from app.budgets import bp, pages, spreadsheet
from app.budgets.access import areas_of, can_manage, get_process_or_404, proposal_or_404
from app.budgets.codes import receipt_hash
from app.budgets.errors import InvalidCost
from app.budgets.forms import ProposalFilterForm, ProposalForm, ReceiptForm, UpdateForm
from app.budgets.labels import PHASE_LABELS, PHASE_MOVES, STATE_LABELS, STATUS_LABELS, euros
from app.budgets.models import Phase, ProposalStatus
from app.budgets.proposals import submit_proposal
from app.budgets.provenance import source_link
from app.budgets.results import published_count, receipts
from app.core.database import commit
from app.core.forms import choices


@bp.get("/")
def index() -> str:
    return render_template("budgets/index.html", processes=pages.public_processes())


@bp.get("/<int:process_id>")
def process_page(process_id: int) -> str:
    process = get_process_or_404(process_id)
    return render_template("budgets/process.html", process=process,
                           view=pages.process_view(process), manage=can_manage(process))


@bp.get("/<int:process_id>/proposals")
def proposals(process_id: int) -> str:
    process = get_process_or_404(process_id)
    areas = areas_of(process)
    area_id = request.args.get("area", type=int)
    status = request.args.get("status", "")
    status = status if status in {s.value for s in ProposalStatus} else ""
    listed = pages.proposal_list(process, area_id, ProposalStatus(status) if status else None)
    filters = ProposalFilterForm(formdata=None, area=str(area_id or ""), status=status)
    filters.area.choices = choices([("", _("All areas")), *((a.id, a.name) for a in areas)])
    filters.status.choices = choices([("", _("All")), *((s.value, label)
                                                       for s, label in STATUS_LABELS.items())])
    return render_template("budgets/proposals.html", process=process, proposals=listed,
                           filters=filters)


@bp.get("/<int:process_id>/proposals/<int:proposal_id>")
def proposal_page(process_id: int, proposal_id: int) -> str:
    process = get_process_or_404(process_id)
    proposal = pages.proposal_with_updates(proposal_or_404(process, proposal_id))
    manage = can_manage(process)
    return render_template("budgets/proposal.html", process=process, proposal=proposal,
                           manage=manage, source_url=source_link(proposal),
                           update_form=UpdateForm(formdata=None) if manage else None)


@bp.route("/<int:process_id>/propose", methods=["GET", "POST"])
@login_required
def propose(process_id: int) -> Response | tuple[str, int]:
    process = get_process_or_404(process_id)
    if process.phase != Phase.PROPOSALS:
        abort(409)
    areas = areas_of(process)
    form = ProposalForm()
    form.area.choices = choices([(a.id, a.name) for a in areas])
    if form.validate_on_submit():
        area = next(a for a in areas if str(a.id) == form.area.data)
        try:
            proposal = submit_proposal(process, area, current_user, form.title.data,
                                       form.description.data, form.cost.data,
                                       form.place.data or "")
        except InvalidCost as refused:
            form.cost.errors = [str(refused.message)]
        else:
            commit()
            flash(_("Thank you! Your proposal has been sent for review."), "success")
            return redirect(url_for(".proposal_page", process_id=process.id,
                                    proposal_id=proposal.id), 303)
    status = 422 if form.errors else 200
    return render_template("budgets/propose.html", process=process, form=form), status


def _published(process_id: int):
    """A process the caller may see and its published count; 404 before the results are out."""
    process = get_process_or_404(process_id)
    run = published_count(process)
    if run is None:
        abort(404)
    return process, run


@bp.get("/<int:process_id>/results")
def results(process_id: int) -> str:
    process, run = _published(process_id)
    return render_template("budgets/results.html", process=process, run=run,
                           areas=pages.results_view(process, run))


@bp.get("/<int:process_id>/results.csv")
def results_csv(process_id: int) -> Response:
    """The projects with their outcome and explanation, as a spreadsheet."""
    process, run = _published(process_id)
    response = Response(spreadsheet.results_csv(process, run), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="budget-{process.id}-results.csv"')
    return response


@bp.get("/<int:process_id>/receipts")
def find_receipt(process_id: int) -> tuple[str, int]:
    """Anyone checks that a receipt was counted: its hash is among the published ones."""
    process, _ = _published(process_id)
    form = ReceiptForm(request.args)
    found = None
    published = receipts(process)
    if request.args and form.validate():
        found = receipt_hash(form.code.data) in set(published)
    return render_template("budgets/receipts.html", process=process, form=form, found=found,
                           receipts=published), 422 if form.errors else 200


bp.add_app_template_filter(euros, "euros")


@bp.context_processor
def labels() -> dict:
    return {"phase_labels": PHASE_LABELS, "status_labels": STATUS_LABELS,
            "state_labels": STATE_LABELS, "phase_moves": PHASE_MOVES}
