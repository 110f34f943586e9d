"""The results of a counted process: the document of DESIGN.md Contract 5 and what the
results page shows. No count leaves the server before voting has closed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from app.budgets.access import areas_of, can_manage
from app.budgets.ballot_models import Ballot, CountRun
from app.budgets.counting import latest_count
from app.budgets.explanations import effective_supports, mes_budget
from app.budgets.models import ON_BALLOT, BudgetProcess, Phase, Proposal
from app.extensions import db


def published_count(process: BudgetProcess, user=None) -> CountRun | None:
    """The count the caller may see: public once finished, staff's from the counting phase."""
    if process.phase == Phase.FINISHED or (process.phase == Phase.COUNTING
                                           and can_manage(process, user)):
        return latest_count(process.id, done=True)
    return None


def number(value: Decimal | str) -> int | float:
    """A money amount as a JSON number: whole euros as integers."""
    amount = Decimal(value)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def results_document(process: BudgetProcess, run: CountRun) -> dict[str, Any]:
    result = run.result or {}
    proposals = db.session.scalars(sa.select(Proposal).where(
        Proposal.process_id == process.id, Proposal.status.in_(ON_BALLOT))
        .order_by(Proposal.id)).all()
    by_area: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        by_area.setdefault(proposal.area_id, []).append(proposal)
    areas = []
    for area in areas_of(process):
        outcome = result.get(str(area.id), {})
        selected = set(outcome.get("selected", []))
        votes = outcome.get("votes", {})
        supports = effective_supports(area, outcome)
        areas.append({
            "id": area.id, "name": area.name, "budget": number(area.budget),
            "rule": area.rule.value, "utility": area.utility.value,
            "completion": area.completion.value,
            "mes_budget": None if (budget := mes_budget(outcome)) is None else number(budget),
            "projects": [{
                "id": p.id, "title": p.title, "cost": number(p.cost),
                "votes": votes.get(str(p.id), 0), "selected": p.id in selected,
                "effective_support": supports.get(p.id),
            } for p in by_area.get(area.id, [])],
        })
    return {
        "budget": {"id": process.id, "title": process.title, "phase": process.phase.value},
        "areas": areas,
        "receipts": receipts(process),
    }


def receipts(process: BudgetProcess) -> list[str]:
    """The published receipt hashes, sorted (so their order tells nothing)."""
    return list(db.session.scalars(sa.select(Ballot.receipt_hash).where(
        Ballot.process_id == process.id, Ballot.receipt_hash.is_not(None))
        .order_by(Ballot.receipt_hash)))
