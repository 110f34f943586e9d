"""Staff pages: phases, review, voting codes, paper ballots, the count, implementation
updates, and promoting a workshop's combined-list item to a proposal."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.aggregation.models import AggregateItem
from app.budgets import bp, pages
from app.budgets.access import (
    MANAGING_ROLES,
    PROMOTING_ROLES,
    area_or_404,
    can_manage,
    get_process_or_404,
    proposal_or_404,
)
from app.budgets.ballot_models import CountState
from app.budgets.ballots import ballot_proposals, enter_paper_ballot
from app.budgets.codes import generate_codes
from app.budgets.counting import latest_count, start_count
from app.budgets.errors import InvalidBallot, InvalidCost, InvalidRules, RulesLocked
from app.budgets.forms import (
    AreaForm,
    CodesForm,
    PaperBallotForm,
    PhaseForm,
    ProcessForm,
    PromoteForm,
    ReviewForm,
    UpdateForm,
)
from app.budgets.jobs import enqueue_count
from app.budgets.models import (
    AreaRule,
    BudgetProcess,
    Completion,
    CountingRule,
    ImplementationState,
    Phase,
    ProposalStatus,
    Utility,
)
from app.budgets.phases import (
    AreaRules,
    add_area,
    create_process,
    has_ballots,
    move_phase,
    next_phase,
)
from app.budgets.proposals import add_status_update, promote_aggregate, promote_priority
from app.budgets.provenance import promotion_targets
from app.budgets.qr import voting_qr
from app.budgets.review import review_proposal
from app.core.database import commit
from app.core.forms import ButtonForm, choices
from app.core.live import STOP_POLLING
from app.core.rendering import render_page, wants_fragment
from app.extensions import db
from app.groupwork.models import Priority, Submission
from app.organisations.access import get_organisation_or_404, has_role
from app.sessions.access import get_session_or_404
from app.sessions.models import Group, Theme


@bp.route("/new/<slug>", methods=["GET", "POST"])
@login_required
def new_process(slug: str) -> Response | tuple[str, int]:
    organisation = get_organisation_or_404(slug, *MANAGING_ROLES)
    form = ProcessForm()
    if form.validate_on_submit():
        settings = {name: getattr(form, name).data for name in PROCESS_SETTINGS}
        settings.update({name: name in (form.voters.data or []) for name in VOTER_SETTINGS})
        process = create_process(organisation, current_user, form.title.data,
                                 form.description.data or "", AreaRule(form.area_rule.data),
                                 **settings)
        commit()
        flash(_("The process was created. Add its areas next."), "success")
        return redirect(url_for(".manage", process_id=process.id) + "#areas", 303)
    return render_template("budgets/new.html", organisation=organisation,
                           form=form), 422 if form.errors else 200


PROCESS_SETTINGS = ("proposals_start", "review_start", "voting_start", "voting_end",
                    "results_date")
VOTER_SETTINGS = ("allow_accounts", "allow_codes", "allow_paper")


@bp.get("/<int:process_id>/manage")
@login_required
def manage(process_id: int) -> str:
    return _manage_page(get_process_or_404(process_id, manage=True))[0]


def _manage_page(process: BudgetProcess, status: int = 200, area_form: AreaForm | None = None,
                 area_error: str | None = None) -> tuple[str, int]:
    return render_template(
        "budgets/manage.html", process=process, view=pages.process_view(process),
        next_phase=next_phase(process), phase_form=PhaseForm(formdata=None),
        codes_form=CodesForm(formdata=None), count=latest_count(process.id),
        to_review=pages.proposal_list(process, None, None), rules_locked=has_ballots(process.id),
        area_form=area_form or AreaForm(formdata=None), area_error=area_error), status


@bp.post("/<int:process_id>/areas")
@login_required
def new_area(process_id: int) -> Response | tuple[str, int]:
    process = get_process_or_404(process_id, manage=True)
    form = AreaForm()
    if not form.validate_on_submit():
        return _manage_page(process, 422, form)
    rules = AreaRules(
        budget=form.budget.data, min_projects=form.min_projects.data,
        max_projects=form.max_projects.data, min_share_percent=form.min_share_percent.data,
        rule=CountingRule(form.rule.data), utility=Utility(form.utility.data),
        completion=Completion(form.completion.data), threshold_votes=form.threshold_votes.data,
        threshold_percent=form.threshold_percent.data)
    try:
        add_area(process, current_user, form.name.data, rules,
                 citywide="y" in (form.citywide.data or []))
    except (InvalidRules, RulesLocked) as refused:
        db.session.rollback()
        return _manage_page(process, refused.status, form, str(refused.message))
    commit()
    flash(_("The area %(name)s was added.", name=form.name.data), "success")
    return redirect(url_for(".manage", process_id=process.id) + "#areas", 303)


@bp.post("/<int:process_id>/phase")
@login_required
def change_phase(process_id: int) -> Response:
    process = get_process_or_404(process_id, manage=True)
    form = PhaseForm()
    if not form.validate_on_submit() or form.target.data not in {p.value for p in Phase}:
        abort(400)
    move_phase(process, Phase(form.target.data), current_user)
    commit()
    return redirect(url_for(".manage", process_id=process.id), 303)


@bp.route("/<int:process_id>/proposals/<int:proposal_id>/review", methods=["GET", "POST"])
@login_required
def review(process_id: int, proposal_id: int) -> Response | tuple[str, int]:
    process = get_process_or_404(process_id, manage=True)
    proposal = proposal_or_404(process, proposal_id)
    form = ReviewForm(data=None if request.method == "POST" else {
        "cost": str(proposal.cost), "public_answer": proposal.public_answer,
        "staff_notes": proposal.staff_notes,
        "decision": {ProposalStatus.FEASIBLE: "feasible",
                     ProposalStatus.UNFEASIBLE: "unfeasible"}.get(proposal.status)})
    if form.validate_on_submit():
        try:
            review_proposal(proposal, current_user, feasible=form.decision.data == "feasible",
                            cost=form.cost.data, public_answer=form.public_answer.data or "",
                            staff_notes=form.staff_notes.data or "")
        except InvalidCost as refused:
            form.cost.errors = [str(refused.message)]
        else:
            commit()
            flash(_("The review of “%(title)s” was saved.", title=proposal.title), "success")
            return redirect(url_for(".manage", process_id=process.id) + "#review", 303)
    return render_template("budgets/review.html", process=process, proposal=proposal,
                           form=form), 422 if form.errors else 200


@bp.post("/<int:process_id>/codes")
@login_required
def codes(process_id: int) -> tuple[str, int] | str:
    """Generate voting codes and show them once, as a printable sheet of slips."""
    process = get_process_or_404(process_id, manage=True)
    form = CodesForm()
    if not form.validate_on_submit():
        abort(422)
    new_codes = generate_codes(process, current_user, form.count.data)
    commit()
    url = url_for(".code_sign_in", process_id=process.id, _external=True)
    return render_template("budgets/codes_sheet.html", process=process, url=url,
                           slips=[(code, voting_qr(url, code)) for code in new_codes])


@bp.route("/<int:process_id>/paper/<int:area_id>", methods=["GET", "POST"])
@login_required
def paper_ballot(process_id: int, area_id: int) -> Response | tuple[str, int]:
    process = get_process_or_404(process_id, manage=True)
    area = area_or_404(process, area_id)
    proposals = ballot_proposals(area)
    form = PaperBallotForm()
    form.projects.choices = choices([(p.id, p.title) for p in proposals])
    error = None
    if form.validate_on_submit():
        try:
            enter_paper_ballot(process, area, current_user, form.projects.data or [])
        except InvalidBallot as refused:
            error = str(refused.message)
        else:
            commit()
            flash(_("The paper ballot was saved. You can type in the next one."), "success")
            return redirect(url_for(".paper_ballot", process_id=process.id, area_id=area.id),
                            303)
    return render_template("budgets/paper.html", process=process, area=area, form=form,
                           error=error), 422 if error or form.errors else 200


@bp.post("/<int:process_id>/count")
@login_required
def count(process_id: int) -> Response:
    process = get_process_or_404(process_id, manage=True)
    if not ButtonForm().validate_on_submit():
        abort(400)
    run = start_count(process, current_user)
    commit()
    enqueue_count(run)
    return redirect(url_for(".count_progress", process_id=process.id), 303)


@bp.get("/<int:process_id>/count")
@login_required
def count_progress(process_id: int) -> Response:
    process = get_process_or_404(process_id, manage=True)
    run = latest_count(process.id)
    if run is None:
        abort(404)
    finished = run.state in (CountState.DONE, CountState.FAILED)
    response = render_page("budgets/count.html", "budgets/_count.html", process=process,
                           run=run)
    if wants_fragment() and finished:
        response.status_code = STOP_POLLING
    return response


@bp.post("/<int:process_id>/proposals/<int:proposal_id>/updates")
@login_required
def add_update(process_id: int, proposal_id: int) -> Response:
    process = get_process_or_404(process_id, manage=True)
    proposal = proposal_or_404(process, proposal_id)
    form = UpdateForm()
    try:
        day = date.fromisoformat(form.day.data or "")
    except ValueError:
        day = None
    if not form.validate_on_submit() or day is None:
        flash(_("Give the date as yyyy-mm-dd."), "error")
    else:
        add_status_update(proposal, current_user, ImplementationState(form.state.data), day,
                          form.note.data or "")
        commit()
        flash(_("The update was published."), "success")
    return redirect(url_for(".proposal_page", process_id=process.id,
                            proposal_id=proposal.id), 303)


@bp.route("/promote/<int:item_id>", methods=["GET", "POST"])
@login_required
def promote(item_id: int) -> Response | tuple[str, int]:
    """A facilitator turns a combined-list item into a proposal draft in a chosen process."""
    item = db.session.get(AggregateItem, item_id)
    if item is None:
        abort(404)
    theme = db.session.get(Theme, item.theme_id)
    session = get_session_or_404(theme.session_id)
    return _promote_page(session, theme, item.title, url_for(".promote", item_id=item.id),
                         lambda process, area, cost: promote_aggregate(
                             process, area, current_user, item, cost))


@bp.route("/promote/priority/<int:priority_id>", methods=["GET", "POST"])
@login_required
def promote_group_priority(priority_id: int) -> Response | tuple[str, int]:
    """A facilitator turns one group's priority into a proposal draft."""
    priority = db.session.get(Priority, priority_id)
    if priority is None:
        abort(404)
    submission = db.session.get(Submission, priority.submission_id)
    theme = db.session.get(Theme, submission.theme_id)
    session = get_session_or_404(theme.session_id)
    group = db.session.get(Group, submission.group_id)
    return _promote_page(session, theme, priority.title,
                         url_for(".promote_group_priority", priority_id=priority.id),
                         lambda process, area, cost: promote_priority(
                             process, area, current_user, priority, cost),
                         group=group.name, rank=priority.rank)


def _promote_page(session, theme, title: str, action: str, make, **source) -> Response | tuple[
        str, int]:
    if not has_role(current_user, session.organisation, *PROMOTING_ROLES):
        abort(403)
    targets = promotion_targets(session.organisation_id)
    back = url_for("aggregation.theme", session_id=session.id, theme_id=theme.id)
    form = PromoteForm()
    form.area.choices = choices([(area.id, f"{process.title}: {area.name}")
                                 for process, area in targets])
    if targets and form.validate_on_submit():
        process, area = next((p, a) for p, a in targets if str(a.id) == form.area.data)
        try:
            proposal = make(process, area, form.cost.data)
        except InvalidCost as refused:
            form.cost.errors = [str(refused.message)]
        else:
            commit()
            flash(_("The proposal draft was made. Staff check its text and cost in the "
                    "review."), "success")
            if process.phase == Phase.DRAFT and not can_manage(process):
                return redirect(back, 303)  # the process is not public yet
            return redirect(url_for(".proposal_page", process_id=process.id,
                                    proposal_id=proposal.id), 303)
    return render_template("budgets/promote.html", session=session, theme=theme, title=title,
                           action=action, form=form, targets=targets, back=back,
                           **source), (
        422 if form.errors else 200)
