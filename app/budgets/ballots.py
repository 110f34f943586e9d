"""Casting and editing ballots, and paper ballots typed in by staff.

Every check (phase, eligibility, the area rule, the area's ballot rules) runs in the same
transaction as the write and under locks: the process row is share-locked (a phase move or a
rule change waits, and waits for us) and the voter's register row is locked for update (two
saves by one voter take turns). SQLite has no row locks; there a writing request begins with
``BEGIN IMMEDIATE`` (see app.core.database), which serialises writers the same way.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from app.audit.services import record
from app.budgets.ballot_models import Ballot, BallotChoice, BallotSource, Voter, VotingCode
from app.budgets.codes import new_receipt
from app.budgets.errors import (
    AreaNotOpen,
    HomeAreaNeeded,
    InvalidBallot,
    NotEligible,
    PhaseClosed,
)
from app.budgets.models import ON_BALLOT, Area, AreaRule, BudgetProcess, Phase, Proposal
from app.core.tokens import new_token, token_hash
from app.extensions import db


@dataclass(frozen=True)
class VoterIdentity:
    """Who votes: an account or a voting code (exactly one)."""

    user_id: int | None = None
    code_id: int | None = None

    @property
    def key(self) -> str:
        return f"user:{self.user_id}" if self.user_id is not None else f"code:{self.code_id}"


def pseudonym(process_id: int, identity: VoterIdentity) -> str:
    """The keyed pseudonym a voter's ballots carry; without the key it names nobody."""
    return token_hash(f"budget-ballot:{process_id}:{identity.key}")


@dataclass
class Cast:
    ballot: Ballot
    receipt: str | None  # shown once to the voter, never stored


def cast_ballot(process: BudgetProcess, area: Area, identity: VoterIdentity,
                project_ids: Iterable[int], home_area_id: int | None = None) -> Cast:
    """Save (or replace) the voter's ballot in ``area``; a new receipt each time."""
    _lock_process(process)
    if process.phase != Phase.VOTING:
        raise PhaseClosed(_("Voting is not open in this process."))
    if (identity.user_id is not None and not process.allow_accounts) or (
            identity.code_id is not None and not process.allow_codes):
        raise NotEligible()
    if area.process_id != process.id:
        raise InvalidBallot(_("This area is not part of this process."))
    voter = _register(process, identity, home_area_id)
    name = pseudonym(process.id, identity)
    voted = set(db.session.scalars(sa.select(Ballot.area_id).where(
        Ballot.process_id == process.id, Ballot.pseudonym == name)))
    areas = db.session.scalars(sa.select(Area).where(Area.process_id == process.id)).all()
    if area.id not in open_areas(process.area_rule, areas, voter.home_area_id, voted):
        raise AreaNotOpen()
    chosen = _checked_choices(area, project_ids)
    ballot = db.session.scalar(sa.select(Ballot).where(Ballot.area_id == area.id,
                                                       Ballot.pseudonym == name))
    receipt, digest = new_receipt()
    if ballot is None:
        ballot = Ballot(process_id=process.id, area_id=area.id, pseudonym=name,
                        source=BallotSource.ONLINE, receipt_hash=digest)
        db.session.add(ballot)
        db.session.flush()
    else:
        ballot.receipt_hash = digest
    _write_choices(ballot, chosen)
    if identity.code_id is not None:
        db.session.execute(sa.update(VotingCode).where(VotingCode.id == identity.code_id)
                           .values(used=True))
    return Cast(ballot, receipt)


def enter_paper_ballot(process: BudgetProcess, area: Area, actor: Any,
                       project_ids: Iterable[int]) -> Ballot:
    """A paper ballot typed in by staff: checked like any ballot, marked ``paper``.

    Staff check the voter's right to vote at the polling place; the register holds no row
    for paper voters, and the audit log says that a ballot was entered, never what it said.
    """
    _lock_process(process)
    if process.phase != Phase.VOTING:
        raise PhaseClosed(_("Voting is not open in this process."))
    if not process.allow_paper:
        raise NotEligible()
    if area.process_id != process.id:
        raise InvalidBallot(_("This area is not part of this process."))
    chosen = _checked_choices(area, project_ids)
    ballot = Ballot(process_id=process.id, area_id=area.id, source=BallotSource.PAPER,
                    pseudonym=token_hash(f"budget-paper:{new_token()}"))
    db.session.add(ballot)
    db.session.flush()
    _write_choices(ballot, chosen)
    record(actor, "budget.ballot.paper", process, after={"area_id": area.id})
    return ballot


