"""Phases move one step at a time; rules are fixed once a ballot exists; proposals and review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.budgets.ballots import VoterIdentity, cast_ballot
from app.budgets.errors import IllegalPhaseMove, InvalidCost, InvalidRules, PhaseClosed, RulesLocked
from app.budgets.models import (
    Area,
    BudgetProcess,
    CountingRule,
    ImplementationState,
    Phase,
    Proposal,
    ProposalStatus,
)
from app.budgets.phases import AreaRules, add_area, change_rules, move_phase
from app.budgets.proposals import add_status_update, promote_aggregate, submit_proposal
from app.budgets.review import review_proposal
from app.extensions import db


def test_phases_move_in_order_and_every_move_is_audited(app_ctx, make_budget):
    made = make_budget(phase="draft")
    process = db.session.get(BudgetProcess, made.process_id)
    for target in ("proposals", "review", "voting", "counting"):
        with pytest.raises(IllegalPhaseMove):
            move_phase(process, Phase.FINISHED, "staff")
        move_phase(process, Phase(target), "staff")
        db.session.commit()
    with pytest.raises(IllegalPhaseMove):
        move_phase(process, Phase.VOTING, "staff")  # no way back
    moves = db.session.scalars(sa.select(AuditEntry.after).where(
        AuditEntry.action == "budget.phase")).all()
    assert [m["phase"] for m in moves] == ["proposals", "review", "voting", "counting"]


def test_rules_change_until_the_first_ballot_and_not_after(app_ctx, make_budget):
    made = make_budget()
    area = db.session.get(Area, made.areas["Keskusta"])
    change_rules(area, "staff", AreaRules(budget=Decimal(1200), max_projects=3))
    db.session.commit()
    cast_ballot(area.process, area, _account(), [made.proposals["Puisto"]])
    db.session.commit()
    with pytest.raises(RulesLocked):
        change_rules(area, "staff", AreaRules(budget=Decimal(5000)))
    db.session.rollback()
    with pytest.raises(RulesLocked):
        add_area(area.process, "staff", "Uusi alue", AreaRules(budget=Decimal(100)))
    db.session.rollback()
    assert db.session.get(Area, area.id).budget == Decimal(1200)


def _account() -> VoterIdentity:
    from app.auth.services import create_user

    user = create_user("aanestaja@example.fi", "Äänestäjä", "salasana-pitkä-123")
    db.session.flush()
    return VoterIdentity(user_id=user.id)


@pytest.mark.parametrize("rules", [
    AreaRules(budget=Decimal(0)),
    AreaRules(budget=Decimal(-5)),
    AreaRules(budget=Decimal("1e12")),
    AreaRules(budget=Decimal(100), min_projects=3, max_projects=2),
    AreaRules(budget=Decimal(100), rule=CountingRule.GREEDY),  # add1-greedy is MES only
    AreaRules(budget=Decimal(100), threshold_votes=10),  # thresholds are greedy only
    AreaRules(budget=Decimal(100), min_share_percent=120),
])
def test_rules_that_cannot_work_are_refused(app_ctx, make_budget, rules):
    made = make_budget(phase="draft")
    with pytest.raises(InvalidRules):
        add_area(db.session.get(BudgetProcess, made.process_id), "staff", "Alue", rules)


@pytest.mark.parametrize("cost", ["-100", "0", "abc", "1e15", "1001", "10.005", "NaN", "inf"])
def test_a_negative_absurd_or_unreadable_cost_is_refused(app_ctx, make_budget, cost):
    made = make_budget(phase="proposals")
    process = db.session.get(BudgetProcess, made.process_id)
    with pytest.raises(InvalidCost):
        submit_proposal(process, db.session.get(Area, made.areas["Keskusta"]), None,
                        "Hanke", "Kuvaus", cost)


def test_the_schema_refuses_a_negative_cost(app_ctx, make_budget):
    made = make_budget()
    db.session.get(Proposal, made.proposals["Puisto"]).cost = Decimal(-1)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()


def test_residents_propose_in_the_proposals_phase_and_staff_review(app_ctx, make_budget):
    made = make_budget(phase="proposals")
    process = db.session.get(BudgetProcess, made.process_id)
    area = db.session.get(Area, made.areas["Keskusta"])
    proposal = submit_proposal(process, area, None, "Koirapuisto", "Aidattu alue", "450,50",
                               place="Rantapuisto")
    assert proposal.cost == Decimal("450.50") and proposal.status == ProposalStatus.SUBMITTED
    with pytest.raises(PhaseClosed):
        review_proposal(proposal, "staff", feasible=True, cost=400)
    process.phase = Phase.REVIEW
    review_proposal(proposal, "staff", feasible=False, cost=700,
                    public_answer="Alue on suojeltu.", staff_notes="Kaavoitus")
    assert proposal.status == ProposalStatus.UNFEASIBLE and proposal.cost == Decimal(700)
    with pytest.raises(PhaseClosed):
        submit_proposal(process, area, None, "Myöhässä", "", 100)


def test_a_combined_list_item_becomes_a_proposal_with_its_groups_words(app_ctx, make_budget,
                                                                       make_session):
    from app.aggregation.models import AggregateItem
    from app.groupwork.models import Priority, Submission
    from app.sessions.models import Group, Theme

    made = make_budget(phase="proposals")
    session_id = make_session(stage="results")
    theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
    groups = db.session.scalars(sa.select(Group).where(Group.session_id == session_id)).all()
    item = AggregateItem(theme_id=theme.id, title="Lähiliikunta", merged=True)
    db.session.add(item)
    db.session.flush()
    for rank, group in enumerate(groups[:2], start=1):
        submission = Submission(group_id=group.id, theme_id=theme.id)
        db.session.add(submission)
        db.session.flush()
        db.session.add(Priority(submission_id=submission.id, rank=rank, title="Liikuntapaikat",
                                reasoning=f"Perustelu {group.name}", aggregate_id=item.id))
    db.session.flush()
    process = db.session.get(BudgetProcess, made.process_id)
    proposal = promote_aggregate(process, db.session.get(Area, made.areas["Keskusta"]), "fasi",
                                 item, 800)
    assert proposal.source_session_id == session_id
    assert proposal.provenance["session"] == "Strategiatyöpaja"
    assert [(g["group"], g["rank"], g["reasoning"]) for g in proposal.provenance["groups"]] == [
        ("Ryhmä 1", 1, "Perustelu Ryhmä 1"), ("Ryhmä 2", 2, "Perustelu Ryhmä 2")]


def test_only_selected_projects_get_implementation_updates(app_ctx, make_budget):
    made = make_budget(phase="finished")
    proposal = db.session.get(Proposal, made.proposals["Puisto"])
    with pytest.raises(PhaseClosed):
        add_status_update(proposal, "staff", ImplementationState.PLANNED, date(2027, 1, 5))
    proposal.status = ProposalStatus.SELECTED
    add_status_update(proposal, "staff", ImplementationState.IN_PROGRESS, date(2027, 5, 2),
                      "Rakennus alkoi")
    add_status_update(proposal, "staff", ImplementationState.PLANNED, date(2027, 1, 5))
    db.session.commit()
    db.session.expire_all()
    proposal = db.session.scalar(sa.select(Proposal).where(Proposal.id == proposal.id)
                                 .options(sa.orm.selectinload(Proposal.updates)))
    assert [u.state for u in proposal.updates] == [ImplementationState.PLANNED,
                                                   ImplementationState.IN_PROGRESS]
