"""The one place that decides who may see or manage a budget process."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from app.budgets.models import Area, BudgetProcess, Phase, Proposal
from app.extensions import db
from app.organisations.access import has_role
from app.organisations.models import Role

#: Review proposals, run phases, generate codes, enter paper ballots, start the count.
MANAGING_ROLES = (Role.ADMIN, Role.STAFF)
#: Turn a workshop's priorities into proposals: those who run the workshop and see its combined
#: list (staff who manage budgets but not workshops never reach it).
PROMOTING_ROLES = (Role.ADMIN, Role.FACILITATOR)


def can_manage(process: BudgetProcess, user=None) -> bool:
    return has_role(user or current_user, process.organisation, *MANAGING_ROLES)


def get_process_or_404(process_id: int, manage: bool = False, user=None) -> BudgetProcess:
    """A process the caller may see (or, with ``manage``, run).

    A draft is seen only by its organisation's staff; members of the organisation without
    the role get 403, everyone else 404.
    """
    user = user or current_user
    process = db.session.get(BudgetProcess, process_id)
    if process is None:
        abort(404)
    if can_manage(process, user):
        return process
    if manage or process.phase == Phase.DRAFT:
        abort(403 if has_role(user, process.organisation) else 404)
    return process


def area_or_404(process: BudgetProcess, area_id: int) -> Area:
    area = db.session.get(Area, area_id)
    if area is None or area.process_id != process.id:
        abort(404)
    return area


def proposal_or_404(process: BudgetProcess, proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.process_id != process.id:
        abort(404)
    return proposal


def areas_of(process: BudgetProcess) -> list[Area]:
    return list(db.session.scalars(sa.select(Area).where(Area.process_id == process.id)
                                   .order_by(Area.position, Area.id)))
