"""Opening and closing rounds, paper counts and what the database itself refuses."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.aggregation.services import merge
from app.audit.models import AuditEntry
from app.extensions import db
from app.sessions.errors import StageClosed
from app.sessions.models import Session, Stage, Theme
from app.sessions.services import move_stage
from app.voting import rounds
from app.voting.errors import AlreadyClosed, RoundAlreadyOpen, TooFewOptions
from app.voting.models import Mode, RoundState, VoteBallot, VoteRound
from app.voting.results import round_results
from tests.voting.fixtures import load_round


def test_a_dot_round_on_nine_items_gives_three_dots_at_most_two_on_one(in_voting, open_vote,
                                                                       vote_round):
    found = vote_round(open_vote(in_voting))
    assert (found["budget"], found["per_option"], found["state"]) == (3, 2, "open")
    assert list(found["options"])[0] == "Tilat"  # the combined list's order, best first


def test_a_round_offers_every_item_of_the_combined_list(app, in_voting, open_vote):
    with app.app_context():
        vote_round = load_round(open_vote(in_voting))
        # Nine priorities, none merged yet: "Avustukset" of two groups is two items.
        assert [o.position for o in vote_round.options] == list(range(1, 10))
        assert len({o.aggregate_id for o in vote_round.options}) == 9


def test_the_options_are_a_snapshot_that_a_merge_during_the_round_leaves_alone(
        app, in_voting, open_vote, vote_round, ids):
    round_id = open_vote(in_voting)
    before = vote_round(round_id)["options"]
    with app.app_context():
        session = db.session.get(Session, in_voting)
        theme = db.session.get(Theme, ids(in_voting)[1][0])
        merged = load_round(round_id)
        merge(session, theme, [o.aggregate_id for o in merged.options[:2]], "Yhdessä", None)
        db.session.commit()
    assert vote_round(round_id)["options"] == before


def test_a_second_open_round_on_a_theme_is_refused(in_voting, open_vote):
    open_vote(in_voting)
    with pytest.raises(RoundAlreadyOpen):
        open_vote(in_voting, mode="approval")


def test_the_database_itself_allows_one_open_round_per_theme(app, in_voting, open_vote):
    first = open_vote(in_voting)
    with app.app_context():
        theme_id = db.session.get(VoteRound, first).theme_id
        db.session.add(VoteRound(theme_id=theme_id, mode=Mode.DOTS, budget=3))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        # A closed round does not count: a new one may open beside it.
        db.session.get(VoteRound, first).state = RoundState.CLOSED
        db.session.add(VoteRound(theme_id=theme_id, mode=Mode.DOTS, budget=3))
        db.session.commit()


def test_rounds_open_only_in_the_voting_stage(app, workshop, submit_list, open_vote):
    submit_list(workshop, "Ryhmä 1", ["a", "b", "c"])
    with pytest.raises(StageClosed):
        open_vote(workshop)


def test_a_round_needs_two_options(app, workshop, submit_list, open_vote):
    with app.app_context():
        db.session.get(Session, workshop).stage = Stage.VOTING
        db.session.commit()
    with pytest.raises(TooFewOptions):
        open_vote(workshop)


def test_closing_is_audited_with_the_final_count_and_closing_twice_is_refused(
        app, in_voting, open_vote):
    round_id = open_vote(in_voting)
    with app.app_context():
        session = db.session.get(Session, in_voting)
        rounds.close_round(session, load_round(round_id), "fasi")
        db.session.commit()
        with pytest.raises(AlreadyClosed):
            rounds.close_round(session, load_round(round_id), "fasi")
        actions = db.session.scalars(sa.select(AuditEntry.action).where(
            AuditEntry.object_type == "vote_rounds")).all()
    assert actions == ["vote_round.opened", "vote_round.closed"]


def test_leaving_the_voting_stage_closes_open_rounds(app, in_voting, open_vote, vote_round):
    round_id = open_vote(in_voting)
    with app.app_context():
        move_stage(db.session.get(Session, in_voting), Stage.RESULTS, "fasi")
        db.session.commit()
    assert vote_round(round_id)["state"] == "closed"


def test_paper_counts_are_added_to_the_online_count_and_audited(app, in_voting, open_vote,
                                                                voters, cast):
    round_id = open_vote(in_voting)
    _, voter = voters[0]
    with app.app_context():
        found = load_round(round_id)
        first, second = found.options[0].id, found.options[1].id
    cast(round_id, voter, {first: 1, second: 2})
    with app.app_context():
        session = db.session.get(Session, in_voting)
        rounds.enter_paper(session, load_round(round_id), {first: 7}, "fasi")
        db.session.commit()
        rows = {r.option_id: (r.online, r.paper, r.total)
                for r in round_results(load_round(round_id)).rows}
        audited = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "vote_round.paper_entered"))
    assert rows[first] == (1, 7, 8)
    assert rows[second] == (2, 0, 2)
    assert audited.after == {str(first): 7} and audited.before == {str(first): 0}


def test_one_ballot_per_participant_per_round_is_a_database_rule(app, in_voting, open_vote,
                                                                voters):
    round_id = open_vote(in_voting)
    _, voter = voters[0]
    with app.app_context():
        db.session.add_all([VoteBallot(round_id=round_id, participant_id=voter),
                            VoteBallot(round_id=round_id, participant_id=voter)])
        with pytest.raises(IntegrityError):
            db.session.commit()
