"""Staff review: the cost, feasible or not with a public answer; only feasible proposals reach
the ballot."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, url_for

from app.audit.services import record
from app.auth.models import User
from app.budgets.errors import PhaseClosed
from app.budgets.models import BudgetProcess, Phase, Proposal, ProposalStatus
from app.budgets.proposals import parse_cost
from app.extensions import db
from app.mail.services import render_mail, send_after_commit


def review_proposal(proposal: Proposal, actor: Any, *, feasible: bool, cost: Any,
                    public_answer: str = "", staff_notes: str = "") -> Proposal:
    """Staff set the cost and decide feasible or not (with a public answer), in review."""
    process = db.session.get(BudgetProcess, proposal.process_id)
    if process.phase != Phase.REVIEW:
        raise PhaseClosed()
    before = {"status": proposal.status.value, "cost": str(proposal.cost)}
    proposal.cost = parse_cost(cost, proposal.area)
    proposal.status = ProposalStatus.FEASIBLE if feasible else ProposalStatus.UNFEASIBLE
    proposal.public_answer = public_answer.strip()
    proposal.staff_notes = staff_notes.strip()
    db.session.flush()
    record(actor, "budget.proposal.review", proposal, before=before,
           after={"status": proposal.status.value, "cost": str(proposal.cost)},
           organisation_id=process.organisation_id)
    if before["status"] != proposal.status.value:
        _tell_the_author(process, proposal, feasible)
    return proposal


def _tell_the_author(process: BudgetProcess, proposal: Proposal, feasible: bool) -> None:
    """E-mail the proposer the decision (the proposal page shows it to everyone); sent once
    the review is committed, and again only if the decision changes."""
    author = db.session.get(User, proposal.author_id) if proposal.author_id else None
    if author is None or not author.is_enabled or not has_request_context():
        return
    link = url_for("budgets.proposal_page", process_id=process.id, proposal_id=proposal.id,
                   _external=True)
    send_after_commit(render_mail(author.email, "budgets/mail/reviewed.txt", author.locale,
                                  user=author, proposal=proposal, process=process,
                                  feasible=feasible, link=link))
