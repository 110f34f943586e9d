"""What a participant's vote panel shows on the page they already have open (group page,
brainstorm board): nothing before voting, the ballot of the open round, a wait between
rounds, and the results once the session shows them. Read in a constant number of
queries; an unchanged poll is answered after one query (:func:`poll_state`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.orm import selectinload

from app.core.live import etag, read_versions
from app.extensions import db
from app.sessions.access import caller_binds, caller_select
from app.sessions.models import Participant, Session, Stage, Theme
from app.voting.ballots import find_ballot, marks_of
from app.voting.models import Mode, RoundState, VoteBallot, VoteRound
from app.voting.results import RoundResults, session_results_of

RESULT_STAGES = (Stage.RESULTS, Stage.CLOSED)


@dataclass
class Panel:
    session: Session
    participant: Participant
    round: VoteRound | None = None
    theme_title: str = ""
    marks: dict[int, int] | None = None
    results: RoundResults | None = None
    closed: bool = False  # between rounds: a vote has closed, none is open

    @property
    def stage(self) -> Stage:
        return self.session.stage

    @property
    def used(self) -> int:
        marks = self.marks or {}
        if self.round is not None and self.round.mode == Mode.DOTS:
            return sum(marks.values())
        return len(marks)

    @property
    def left(self) -> int:
        return self.round.budget - self.used if self.round else 0


def _latest_round(session: Session, state: RoundState) -> tuple[VoteRound, str] | None:
    row = db.session.execute(
        sa.select(VoteRound, Theme.title).join(Theme, Theme.id == VoteRound.theme_id)
        .where(Theme.session_id == session.id, VoteRound.state == state)
        .options(selectinload(VoteRound.options))
        .order_by(VoteRound.opened_at.desc(), VoteRound.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def load_panel(session: Session, participant: Participant) -> Panel:
    panel = Panel(session, participant)
    if session.stage == Stage.VOTING:
        found = _latest_round(session, RoundState.OPEN)
        if found:
            panel.round, panel.theme_title = found
            ballot = find_ballot(panel.round.id, participant.id)
            panel.marks = marks_of(ballot.id if ballot else None)
        else:
            panel.closed = _latest_round(session, RoundState.CLOSED) is not None
    elif session.stage in RESULT_STAGES:
        found = _latest_round(session, RoundState.CLOSED)
        if found:
            panel.round, panel.theme_title = found
            panel.results = session_results_of(session, [panel.round])[panel.round.id]
    return panel


def _own_ballots(participant_id: sa.ColumnElement[int] | int) -> sa.ScalarSelect:
    return (sa.select(sa.func.coalesce(sa.func.sum(VoteBallot.version), 0))
            .where(VoteBallot.participant_id == participant_id).scalar_subquery())


def _tag(version: int, stage: Stage, participant_id: int, own: int,
         locale: str | None = None) -> str:
    return etag(version, "vote", participant_id, own if stage == Stage.VOTING else 0,
                locale or get_locale())


def panel_tag(session: Session, participant: Participant) -> str:
    """Moves when the stage or a round changes (the session's version) and when this
    participant's own ballot changes (another tab of theirs)."""
    own = db.session.scalar(sa.select(_own_ballots(participant.id))) \
        if session.stage == Stage.VOTING else 0
    return _tag(session.version, session.stage, participant.id, own)


@dataclass(frozen=True)
class PollState:
    tag: str
    stage: Stage
    participant_id: int
    session_version: int
    own: int  # the caller's ballots' versions summed: 0 before their first vote

    @property
    def live(self) -> bool:
        return self.stage != Stage.CLOSED

    @property
    def alike(self) -> tuple | None:
        """The versions of the panel when every participant sees it alike but for their
        marks (app/core/shared_renders.py): the rounds and results, or an open round
        before they have voted; None once their ballot shows on it."""
        if self.stage == Stage.VOTING and self.own:
            return None
        return (self.session_version, self.stage)


@functools.lru_cache(maxsize=8)
def _poll_statement(names: frozenset[str]) -> sa.Select:
    """The poll's one query, built once for each way a caller can be named."""
    return caller_select(names, Session.version, Session.stage, Participant.id,
                         _own_ballots(Participant.id))


def poll_state(session_id: int, binds: dict[str, object] | None = None,
               locale: str | None = None, read: Callable = read_versions) -> PollState | None:
    """The panel's ETag and the stage in ONE query (the session and the caller's
    participant row by its indexed token, their ballots' versions summed), before anything
    else is loaded; None when the caller is not a participant of the session. *binds* and
    *locale*: the caller and the language, when not the request's; *read*: how to run the
    query, when not through the ORM (app/core/direct_reads.py)."""
    binds = binds or caller_binds(session_id)
    row = read(_poll_statement(frozenset(binds)), binds) if binds else None
    if row is None:
        return None
    version, stage, participant_id, own = row
    return PollState(_tag(version, stage, participant_id, own, locale), stage, participant_id,
                     version, own)
