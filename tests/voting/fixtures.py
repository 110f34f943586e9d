"""Fixtures for the vote: a workshop in the voting stage with three groups' lists
combined into seven items, and helpers that open rounds and cast ballots with the
real services."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from app.extensions import db
from app.sessions.models import Participant, Session, Stage, Theme
from app.voting import ballots, rounds
from app.voting.models import Mode, Target, VoteRound

LISTS = {
    "Ryhmä 1": ["Tilat", "Avustukset", "Palveluohjaus"],
    "Ryhmä 2": ["Kokemustieto", "Liikunta", "Digituki"],
    "Ryhmä 3": ["Tilat maksutta", "Järjestöagentti", "Avustukset"],
}


VOTERS = ("Aino", "Bertta", "Cecilia", "Daniel", "Eero")


@pytest.fixture
def voters(app: Flask, workshop: int, join_as) -> list[tuple]:
    """Five participants who joined the workshop before voting: (client, participant id)."""
    return [join_as(workshop, name) for name in VOTERS]


@pytest.fixture
def in_voting(app: Flask, workshop: int, submit_list, voters) -> int:
    """The workshop with every group's list for its first theme submitted and five voters,
    in ``voting``; the ``client`` fixture is its facilitator."""
    for group, titles in LISTS.items():
        submit_list(workshop, group, titles)
    with app.app_context():
        db.session.get(Session, workshop).stage = Stage.VOTING
        db.session.commit()
    return workshop


@pytest.fixture
def open_vote(app: Flask):
    """open_vote(session_id, mode="dots", theme=0, **settings) → the new round's id."""

    def open_(session_id: int, mode: str = "dots", theme: int = 0,
              target: str | None = None, **settings) -> int:
        with app.app_context():
            session = db.session.get(Session, session_id)
            chosen = db.session.scalars(sa.select(Theme).where(Theme.session_id == session_id)
                                        .order_by(Theme.position, Theme.id)).all()[theme]
            vote_round = rounds.open_round(session, chosen, Mode(mode), "fasi",
                                           Target(target) if target else None, **settings)
            db.session.commit()
            return vote_round.id

    return open_


def load_round(round_id: int) -> VoteRound:
    return db.session.scalar(sa.select(VoteRound).where(VoteRound.id == round_id)
                             .options(sa.orm.selectinload(VoteRound.options)))


@pytest.fixture
def vote_round(app: Flask):
    """vote_round(round_id) → {"options": {title: option id}, "state", "budget", ...}."""

    def read(round_id: int) -> dict:
        with app.app_context():
            found = load_round(round_id)
            return {"options": {o.title: o.id for o in found.options},
                    "state": found.state.value, "budget": found.budget,
                    "per_option": found.per_option, "mode": found.mode.value,
                    "theme_id": found.theme_id}

    return read


@pytest.fixture
def cast(app: Flask):
    """cast(round_id, participant_id, {option id: value}) saves a whole ballot."""

    def save(round_id: int, participant_id: int, marks: dict[int, int]) -> None:
        with app.app_context():
            found = load_round(round_id)
            participant = db.session.get(Participant, participant_id)
            session = db.session.get(Session, participant.session_id)
            ballots.save_ballot(session, participant, found, marks)
            db.session.commit()

    return save


@pytest.fixture
def ballot_of(app: Flask):
    def read(round_id: int, participant_id: int) -> dict[int, int]:
        with app.app_context():
            found = ballots.find_ballot(round_id, participant_id)
            return ballots.marks_of(found.id if found else None)

    return read


@pytest.fixture
def dot_round(in_voting, open_vote, vote_round, ids) -> dict:
    """A dot round open in the voting workshop, with the paths a voter's forms post to."""
    round_id = open_vote(in_voting)
    found = vote_round(round_id)
    groups, themes = ids(in_voting)
    page = f"/p/{in_voting}/themes/{themes[0]}"
    return {"session": in_voting, "round": round_id, "options": list(found["options"].values()),
            "page": page, "adjust": f"/p/{in_voting}/rounds/{round_id}/adjust",
            "ballot": f"/p/{in_voting}/rounds/{round_id}/ballot"}