def check_ballot(area: Area, chosen: Sequence[Proposal]) -> None:
    """The area's ballot rules: number of projects, the budget, the minimum share."""
    total = sum((p.cost for p in chosen), Decimal(0))
    if len(chosen) < area.min_projects:
        raise InvalidBallot(ngettext("Choose at least %(num)d project.",
                                     "Choose at least %(num)d projects.", area.min_projects))
    if area.max_projects is not None and len(chosen) > area.max_projects:
        raise InvalidBallot(ngettext("Choose at most %(num)d project.",
                                     "Choose at most %(num)d projects.", area.max_projects))
    if total > area.budget:
        raise InvalidBallot(_("Your choices cost more than the area's budget. Remove a project "
                              "so that the total fits."))
    if area.min_share_percent and total * 100 < area.budget * area.min_share_percent:
        raise InvalidBallot(_("Use at least %(percent)d %% of the budget.",
                              percent=area.min_share_percent))


def open_areas(rule: AreaRule, areas: Sequence[Area], home_area_id: int | None,
               voted: set[int]) -> set[int]:
    """The ids of the areas a voter may still vote in (or change their ballot in).

    A city-wide area is always open; ``one`` allows one other area of free choice, and
    ``home_plus_one`` the home area and one more.
    """
    everything = {a.id for a in areas}
    if rule == AreaRule.EVERY:
        return everything
    citywide = {a.id for a in areas if a.citywide}
    local_votes = voted - citywide
    allowed = 1 if rule == AreaRule.ONE else 2
    if rule == AreaRule.HOME_PLUS_ONE:
        if home_area_id is None:
            return citywide
        local_votes |= {home_area_id}
    if len(local_votes) >= allowed:
        return citywide | local_votes
    return everything


def voter_order(proposals: Sequence[Proposal], seed: str) -> list[Proposal]:
    """The proposals in a random order that stays the same for this voter."""
    ordered = sorted(proposals, key=lambda p: p.id)
    random.Random(seed).shuffle(ordered)
    return ordered


def ballot_proposals(area: Area) -> list[Proposal]:
    return list(db.session.scalars(sa.select(Proposal).where(
        Proposal.area_id == area.id, Proposal.status.in_(ON_BALLOT)).order_by(Proposal.id)))


def _lock_process(process: BudgetProcess) -> None:
    """Share-lock the process row and read its phase as it is now."""
    db.session.execute(sa.select(BudgetProcess.id).where(BudgetProcess.id == process.id)
                       .with_for_update(read=True))
    db.session.refresh(process, ["phase"])


def _register(process: BudgetProcess, identity: VoterIdentity,
              home_area_id: int | None) -> Voter:
    """The voter's register row, created on the first ballot and locked for this save."""
    where = (Voter.user_id == identity.user_id if identity.user_id is not None
             else Voter.code_id == identity.code_id)
    query = sa.select(Voter).where(Voter.process_id == process.id, where).with_for_update()
    voter = db.session.scalar(query)
    if voter is None:
        if process.area_rule == AreaRule.HOME_PLUS_ONE:
            _check_home_area(process, home_area_id)
        try:
            with db.session.begin_nested():
                db.session.execute(sa.insert(Voter).values(
                    process_id=process.id, user_id=identity.user_id, code_id=identity.code_id,
                    home_area_id=home_area_id))
        except sa.exc.IntegrityError:
            pass  # another save by the same voter registered first: use its row
        voter = db.session.scalar(query.execution_options(populate_existing=True))
    return voter


def _check_home_area(process: BudgetProcess, home_area_id: int | None) -> None:
    area = db.session.get(Area, home_area_id) if home_area_id is not None else None
    if area is None or area.process_id != process.id or area.citywide:
        raise HomeAreaNeeded()


def _checked_choices(area: Area, project_ids: Iterable[int]) -> list[Proposal]:
    try:
        wanted = {int(pid) for pid in project_ids}
    except (TypeError, ValueError):
        raise InvalidBallot(_("The ballot names a project that does not exist.")) from None
    chosen = list(db.session.scalars(sa.select(Proposal).where(
        Proposal.id.in_(wanted), Proposal.area_id == area.id,
        Proposal.status.in_(ON_BALLOT)))) if wanted else []
    if len(chosen) != len(wanted):
        raise InvalidBallot(_("The ballot names a project that is not on this area's ballot."))
    check_ballot(area, chosen)
    return chosen


def _write_choices(ballot: Ballot, chosen: Sequence[Proposal]) -> None:
    db.session.execute(sa.delete(BallotChoice).where(BallotChoice.ballot_id == ballot.id))
    if chosen:
        db.session.execute(sa.insert(BallotChoice), [
            {"ballot_id": ballot.id, "proposal_id": p.id, "area_id": ballot.area_id}
            for p in chosen])
