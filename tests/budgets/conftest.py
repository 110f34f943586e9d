"""A budget process with areas and feasible proposals, made through the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.budgets.models import AreaRule, Completion, CountingRule, Phase, Proposal, ProposalStatus
from app.budgets.phases import AreaRules, add_area, create_process
from app.extensions import db
from app.organisations.models import Level, Organisation
from app.organisations.services import create_organisation


@dataclass
class Made:
    process_id: int
    areas: dict[str, int]
    proposals: dict[str, int] = field(default_factory=dict)  # title -> id


# Area name -> (budget, [(title, cost)], rules)
DEFAULT_AREAS = {
    "Keskusta": ("1000", [("Puisto", 300), ("Kirjasto", 500), ("Penkit", 250), ("Valot", 400)],
                 {}),
    "Koko kaupunki": ("2000", [("Pyörätiet", 1200), ("Uimaranta", 900)],
                      {"rule": CountingRule.GREEDY, "completion": Completion.NONE}),
}


@pytest.fixture
def make_budget(app):
    def make(org: str = "kunta", phase: str = "voting", area_rule: str = "every",
             areas: dict | None = None, citywide: tuple[str, ...] = ("Koko kaupunki",),
             allow_codes: bool = True, title: str = "Osallistuva budjetointi") -> Made:
        with app.app_context():
            organisation = db.session.scalar(
                sa.select(Organisation).where(Organisation.slug == org)
            ) or create_organisation("Esimerkin kunta", org, Level.MUNICIPALITY)
            process = create_process(organisation, None, title, area_rule=AreaRule(area_rule),
                                     allow_codes=allow_codes)
            made = Made(process.id, {})
            for name, (budget, projects, rules) in (areas or DEFAULT_AREAS).items():
                area = add_area(process, None, name,
                                AreaRules(budget=Decimal(budget), **rules),
                                citywide=name in citywide)
                made.areas[name] = area.id
                for title_, cost in projects:
                    proposal = Proposal(process_id=process.id, area_id=area.id, title=title_,
                                        cost=Decimal(cost), status=ProposalStatus.FEASIBLE)
                    db.session.add(proposal)
                    db.session.flush()
                    made.proposals[title_] = proposal.id
            process.phase = Phase(phase)
            db.session.commit()
            return made

    return make


@pytest.fixture
def vote(app):
    """Cast ballots with fresh voting codes: ``vote(made, "Keskusta", [["Puisto"], ...])``."""
    from app.budgets.ballots import VoterIdentity, cast_ballot
    from app.budgets.codes import find_code, generate_codes
    from app.budgets.models import Area, BudgetProcess

    def cast(made: Made, area: str, ballots: list[list[str]]) -> list[str]:
        receipts = []
        with app.app_context():
            process = db.session.get(BudgetProcess, made.process_id)
            area_row = db.session.get(Area, made.areas[area])
            for code in generate_codes(process, None, len(ballots)):
                choice = ballots[len(receipts)]
                identity = VoterIdentity(code_id=find_code(process, code).id)
                result = cast_ballot(process, area_row, identity,
                                     [made.proposals[t] for t in choice])
                receipts.append(result.receipt)
            db.session.commit()
        return receipts

    return cast


@pytest.fixture
def close_and_count(app):
    """Move a process in voting to counting and count it inline; returns the count's id."""
    from app.budgets.counting import run_count, start_count
    from app.budgets.models import BudgetProcess
    from app.budgets.phases import move_phase

    def run(made: Made) -> int:
        with app.app_context():
            process = db.session.get(BudgetProcess, made.process_id)
            move_phase(process, Phase.COUNTING, "staff")
            count_id = start_count(process, "staff").id
            db.session.commit()
            run_count(count_id)
            return count_id

    return run


# Four voters in Keskusta (budget 1000), three in Koko kaupunki (2000, greedy).
BALLOTS = {
    "Keskusta": [["Puisto", "Kirjasto"], ["Kirjasto"], ["Penkit", "Puisto"], ["Valot", "Penkit"]],
    "Koko kaupunki": [["Pyörätiet"], ["Uimaranta"], ["Uimaranta"]],
}


@pytest.fixture
def counted(make_budget, vote, close_and_count):
    """A finished process: the default areas, BALLOTS cast, counted. Returns (made, receipts)."""
    made = make_budget()
    receipts = [r for area, ballots in BALLOTS.items() for r in vote(made, area, ballots)]
    close_and_count(made)
    return made, receipts


@pytest.fixture
def workshop(app, make_session):
    """A workshop in results with one merged combined-list item of two groups' priorities."""
    from app.aggregation.models import AggregateItem
    from app.groupwork.models import Priority, Submission, SubmissionState
    from app.sessions.models import Group, Theme

    session_id = make_session(stage="results")
    with app.app_context():
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
        groups = db.session.scalars(sa.select(Group).where(Group.session_id == session_id)
                                    .order_by(Group.id)).all()
        item = AggregateItem(theme_id=theme.id, title="Lähiliikunta", merged=True)
        db.session.add(item)
        db.session.flush()
        priorities = []
        for rank, group in enumerate(groups[:2], start=1):
            submission = Submission(group_id=group.id, theme_id=theme.id,
                                    state=SubmissionState.SUBMITTED)
            db.session.add(submission)
            db.session.flush()
            priority = Priority(submission_id=submission.id, rank=rank, title="Liikuntapaikat",
                                reasoning=f"Perustelu {group.name}", aggregate_id=item.id)
            db.session.add(priority)
            priorities.append(priority)
        db.session.commit()
        return {"session": session_id, "theme": theme.id, "item": item.id,
                "priorities": [p.id for p in priorities]}
