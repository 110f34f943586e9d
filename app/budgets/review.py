"""Staff review: the cost, feasible or not with a public answer; only feasible proposals reach
the ballot."""

from __future__ import annotations

from typing import Any

from app.audit.services import record
from app.budgets.errors import PhaseClosed
from app.budgets.models import BudgetProcess, Phase, Proposal, ProposalStatus
from app.budgets.proposals import parse_cost
from app.extensions import db


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
    return proposal
