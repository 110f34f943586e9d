"""Casting ballots: every rule checked on the server; the ballot is secret."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from app.budgets.ballot_models import Ballot, BallotChoice, BallotSource, Voter, VotingCode
from app.budgets.ballots import (
    VoterIdentity,
    cast_ballot,
    enter_paper_ballot,
    open_areas,
    pseudonym,
    voter_order,
)
from app.budgets.codes import find_code, generate_codes
from app.budgets.errors import (
    AreaNotOpen,
    HomeAreaNeeded,
    InvalidBallot,
    NotEligible,
    PhaseClosed,
)
from app.budgets.models import Area, BudgetProcess, Proposal, ProposalStatus
from app.extensions import db


@pytest.fixture(autouse=True)
def english(app_ctx):
    """The refusals are read in English, whatever the default language."""
    with force_locale("en"):
        yield


@pytest.fixture
def voter(app, make_user):
    email = make_user("asukas@example.fi")
    with app.app_context():
        from app.auth.models import User

        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
    return VoterIdentity(user_id=user_id)


def cast(made, identity, area: str, titles, **kwargs):
    process = db.session.get(BudgetProcess, made.process_id)
    area_row = db.session.get(Area, made.areas[area])
    result = cast_ballot(process, area_row, identity,
                         [made.proposals[t] for t in titles], **kwargs)
    db.session.commit()
    return result


def stored_choices(area_id: int) -> list[list[int]]:
    ballots = db.session.scalars(sa.select(Ballot).where(Ballot.area_id == area_id)).all()
    return [sorted(db.session.scalars(sa.select(BallotChoice.proposal_id)
                                      .where(BallotChoice.ballot_id == b.id)))
            for b in ballots]


def test_a_ballot_is_stored_with_a_receipt_whose_hash_only_is_kept(app_ctx, make_budget, voter):
    made = make_budget()
    result = cast(made, voter, "Keskusta", ["Puisto", "Kirjasto"])
    assert len(result.receipt) == 19  # XXXX-XXXX-XXXX-XXXX
    ballot = db.session.scalar(sa.select(Ballot))
    assert ballot.receipt_hash == hashlib.sha256(result.receipt.encode()).hexdigest()
    assert ballot.source == BallotSource.ONLINE
    assert stored_choices(made.areas["Keskusta"]) == [
        sorted([made.proposals["Puisto"], made.proposals["Kirjasto"]])]


def test_the_ballot_row_names_no_voter_and_the_register_no_choice(app_ctx, make_budget, voter):
    made = make_budget()
    cast(made, voter, "Keskusta", ["Puisto"])
    ballot = db.session.scalar(sa.select(Ballot))
    columns = set(Ballot.__table__.columns.keys())
    assert not {"user_id", "code_id", "voter_id", "created_at"} & columns
    assert ballot.pseudonym == pseudonym(made.process_id, voter)  # a keyed hash
    assert ballot.pseudonym != pseudonym(made.process_id + 1, voter)  # not linkable across
    register = db.session.scalar(sa.select(Voter))
    assert register.user_id == voter.user_id
    assert not {"area_id", "ballot_id", "pseudonym"} & set(Voter.__table__.columns.keys())


def test_casting_again_replaces_the_ballot_and_gives_a_new_receipt(app_ctx, make_budget, voter):
    made = make_budget()
    first = cast(made, voter, "Keskusta", ["Puisto", "Kirjasto"])
    second = cast(made, voter, "Keskusta", ["Penkit"])
    assert first.receipt != second.receipt
    assert stored_choices(made.areas["Keskusta"]) == [[made.proposals["Penkit"]]]
    assert db.session.scalar(sa.select(sa.func.count(Voter.id))) == 1


@pytest.mark.parametrize(("titles", "message"), [
    (["Puisto", "Kirjasto", "Valot"], "more than the area's budget"),
    ([], "at least 1 project"),
])
def test_a_ballot_breaking_the_budget_or_the_minimum_is_refused(app_ctx, make_budget, voter,
                                                                titles, message):
    made = make_budget()
    with pytest.raises(InvalidBallot) as refused:
        cast(made, voter, "Keskusta", titles)
    assert message in str(refused.value.message)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 0


def test_too_many_projects_and_too_small_a_share_are_refused(app_ctx, make_budget, voter):
    made = make_budget()
    area = db.session.get(Area, made.areas["Keskusta"])
    area.max_projects, area.min_share_percent = 1, 50
    db.session.commit()
    with pytest.raises(InvalidBallot) as refused:
        cast(made, voter, "Keskusta", ["Puisto", "Penkit"])
    assert "at most 1 project" in str(refused.value.message)
    db.session.rollback()
    with pytest.raises(InvalidBallot) as refused:
        cast(made, voter, "Keskusta", ["Puisto"])  # 300 of 1000 < 50 %
    assert "at least 50 %" in str(refused.value.message)
    db.session.rollback()
    assert cast(made, voter, "Keskusta", ["Kirjasto"]).receipt


def test_projects_of_another_area_or_process_or_not_feasible_are_refused(app_ctx, make_budget,
                                                                       voter):
    made = make_budget()
    other = make_budget(title="Toinen prosessi")
    process = db.session.get(BudgetProcess, made.process_id)
    area = db.session.get(Area, made.areas["Keskusta"])
    for project in (made.proposals["Uimaranta"], other.proposals["Puisto"]):
        with pytest.raises(InvalidBallot):
            cast_ballot(process, area, voter, [project])
        db.session.rollback()
    with pytest.raises(InvalidBallot):  # an area of another process
        cast_ballot(process, db.session.get(Area, other.areas["Keskusta"]), voter,
                    [other.proposals["Puisto"]])
    db.session.rollback()
    db.session.get(Proposal, made.proposals["Puisto"]).status = ProposalStatus.UNFEASIBLE
    db.session.commit()
    with pytest.raises(InvalidBallot):
        cast_ballot(process, area, voter, [made.proposals["Puisto"]])
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Ballot.id))) == 0


def test_the_schema_refuses_a_choice_of_another_area(app_ctx, make_budget, voter):
    made = make_budget()
    cast(made, voter, "Keskusta", ["Puisto"])
    ballot = db.session.scalar(sa.select(Ballot))
    db.session.add(BallotChoice(ballot_id=ballot.id, proposal_id=made.proposals["Uimaranta"],
                                area_id=made.areas["Keskusta"]))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()


@pytest.mark.parametrize("phase", ["draft", "proposals", "review", "counting", "finished"])
def test_voting_outside_the_voting_phase_is_refused(app_ctx, make_budget, voter, phase):
    made = make_budget(phase=phase)
    with pytest.raises(PhaseClosed):
        cast(made, voter, "Keskusta", ["Puisto"])


def test_one_area_of_choice_plus_the_citywide_area(app_ctx, make_budget, voter):
    areas = {"Keskusta": ("1000", [("Puisto", 300)], {}),
             "Satama": ("1000", [("Laituri", 300)], {}),
             "Koko kaupunki": ("2000", [("Pyörätiet", 1200)], {})}
    made = make_budget(area_rule="one", areas=areas)
    cast(made, voter, "Satama", ["Laituri"])
    cast(made, voter, "Koko kaupunki", ["Pyörätiet"])
    cast(made, voter, "Satama", ["Laituri"])  # changing one's own ballot is fine
    with pytest.raises(AreaNotOpen):
        cast(made, voter, "Keskusta", ["Puisto"])


def test_home_area_plus_one_more(app_ctx, make_budget, voter):
    areas = {"Keskusta": ("1000", [("Puisto", 300)], {}),
             "Satama": ("1000", [("Laituri", 300)], {}),
             "Kallio": ("1000", [("Portaat", 300)], {}),
             "Koko kaupunki": ("2000", [("Pyörätiet", 1200)], {})}
    made = make_budget(area_rule="home_plus_one", areas=areas)
    with pytest.raises(HomeAreaNeeded):
        cast(made, voter, "Satama", ["Laituri"])
    db.session.rollback()
    cast(made, voter, "Satama", ["Laituri"], home_area_id=made.areas["Kallio"])
    cast(made, voter, "Kallio", ["Portaat"])
    cast(made, voter, "Koko kaupunki", ["Pyörätiet"])
    with pytest.raises(AreaNotOpen):
        cast(made, voter, "Keskusta", ["Puisto"])


def test_open_areas_rule_by_rule():
    class A:
        def __init__(self, id_, citywide=False):
            self.id, self.citywide = id_, citywide

    areas = [A(1), A(2), A(3), A(9, citywide=True)]
    assert open_areas("every", areas, None, {1, 2}) == {1, 2, 3, 9}
    assert open_areas("one", areas, None, set()) == {1, 2, 3, 9}
    assert open_areas("one", areas, None, {9}) == {1, 2, 3, 9}
    assert open_areas("one", areas, None, {2}) == {2, 9}
    assert open_areas("home_plus_one", areas, None, set()) == {9}
    assert open_areas("home_plus_one", areas, 1, set()) == {1, 2, 3, 9}
    assert open_areas("home_plus_one", areas, 1, {3}) == {1, 3, 9}


def test_a_voting_code_votes_once_and_reopens_its_own_ballot(app_ctx, make_budget):
    made = make_budget()
    process = db.session.get(BudgetProcess, made.process_id)
    codes = generate_codes(process, None, 3)
    db.session.commit()
    assert len(set(codes)) == 3
    stored = db.session.scalars(sa.select(VotingCode.code_hash)).all()
    assert not set(codes) & set(stored)
    code = find_code(process, codes[0].lower().replace("-", " "))
    identity = VoterIdentity(code_id=code.id)
    cast(made, identity, "Keskusta", ["Puisto"])
    cast(made, identity, "Keskusta", ["Kirjasto"])
    assert db.session.get(VotingCode, code.id).used
    assert stored_choices(made.areas["Keskusta"]) == [[made.proposals["Kirjasto"]]]
    assert find_code(process, "AAAA-AAAA-AAAA") is None


def test_codes_and_accounts_vote_only_where_the_process_allows(app_ctx, make_budget, voter):
    made = make_budget(allow_codes=False)
    process = db.session.get(BudgetProcess, made.process_id)
    with pytest.raises(PhaseClosed):
        generate_codes(process, None, 1)
    process.allow_accounts = False
    db.session.commit()
    with pytest.raises(NotEligible):
        cast(made, voter, "Keskusta", ["Puisto"])


def test_paper_ballots_are_checked_and_marked_paper(app_ctx, make_budget):
    made = make_budget()
    process = db.session.get(BudgetProcess, made.process_id)
    area = db.session.get(Area, made.areas["Keskusta"])
    for _ in range(2):
        enter_paper_ballot(process, area, "staff", [made.proposals["Puisto"]])
    with pytest.raises(InvalidBallot):
        enter_paper_ballot(process, area, "staff",
                           [made.proposals["Kirjasto"], made.proposals["Valot"],
                            made.proposals["Puisto"]])
    db.session.commit()
    sources = db.session.scalars(sa.select(Ballot.source)).all()
    assert sources == [BallotSource.PAPER, BallotSource.PAPER]
    assert db.session.scalar(sa.select(sa.func.count(Voter.id))) == 0


def test_each_voter_sees_their_own_stable_random_order(app_ctx, make_budget):
    make_budget(areas={"Iso": ("100000", [(f"Hanke {i}", 100) for i in range(12)], {})})
    proposals = db.session.scalars(sa.select(Proposal)).all()
    first = [p.id for p in voter_order(proposals, "voter-a")]
    assert first == [p.id for p in voter_order(list(reversed(proposals)), "voter-a")]
    orders = {tuple(p.id for p in voter_order(proposals, f"voter-{i}")) for i in range(5)}
    assert len(orders) > 1
    assert sorted(first) == sorted(p.id for p in proposals)
