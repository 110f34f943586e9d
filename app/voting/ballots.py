"""A participant's ballot: read it, change one mark, or replace it whole.

Every change is checked and written under a lock of the participant's ballot row
(PostgreSQL ``SELECT … FOR UPDATE``; on SQLite a write request holds the database's
write lock from its first statement), so parallel requests from one participant
are applied one after another and never exceed the round's limits. The round row
is read with a share lock: closing the round waits for votes under way, and a vote
that comes after the close is refused.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.core.database import utcnow
from app.extensions import db
from app.sessions.models import Participant, Session, Stage
from app.sessions.services import mark_active
from app.voting.counting import BallotProblem, Rules, check_ballot
from app.voting.errors import InvalidBallot, RoundClosed
from app.voting.models import Mode, VoteBallot, VoteMark, VoteRound


def rules_of(vote_round: VoteRound) -> Rules:
    return Rules(vote_round.mode.value, vote_round.budget, vote_round.per_option)


def marks_of(ballot_id: int | None) -> dict[int, int]:
    """Option id → dots, 1 (approved) or place, for a stored ballot."""
    if ballot_id is None:
        return {}
    rows = db.session.execute(
        sa.select(VoteMark.option_id, VoteMark.count, VoteMark.rank)
        .where(VoteMark.ballot_id == ballot_id))
    return {option_id: rank if rank is not None else count for option_id, count, rank in rows}


def find_ballot(round_id: int, participant_id: int) -> VoteBallot | None:
    return db.session.scalar(sa.select(VoteBallot).where(
        VoteBallot.round_id == round_id, VoteBallot.participant_id == participant_id))


def _locked_ballot(vote_round: VoteRound, participant: Participant) -> VoteBallot:
    """The participant's ballot, created when missing, its row locked until commit."""
    query = sa.select(VoteBallot).where(VoteBallot.round_id == vote_round.id,
                                    VoteBallot.participant_id == participant.id).with_for_update()
    ballot = db.session.scalar(query)
    if ballot is None:
        try:
            with db.session.begin_nested():  # a parallel first vote may have made it
                db.session.add(VoteBallot(round_id=vote_round.id, participant_id=participant.id))
        except IntegrityError:
            pass
        ballot = db.session.scalar(query.execution_options(populate_existing=True))
    assert ballot is not None
    return ballot


def _problem_message(problem: BallotProblem, vote_round: VoteRound) -> str:
    limit = problem.details.get("limit", vote_round.budget)
    messages = {
        "unknown_option": _("That option is not in this vote."),
        "not_positive": _("Give a whole number of zero or more."),
        "per_option": _("You can put at most %(limit)s dots on one option.", limit=limit),
        "approval_once": _("Choose an option once at most."),
        "rank_duplicate": _("Give each place to one option only."),
        "rank_gap": _("Number the places from 1 without gaps."),
    }
    if problem.code == "budget":
        if vote_round.mode == Mode.DOTS:
            return _("You have %(limit)s dots in all. Take a dot off another option first.",
                     limit=limit)
        if vote_round.mode == Mode.APPROVAL:
            return _("You can choose at most %(limit)s options. Remove one first.", limit=limit)
        return _("Rank at most %(limit)s options.", limit=limit)
    return messages[problem.code]


def _check_open(session: Session, vote_round: VoteRound) -> None:
    if session.stage != Stage.VOTING or not vote_round.is_open:
        raise RoundClosed()


def _write(ballot: VoteBallot, vote_round: VoteRound, marks: dict[int, int]) -> None:
    db.session.execute(sa.delete(VoteMark).where(VoteMark.ballot_id == ballot.id))
    ranked = vote_round.mode == Mode.RANKED
    db.session.add_all([
        VoteMark(ballot_id=ballot.id, option_id=option_id, count=1 if ranked else value,
             rank=value if ranked else None)
        for option_id, value in marks.items()
    ])
    ballot.version = VoteBallot.version + 1
    ballot.updated_at = utcnow()


def save_ballot(session: Session, participant: Participant, vote_round: VoteRound,
                marks: dict[int, int]) -> dict[int, int]:
    """Replace the participant's ballot with *marks* (zeros dropped); returns it."""
    _check_open(session, vote_round)
    marks = {option_id: value for option_id, value in marks.items() if value != 0}
    try:
        check_ballot(rules_of(vote_round), marks, [o.id for o in vote_round.options])
    except BallotProblem as problem:
        raise InvalidBallot(problem.code, _problem_message(problem, vote_round)) from problem
    ballot = _locked_ballot(vote_round, participant)
    _write(ballot, vote_round, marks)
    mark_active(participant)
    return marks


def adjust(session: Session, participant: Participant, vote_round: VoteRound,
           option_id: int, delta: int) -> dict[int, int]:
    """Add *delta* dots to an option (dots), or choose (+1) / unchoose (−1) it (approval).

    The current ballot is read under its lock, so that 50 parallel "+1"s stop at K."""
    _check_open(session, vote_round)
    if vote_round.mode == Mode.RANKED or delta not in (-1, 1):
        raise InvalidBallot("not_positive", _("Give a whole number of zero or more."))
    ballot = _locked_ballot(vote_round, participant)
    marks = marks_of(ballot.id)
    value = marks.get(option_id, 0) + delta
    if value < 0:
        raise InvalidBallot("not_positive", _("There is nothing to take off this option."))
    marks[option_id] = value
    marks = {key: number for key, number in marks.items() if number}
    try:
        check_ballot(rules_of(vote_round), marks, [o.id for o in vote_round.options])
    except BallotProblem as problem:
        raise InvalidBallot(problem.code, _problem_message(problem, vote_round)) from problem
    _write(ballot, vote_round, marks)
    mark_active(participant)
    return marks
