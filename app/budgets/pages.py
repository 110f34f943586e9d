"""What the public pages read: each page's data in a few flat queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.budgets.access import areas_of
from app.budgets.ballot_models import CountRun
from app.budgets.explanations import (
    ComparisonView,
    comparison_view,
    mes_budget_note,
    project_explanation,
)
from app.budgets.labels import phase_steps, rule_texts
from app.budgets.models import Area, BudgetProcess, Phase, Proposal, ProposalStatus
from app.extensions import db


def public_processes() -> list[BudgetProcess]:
    return list(db.session.scalars(sa.select(BudgetProcess).where(
        BudgetProcess.phase != Phase.DRAFT).order_by(BudgetProcess.id.desc())))


@dataclass
class ProcessView:
    steps: list[dict]
    areas: list[Area]
    counts: dict[int, Counter]  # area id -> proposals by status
    selected: list[Proposal] = field(default_factory=list)
    current: str = ""  # the phase now, for the step indicator


def process_view(process: BudgetProcess) -> ProcessView:
    areas = areas_of(process)
    counts: dict[int, Counter] = {a.id: Counter() for a in areas}
    for area_id, status, number in db.session.execute(
            sa.select(Proposal.area_id, Proposal.status, sa.func.count(Proposal.id))
            .where(Proposal.process_id == process.id)
            .group_by(Proposal.area_id, Proposal.status)):
        counts[area_id][status] = number
    selected = list(db.session.scalars(
        sa.select(Proposal).where(Proposal.process_id == process.id,
                                  Proposal.status == ProposalStatus.SELECTED)
        .options(selectinload(Proposal.updates)).order_by(Proposal.area_id, Proposal.id)))
    return ProcessView(phase_steps(process), areas, counts, selected, process.phase.value)


def proposal_list(process: BudgetProcess, area_id: int | None,
                  status: ProposalStatus | None) -> list[Proposal]:
    query = sa.select(Proposal).where(Proposal.process_id == process.id)
    if area_id:
        query = query.where(Proposal.area_id == area_id)
    if status:
        query = query.where(Proposal.status == status)
    return list(db.session.scalars(query.order_by(Proposal.title, Proposal.id)))


def proposal_with_updates(proposal: Proposal) -> Proposal:
    return db.session.scalar(sa.select(Proposal).where(Proposal.id == proposal.id)
                             .options(selectinload(Proposal.updates))
                             .execution_options(populate_existing=True))


@dataclass
class AreaResult:
    area: Area
    rules: list[str]
    projects: list[dict]
    spent: Decimal
    ballots: int
    mes_note: str | None = None
    comparison: ComparisonView | None = None
    titles: dict[int, str] = field(default_factory=dict)


def results_view(process: BudgetProcess, run: CountRun) -> list[AreaResult]:
    """Each area's projects, most votes first, with the count's outcome."""
    result = run.result or {}
    proposals = db.session.scalars(sa.select(Proposal).where(
        Proposal.process_id == process.id,
        Proposal.status.in_((ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED)))).all()
    titles = {p.id: p.title for p in proposals}
    views = []
    for area in areas_of(process):
        outcome = result.get(str(area.id), {})
        selected = set(outcome.get("selected", []))
        votes = outcome.get("votes", {})
        projects = sorted(
            ({"proposal": p, "votes": votes.get(str(p.id), 0), "selected": p.id in selected,
              "explanation": project_explanation(area, outcome, p.id, p.cost, titles)}
             for p in proposals if p.area_id == area.id),
            key=lambda row: (not row["selected"], -row["votes"], row["proposal"].title))
        spent = sum((row["proposal"].cost for row in projects if row["selected"]), Decimal(0))
        views.append(AreaResult(area, rule_texts(area), projects, spent,
                                outcome.get("ballots", 0), mes_budget_note(area, outcome),
                                comparison_view(area, outcome), titles))
    return views
