"""Ballots under concurrent requests: one ballot per voter, never over the budget.

Each thread runs the service as a request would (a POST request context: on SQLite that
begins with BEGIN IMMEDIATE, on PostgreSQL the service's row locks do the work).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import sqlalchemy as sa

from app.auth.services import create_user
from app.budgets.ballot_models import Ballot, BallotChoice, Voter
from app.budgets.ballots import VoterIdentity, cast_ballot
from app.budgets.models import Area, BudgetProcess, Proposal
from app.core.database import commit
from app.core.errors import DomainError
from app.extensions import db


def _voter(app) -> VoterIdentity:
    with app.app_context():
        user = create_user("rinnakkain@example.fi", "Rinnakkain", "salasana-pitkä-123")
        db.session.commit()
        return VoterIdentity(user_id=user.id)


def _cast_in_request(app, made, identity, titles, area_name="Keskusta") -> str:
    with app.test_request_context("/budgets/ballot", method="POST"):
        try:
            process = db.session.get(BudgetProcess, made.process_id)
            area = db.session.get(Area, made.areas[area_name])
            cast_ballot(process, area, identity, [made.proposals[t] for t in titles])
            commit()
            return "saved"
        except DomainError as refused:
            db.session.rollback()
            return type(refused).__name__
        finally:
            db.session.remove()


def _run(app, made, identity, ballots: list[list[str]]) -> list[str]:
    with ThreadPoolExecutor(max_workers=25) as pool:
        return list(pool.map(lambda titles: _cast_in_request(app, made, identity, titles),
                             ballots))


def _stored(app, made) -> tuple[int, int, list[list[str]]]:
    with app.app_context():
        voters = db.session.scalar(sa.select(sa.func.count(Voter.id)))
        ballots = db.session.scalars(sa.select(Ballot.id)).all()
        titles = [sorted(db.session.scalars(
            sa.select(Proposal.title).join(BallotChoice, BallotChoice.proposal_id == Proposal.id)
            .where(BallotChoice.ballot_id == b))) for b in ballots]
        return voters, len(ballots), titles


def test_fifty_parallel_first_ballots_of_one_voter_store_one_ballot(app, make_budget):
    made = make_budget()
    identity = _voter(app)
    outcomes = _run(app, made, identity, [["Puisto"], ["Kirjasto"]] * 25)
    assert outcomes.count("saved") == 50
    voters, ballots, titles = _stored(app, made)
    assert (voters, ballots) == (1, 1)
    assert titles in ([["Puisto"]], [["Kirjasto"]])


def test_a_hundred_concurrent_edits_never_exceed_the_budget(app, make_budget):
    made = make_budget()
    identity = _voter(app)
    # Each fits the budget of 1000 alone; any two together would not.
    choices = [["Puisto", "Kirjasto"], ["Valot", "Penkit"], ["Kirjasto", "Valot"],
               ["Puisto", "Valot", "Penkit"]]
    outcomes = _run(app, made, identity, [choices[i % 4] for i in range(100)])
    assert outcomes.count("saved") == 100
    voters, ballots, titles = _stored(app, made)
    assert (voters, ballots) == (1, 1)
    assert titles[0] in [sorted(c) for c in choices]
    with app.app_context():
        costs = {p.title: p.cost for p in db.session.scalars(sa.select(Proposal))}
    assert sum(costs[t] for t in titles[0]) <= Decimal(1000)


def test_parallel_first_ballots_in_two_areas_keep_the_one_area_rule(app, make_budget):
    areas = {"Keskusta": ("1000", [("Puisto", 300)], {}),
             "Satama": ("1000", [("Laituri", 300)], {})}
    made = make_budget(area_rule="one", areas=areas)
    identity = _voter(app)
    jobs = [("Keskusta", ["Puisto"]), ("Satama", ["Laituri"])] * 25
    with ThreadPoolExecutor(max_workers=25) as pool:
        outcomes = list(pool.map(
            lambda job: _cast_in_request(app, made, identity, job[1], job[0]), jobs))
    assert outcomes.count("saved") >= 25
    assert set(outcomes) <= {"saved", "AreaNotOpen"}
    with app.app_context():
        areas_voted = set(db.session.scalars(sa.select(Ballot.area_id)))
    assert len(areas_voted) == 1
