"""Demo votes: a closed dot vote on the workshop's first theme (ballots from its twelve
participants and a wall of paper dots) and a closed approval vote on the brainstorm's
first question, so that results, the memo and the exports have content."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.database import utcnow
from app.extensions import db
from app.sessions.models import Participant, Session, Theme
from app.voting.counting import default_budget, default_per_option
from app.voting.models import Mode, RoundState, Target, VoteBallot, VoteMark, VoteOption, VoteRound
from app.voting.rounds import candidates

# Each participant's dots as (option index, dots): three dots, at most two on one.
DOTS = [[(0, 2), (1, 1)], [(1, 2), (3, 1)], [(0, 1), (2, 1), (4, 1)], [(3, 2), (0, 1)],
        [(1, 1), (5, 2)], [(0, 2), (6, 1)], [(2, 2), (1, 1)], [(4, 1), (0, 1), (7, 1)],
        [(1, 2), (8, 1)], [(3, 1), (5, 1), (0, 1)], [(6, 2), (2, 1)], [(0, 1), (1, 1), (3, 1)]]
PAPER_DOTS = {0: 3, 2: 4, 5: 1}  # a wall of sticker dots from those without a phone
# Each brainstorm participant approves up to three of the first question's ideas.
APPROVALS = [[0, 2, 5], [1, 2], [2, 4, 6], [0, 5], [2, 3, 5], [5]]


def _closed_round(theme: Theme, mode: Mode, target: Target) -> VoteRound | None:
    if db.session.scalar(sa.select(VoteRound.id).where(VoteRound.theme_id == theme.id)):
        return None  # seeded already
    options = candidates(theme, target)
    budget = default_budget(mode.value, len(options))
    vote_round = VoteRound(
        theme_id=theme.id, mode=mode, target=target, budget=budget,
        per_option=default_per_option(budget) if mode == Mode.DOTS else None,
        state=RoundState.CLOSED, closed_at=utcnow())
    vote_round.options = [VoteOption(position=position, **option)
                          for position, option in enumerate(options, start=1)]
    db.session.add(vote_round)
    db.session.flush()
    return vote_round


def _cast(vote_round: VoteRound, participants: list[Participant],
          ballots: list[list[tuple[int, int]]]) -> None:
    for participant, marks in zip(participants, ballots, strict=False):
        ballot = VoteBallot(round_id=vote_round.id, participant_id=participant.id)
        db.session.add(ballot)
        db.session.flush()
        db.session.add_all(VoteMark(ballot_id=ballot.id, option_id=vote_round.options[index].id,
                                count=dots) for index, dots in marks)


def _first_theme_and_people(session: Session) -> tuple[Theme, list[Participant]]:
    theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session.id)
                              .order_by(Theme.position, Theme.id).limit(1))
    people = list(db.session.scalars(sa.select(Participant).where(
        Participant.session_id == session.id).order_by(Participant.id)))
    return theme, people


def seed_votes(workshop: Session, brainstorm: Session) -> None:
    theme, people = _first_theme_and_people(workshop)
    dots = _closed_round(theme, Mode.DOTS, Target.AGGREGATE)
    if dots is not None:
        _cast(dots, people, DOTS)
        for index, count in PAPER_DOTS.items():
            dots.options[index].paper = count
    theme, people = _first_theme_and_people(brainstorm)
    approval = _closed_round(theme, Mode.APPROVAL, Target.IDEAS)
    if approval is not None:
        _cast(approval, people, [[(index, 1) for index in chosen] for chosen in APPROVALS])
    db.session.flush()
