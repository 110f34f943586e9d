"""Reading rounds and their results: who may see counts when, and the versions that
tell live pages when to refresh.

With ``results_visibility = after_close`` an open round's counts never leave the
server: :func:`round_results` gives no rows, and :func:`results_tag` of a hidden
round does not move with ballots or paper counts (an ETag would tell otherwise).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.core.live import etag
from app.extensions import db
from app.sessions.models import ResultsVisibility, Session
from app.voting.ballots import rules_of
from app.voting.counting import Result, count, is_tied
from app.voting.models import RoundState, VoteBallot, VoteMark, VoteRound


@dataclass
class RoundResults:
    round: VoteRound
    visible: bool
    ballots: int = 0
    rows: list[Result] = field(default_factory=list)

    @property
    def has_paper(self) -> bool:
        return any(row.paper for row in self.rows)

    @property
    def top(self) -> int:
        """The largest total: the full length of a bar."""
        return max((row.total for row in self.rows), default=0)

    def tied(self, row: Result) -> bool:
        return is_tied(self.rows, row)


def results_visible(session: Session, vote_round: VoteRound) -> bool:
    """May counts of *vote_round* be shown (to anyone, facilitators included)?"""
    return vote_round.state == RoundState.CLOSED or not hides_open_rounds(session)


def rounds_of(theme_ids: Iterable[int]) -> dict[int, list[VoteRound]]:
    """Theme id → its rounds, newest first, with their options (two queries)."""
    theme_ids = list(theme_ids)
    found: dict[int, list[VoteRound]] = {theme_id: [] for theme_id in theme_ids}
    if not theme_ids:
        return found
    for vote_round in db.session.scalars(
        sa.select(VoteRound).where(VoteRound.theme_id.in_(theme_ids))
        .options(selectinload(VoteRound.options))
        .order_by(VoteRound.opened_at.desc(), VoteRound.id.desc())
    ):
        found[vote_round.theme_id].append(vote_round)
    return found


def hides_open_rounds(session: Session) -> bool:
    return session.results_visibility == ResultsVisibility.AFTER_CLOSE


def results_of(rounds: Iterable[VoteRound], hide_open: bool) -> dict[int, RoundResults]:
    """Round id → its results (one query for all); with *hide_open* an open round's
    results are left out altogether."""
    rounds = list(rounds)
    shown = [r for r in rounds if not (hide_open and r.is_open)]
    ballots: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    if shown:
        rows = db.session.execute(
            sa.select(VoteBallot.round_id, VoteBallot.id, VoteMark.option_id, VoteMark.count,
                      VoteMark.rank)
            .outerjoin(VoteMark, VoteMark.ballot_id == VoteBallot.id)
            .where(VoteBallot.round_id.in_([r.id for r in shown])))
        for round_id, ballot_id, option_id, dots, rank in rows:
            marks = ballots[round_id][ballot_id]
            if option_id is not None:
                marks[option_id] = rank if rank is not None else dots
    results = {}
    for vote_round in rounds:
        if vote_round not in shown:
            results[vote_round.id] = RoundResults(vote_round, visible=False)
            continue
        cast = ballots[vote_round.id]
        results[vote_round.id] = RoundResults(
            vote_round, visible=True,
            ballots=sum(1 for marks in cast.values() if marks),
            rows=count(rules_of(vote_round),
                       [(o.id, o.title, o.paper) for o in vote_round.options],
                       cast.values()))
    return results


def session_results_of(session: Session, rounds: Iterable[VoteRound]) -> dict[int, RoundResults]:
    """Round id → its results as *session*'s visibility allows."""
    return results_of(rounds, hide_open=hides_open_rounds(session))


def round_results(vote_round: VoteRound) -> RoundResults:
    """One round's full count, whatever the visibility (for the audit log and tests)."""
    return results_of([vote_round], hide_open=False)[vote_round.id]


def results_tags(session: Session, rounds: Iterable[VoteRound], *parts: object) -> dict[int, str]:
    """Round id → the ETag of its results (one query for all): it moves with every ballot
    and paper count while the results may be seen, and only with the round's state while
    they are hidden."""
    rounds = list(rounds)
    shown = [r.id for r in rounds if results_visible(session, r)]
    ballots = {round_id: (count_, total) for round_id, count_, total in db.session.execute(
        sa.select(VoteBallot.round_id, sa.func.count(VoteBallot.id),
                  sa.func.coalesce(sa.func.sum(VoteBallot.version), 0))
        .where(VoteBallot.round_id.in_(shown)).group_by(VoteBallot.round_id))} if shown else {}
    return {
        r.id: etag(r.version, r.id, *ballots.get(r.id, (0, 0)), *parts) if r.id in shown
        else etag(0, "hidden", r.id, r.state.value, *parts)
        for r in rounds
    }


def results_tag(session: Session, vote_round: VoteRound, *parts: object) -> str:
    return results_tags(session, [vote_round], *parts)[vote_round.id]
