"""Counting a process: each area's ballots with its own rule (app.tally), with visible progress.

A count is a :class:`CountRun` row: the page polls its progress, and once done it holds each
area's outcome and the SHA-256 of the ballots it counted. Counting is deterministic: the
ballots are read in a fixed order, and the tally is exact.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sqlalchemy as sa

from app.audit.services import record
from app.budgets.ballot_models import Ballot, BallotChoice, CountRun, CountState
from app.budgets.errors import CountNotPossible
from app.budgets.explanations import outcome_details
from app.budgets.models import ON_BALLOT, Area, BudgetProcess, Phase, Proposal, ProposalStatus
from app.core.database import utcnow
from app.extensions import db
from app.tally import Election, Project, count


@dataclass
class AreaBallots:
    """An area's projects (on the ballot) and its ballots as lists of proposal ids."""

    area: Area
    proposals: list[Proposal]
    ballots: list[list[int]]

    def election(self) -> Election:
        projects = [Project(str(p.id), Fraction(p.cost), {"name": p.title})
                    for p in self.proposals]
        return Election.from_ballots(Fraction(self.area.budget), projects,
                                     ([str(pid) for pid in b] for b in self.ballots))

    def digest_lines(self) -> list[str]:
        return [f"{self.area.id};{','.join(map(str, b))}" for b in self.ballots]


def area_ballots(area: Area) -> AreaBallots:
    """The area's ballots in a fixed order (by pseudonym), each listing ids in order."""
    proposals = list(db.session.scalars(sa.select(Proposal).where(
        Proposal.area_id == area.id, Proposal.status.in_(ON_BALLOT)).order_by(Proposal.id)))
    rows = db.session.execute(
        sa.select(Ballot.id, BallotChoice.proposal_id)
        .outerjoin(BallotChoice, BallotChoice.ballot_id == Ballot.id)
        .where(Ballot.area_id == area.id)
        .order_by(Ballot.pseudonym, BallotChoice.proposal_id)
    ).all()
    ballots: dict[int, list[int]] = {}
    for ballot_id, proposal_id in rows:
        choices = ballots.setdefault(ballot_id, [])  # an empty ballot is a voter too
        if proposal_id is not None:
            choices.append(proposal_id)
    return AreaBallots(area, proposals, list(ballots.values()))


def start_count(process: BudgetProcess, actor: Any) -> CountRun:
    """A new count of a process whose voting has closed (queued; see jobs.enqueue_count)."""
    db.session.execute(sa.select(BudgetProcess.id).where(BudgetProcess.id == process.id)
                       .with_for_update())
    db.session.refresh(process, ["phase"])
    if process.phase != Phase.COUNTING:
        raise CountNotPossible()
    areas = db.session.scalar(sa.select(sa.func.count(Area.id))
                              .where(Area.process_id == process.id)) or 0
    run = CountRun(process_id=process.id, total_areas=areas)
    db.session.add(run)
    db.session.flush()
    record(actor, "budget.count.start", process, after={"count_id": run.id})
    return run


def run_count(count_id: int, own_transaction: bool = True) -> CountRun:
    """Count every area of the run's process, committing progress after each area.

    It owns its transactions (it runs in a worker, or inline after the request's commit);
    with ``own_transaction=False`` it only flushes, inside the caller's transaction (an
    import). On success the proposals get their selected / not selected status and the
    process moves to ``finished``.
    """
    checkpoint = db.session.commit if own_transaction else db.session.flush
    run = db.session.get(CountRun, count_id)
    process = db.session.get(BudgetProcess, run.process_id)
    run.state = CountState.RUNNING
    checkpoint()
    try:
        areas = db.session.scalars(sa.select(Area).where(Area.process_id == process.id)
                                   .order_by(Area.position, Area.id)).all()
        digest = hashlib.sha256()
        result: dict[str, Any] = {}
        for area in areas:
            data = area_ballots(area)
            for line in data.digest_lines():
                digest.update(line.encode() + b"\n")
            result[str(area.id)] = area_outcome(area, data)
            run.done_areas += 1
            checkpoint()
        _publish(process, run, result, digest.hexdigest())
        checkpoint()
    except Exception as error:
        if not own_transaction:
            raise
        db.session.rollback()
        run = db.session.get(CountRun, count_id)
        run.state = CountState.FAILED
        run.error = f"{type(error).__name__}: {error}"[:2000]
        run.finished_at = utcnow()
        db.session.commit()
        raise
    return run


def area_outcome(area: Area, data: AreaBallots) -> dict[str, Any]:
    election = data.election()
    outcome = count(election, **area.rule_settings())
    votes = election.vote_counts()
    return {
        "selected": sorted(int(pid) for pid in outcome.selected),
        "order": [int(pid) for pid in outcome.order],
        "cost": str(outcome.cost if outcome.cost.denominator != 1 else int(outcome.cost)),
        "votes": {str(p.id): v for p, v in zip(data.proposals, votes, strict=True)},
        "ballots": election.n_voters,
        # Why each project was or was not funded, the MES run's own budget and what the
        # other rule would have funded: stored, so the results pages never count again.
        **outcome_details(election, area, outcome),
    }


def _publish(process: BudgetProcess, run: CountRun, result: dict[str, Any],
             digest: str) -> None:
    selected = {pid for area in result.values() for pid in area["selected"]}
    for proposal in db.session.scalars(sa.select(Proposal).where(
            Proposal.process_id == process.id, Proposal.status.in_(ON_BALLOT))):
        proposal.status = (ProposalStatus.SELECTED if proposal.id in selected
                           else ProposalStatus.NOT_SELECTED)
    run.result = result
    run.ballots_sha256 = digest
    run.state = CountState.DONE
    run.finished_at = utcnow()
    if process.phase == Phase.COUNTING:
        process.phase = Phase.FINISHED
        process.touch()
        record("count", "budget.phase", process, before={"phase": Phase.COUNTING.value},
               after={"phase": Phase.FINISHED.value, "count_id": run.id})


def latest_count(process_id: int, done: bool = False) -> CountRun | None:
    query = sa.select(CountRun).where(CountRun.process_id == process_id)
    if done:
        query = query.where(CountRun.state == CountState.DONE)
    return db.session.scalar(query.order_by(CountRun.id.desc()).limit(1))
