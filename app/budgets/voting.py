"""The voter's side of the web pages: who is voting (an account or a code remembered in the
signed session cookie), which areas are open to them, their ballot and the budget meter."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask import session
from flask_login import current_user

from app.budgets.access import areas_of
from app.budgets.ballot_models import Ballot, BallotChoice, Voter
from app.budgets.ballots import (
    VoterIdentity,
    ballot_proposals,
    open_areas,
    pseudonym,
    voter_order,
)
from app.budgets.models import Area, AreaRule, BudgetProcess, Proposal
from app.extensions import db

CODES_KEY = "budget_codes"


def current_identity(process: BudgetProcess) -> VoterIdentity | None:
    """The code this browser signed in with for the process, else the signed-in account."""
    code_id = session.get(CODES_KEY, {}).get(str(process.id))
    if code_id is not None and process.allow_codes:
        return VoterIdentity(code_id=int(code_id))
    if current_user.is_authenticated and process.allow_accounts:
        return VoterIdentity(user_id=current_user.id)
    return None


def remember_code(process: BudgetProcess, code_id: int) -> None:
    codes = dict(session.get(CODES_KEY, {}))
    codes[str(process.id)] = code_id
    session[CODES_KEY] = codes


def forget_code(process: BudgetProcess) -> None:
    codes = dict(session.get(CODES_KEY, {}))
    codes.pop(str(process.id), None)
    session[CODES_KEY] = codes


def _register_row(process: BudgetProcess, identity: VoterIdentity) -> Voter | None:
    where = (Voter.user_id == identity.user_id if identity.user_id is not None
             else Voter.code_id == identity.code_id)
    return db.session.scalar(sa.select(Voter).where(Voter.process_id == process.id, where))


@dataclass
class AreaState:
    area: Area
    voted: bool
    open: bool


def area_states(process: BudgetProcess, identity: VoterIdentity) -> list[AreaState]:
    """Every area: whether this voter has voted there and whether it is (still) open."""
    areas = areas_of(process)
    name = pseudonym(process.id, identity)
    voted = set(db.session.scalars(sa.select(Ballot.area_id).where(
        Ballot.process_id == process.id, Ballot.pseudonym == name)))
    voter = _register_row(process, identity)
    home = voter.home_area_id if voter else None
    if process.area_rule == AreaRule.HOME_PLUS_ONE and home is None:
        allowed = {a.id for a in areas}  # the first ballot asks for the home area
    else:
        allowed = open_areas(process.area_rule, areas, home, voted)
    return [AreaState(a, a.id in voted, a.id in allowed) for a in areas]


@dataclass
class BallotPage:
    proposals: list[Proposal]  # in this voter's own random order
    chosen: list[int]
    needs_home_area: bool
    needs_declaration: bool  # an account's first ballot: declare the right to vote


def ballot_page(process: BudgetProcess, area: Area, identity: VoterIdentity) -> BallotPage:
    name = pseudonym(process.id, identity)
    proposals = voter_order(ballot_proposals(area), f"{name}:{area.id}")
    chosen = list(db.session.scalars(
        sa.select(BallotChoice.proposal_id).join(Ballot, Ballot.id == BallotChoice.ballot_id)
        .where(Ballot.area_id == area.id, Ballot.pseudonym == name)))
    first = _register_row(process, identity) is None
    needs_home = process.area_rule == AreaRule.HOME_PLUS_ONE and first
    return BallotPage(proposals, chosen, needs_home, first and identity.user_id is not None)


@dataclass
class Meter:
    total: Decimal
    budget: Decimal
    count: int
    min_projects: int
    max_projects: int | None
    min_share: Decimal | None

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.total

    @property
    def over(self) -> bool:
        return self.total > self.budget


def budget_meter(area: Area, proposals: list[Proposal], ticked: list[str]) -> Meter:
    """What the ticked projects cost against the area's budget (unknown ids are ignored)."""
    wanted = set(ticked)
    chosen = [p for p in proposals if str(p.id) in wanted]
    share = (area.budget * area.min_share_percent / 100) if area.min_share_percent else None
    return Meter(sum((p.cost for p in chosen), Decimal(0)), area.budget, len(chosen),
                 area.min_projects, area.max_projects, share)
