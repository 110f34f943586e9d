"""Proposals: from residents in the proposals phase, or promoted from a workshop's priority
or combined-list item with a visible provenance; implementation updates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from app.aggregation.models import AggregateItem
from app.audit.services import record
from app.budgets.errors import InvalidCost, PhaseClosed
from app.budgets.models import (
    MAX_MONEY,
    Area,
    BudgetProcess,
    ImplementationState,
    Phase,
    Proposal,
    ProposalStatus,
    StatusUpdate,
)
from app.core.errors import DomainError
from app.extensions import db
from app.groupwork.models import Priority, Submission
from app.sessions.models import Group, Session, Theme


class PromotionRefused(DomainError):
    """The area or the workshop belongs to another process or organisation."""

    status = 404


# Staff may add or promote proposals until voting starts.
PROMOTION_PHASES = (Phase.DRAFT, Phase.PROPOSALS, Phase.REVIEW)


def parse_cost(value: Any, area: Area) -> Decimal:
    """A cost in euros (at most two decimals), positive and within the area's budget."""
    try:
        cost = Decimal(str(value).replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidCost() from None
    if (not cost.is_finite() or cost <= 0 or cost >= MAX_MONEY or cost > area.budget
            or cost != cost.quantize(Decimal("0.01"))):
        raise InvalidCost()
    return cost


def submit_proposal(process: BudgetProcess, area: Area, author: Any, title: str,
                    description: str, cost: Any, place: str = "") -> Proposal:
    """A resident's proposal, in the proposals phase."""
    if process.phase != Phase.PROPOSALS:
        raise PhaseClosed()
    _same_process(process, area)
    proposal = Proposal(process_id=process.id, area_id=area.id, title=title.strip(),
                        description=description.strip(), place=place.strip(),
                        cost=parse_cost(cost, area), author_id=getattr(author, "id", None))
    db.session.add(proposal)
    db.session.flush()
    record(author, "budget.proposal.submit", proposal, after={"title": proposal.title},
           organisation_id=process.organisation_id)
    return proposal


def promote_priority(process: BudgetProcess, area: Area, actor: Any, priority: Priority,
                     cost: Any, description: str = "") -> Proposal:
    """A draft proposal from one group's priority: its title, rank and reasoning go along."""
    submission = db.session.get(Submission, priority.submission_id)
    group = db.session.get(Group, submission.group_id)
    theme = db.session.get(Theme, submission.theme_id)
    session = db.session.get(Session, group.session_id)
    entries = [{"group": group.name, "rank": priority.rank, "title": priority.title,
                "reasoning": priority.reasoning}]
    return _promote(process, area, actor, session, theme, priority.title, entries, cost,
                    description, source_priority_id=priority.id)


def promote_aggregate(process: BudgetProcess, area: Area, actor: Any, item: AggregateItem,
                      cost: Any, description: str = "") -> Proposal:
    """A draft proposal from a combined-list item: every group's own words go along."""
    theme = db.session.get(Theme, item.theme_id)
    session = db.session.get(Session, theme.session_id)
    rows = db.session.execute(
        sa.select(Priority, Group.name)
        .join(Submission, Submission.id == Priority.submission_id)
        .join(Group, Group.id == Submission.group_id)
        .where(Priority.aggregate_id == item.id)
        .order_by(Priority.rank, Group.position, Group.id)
    ).all()
    entries = [{"group": name, "rank": p.rank, "title": p.title, "reasoning": p.reasoning}
               for p, name in rows]
    return _promote(process, area, actor, session, theme, item.title, entries, cost,
                    description, source_aggregate_id=item.id)


def _promote(process: BudgetProcess, area: Area, actor: Any, session: Session, theme: Theme,
             title: str, entries: list[dict[str, Any]], cost: Any, description: str,
             **source: int) -> Proposal:
    if process.phase not in PROMOTION_PHASES:
        raise PhaseClosed()
    _same_process(process, area)
    if session.organisation_id != process.organisation_id:
        raise PromotionRefused()
    proposal = Proposal(
        process_id=process.id, area_id=area.id, title=title[:200],
        description=description.strip() or "\n\n".join(e["reasoning"] for e in entries),
        cost=parse_cost(cost, area), author_id=getattr(actor, "id", None),
        source_session_id=session.id,
        provenance={"session": session.title, "theme": theme.title, "groups": entries},
        **source,
    )
    db.session.add(proposal)
    db.session.flush()
    record(actor, "budget.proposal.promote", proposal,
           after={"title": proposal.title, "session_id": session.id, **source},
           organisation_id=process.organisation_id)
    return proposal


def add_status_update(proposal: Proposal, actor: Any, state: ImplementationState, day: date,
                      note: str = "") -> StatusUpdate:
    """A dated public note on a selected project's implementation."""
    if proposal.status != ProposalStatus.SELECTED:
        raise PhaseClosed()
    update = StatusUpdate(proposal_id=proposal.id, state=state, day=day, note=note.strip())
    db.session.add(update)
    db.session.flush()
    record(actor, "budget.proposal.update", proposal,
           after={"state": state.value, "day": day.isoformat()},
           organisation_id=db.session.get(BudgetProcess, proposal.process_id).organisation_id)
    return update


def _same_process(process: BudgetProcess, area: Area) -> None:
    if area.process_id != process.id:
        raise PromotionRefused()
