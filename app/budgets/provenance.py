"""Between workshops and budgets: which proposals a session's priorities became, where a
promoted proposal came from, and where a facilitator may promote to.

Workshop pages (the combined list, the participants' results, the memo) call
``promoted_proposals(session_id)`` (a template global) to show where the priorities went; the
proposal page calls :func:`source_link` for its link back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import url_for
from flask_login import current_user

from app.aggregation.models import AggregateItem
from app.budgets import bp
from app.budgets.access import PROMOTING_ROLES, can_manage
from app.budgets.models import Area, BudgetProcess, Phase, Proposal
from app.budgets.proposals import PROMOTION_PHASES
from app.extensions import db
from app.groupwork.models import Priority, Submission
from app.organisations.access import has_role
from app.organisations.models import Organisation
from app.sessions.access import can_facilitate
from app.sessions.models import Session, Stage


@dataclass
class Promoted:
    """A session's promoted proposals by the combined-list item or priority they came from."""

    by_item: dict[int, list[Proposal]] = field(default_factory=lambda: defaultdict(list))
    by_priority: dict[int, list[Proposal]] = field(default_factory=lambda: defaultdict(list))

    def of_item(self, item_id: int, priority_ids: list[int] = ()) -> list[Proposal]:
        """Proposals made of the item or of any of its groups' priorities."""
        found = list(self.by_item.get(item_id, []))
        for pid in priority_ids:
            found += [p for p in self.by_priority.get(pid, []) if p not in found]
        return found

    def __bool__(self) -> bool:
        return bool(self.by_item or self.by_priority)


@bp.app_template_global("promoted_proposals")
def promoted_proposals(session_id: int) -> Promoted:
    """The proposals promoted from a session that the viewer may see (one query)."""
    promoted = Promoted()
    rows = db.session.execute(
        sa.select(Proposal, BudgetProcess)
        .join(BudgetProcess, BudgetProcess.id == Proposal.process_id)
        .where(Proposal.source_session_id == session_id)
        .order_by(Proposal.id)).tuples()
    for proposal, process in rows:
        if process.phase == Phase.DRAFT and not can_manage(process):
            continue
        if proposal.source_aggregate_id is not None:
            promoted.by_item[proposal.source_aggregate_id].append(proposal)
        if proposal.source_priority_id is not None:
            promoted.by_priority[proposal.source_priority_id].append(proposal)
    return promoted


@bp.app_template_global("can_promote_from")
def can_promote_from(organisation: Organisation) -> bool:
    """Whether the viewer may promote this organisation's priorities, and a process takes
    them now."""
    if not has_role(current_user, organisation, *PROMOTING_ROLES):
        return False
    return db.session.scalar(sa.select(sa.func.count(BudgetProcess.id)).where(
        BudgetProcess.organisation_id == organisation.id,
        BudgetProcess.phase.in_(PROMOTION_PHASES))) > 0


def promotion_targets(organisation_id: int) -> list[tuple[BudgetProcess, Area]]:
    """The (process, area) pairs a priority of the organisation can be promoted into."""
    return list(db.session.execute(
        sa.select(BudgetProcess, Area).join(Area, Area.process_id == BudgetProcess.id)
        .where(BudgetProcess.organisation_id == organisation_id,
               BudgetProcess.phase.in_(PROMOTION_PHASES))
        .order_by(BudgetProcess.id, Area.position, Area.id)).tuples())


def source_link(proposal: Proposal) -> str | None:
    """Where the proposal's workshop can be seen: the combined list for its facilitators, the
    memo for everyone once the workshop shows its results (None otherwise)."""
    if proposal.source_session_id is None:
        return None
    session = db.session.get(Session, proposal.source_session_id)
    if session is None:
        return None
    theme_id = _theme_of(proposal)
    if can_facilitate(session) and theme_id is not None:
        return url_for("aggregation.theme", session_id=session.id, theme_id=theme_id)
    if session.stage in (Stage.RESULTS, Stage.CLOSED) or can_facilitate(session):
        return url_for("exports.memo", session_id=session.id)
    return None


def _theme_of(proposal: Proposal) -> int | None:
    if proposal.source_aggregate_id is not None:
        return db.session.scalar(sa.select(AggregateItem.theme_id).where(
            AggregateItem.id == proposal.source_aggregate_id))
    if proposal.source_priority_id is not None:
        return db.session.scalar(
            sa.select(Submission.theme_id).join(Priority, Priority.submission_id == Submission.id)
            .where(Priority.id == proposal.source_priority_id))
    return None
