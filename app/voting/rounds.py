"""Opening and closing vote rounds, and the paper counts the facilitator types in.

A round snapshots its options when it opens: the theme's combined list (in its
order), or a brainstorm question's visible ideas or sub-themes. Opening needs the
voting stage; leaving that stage closes every open round of the session. Every
change is written to the audit log and bumps the session's version (live pages
show the round), and paper counts bump the round's own version (its results).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.aggregation.services import aggregate
from app.audit.services import record
from app.brainstorm.models import Cluster, Idea
from app.core.database import utcnow
from app.extensions import db
from app.sessions.errors import StageClosed
from app.sessions.models import Session, Stage, Theme
from app.sessions.services import require_stage, touch
from app.voting.counting import BUDGET_MAX, default_budget, default_per_option
from app.voting.errors import (
    AlreadyClosed,
    InvalidSettings,
    PaperNotForRanked,
    RoundAlreadyOpen,
    TooFewOptions,
)
from app.voting.models import Mode, RoundState, Target, VoteOption, VoteRound

PAPER_MAX = 100_000
PAPER_STAGES = (Stage.VOTING, Stage.RESULTS)


def candidates(theme: Theme, target: Target) -> list[dict[str, Any]]:
    """What a round on *theme* would offer: title and source id, in the list's order."""
    if target == Target.AGGREGATE:
        return [{"title": row.title, "aggregate_id": row.id} for row in aggregate(theme)]
    if target == Target.IDEAS:
        ideas = db.session.scalars(
            sa.select(Idea).where(Idea.theme_id == theme.id, Idea.hidden_reason.is_(None))
            .order_by(Idea.created_at, Idea.id))
        return [{"title": idea.text, "idea_id": idea.id} for idea in ideas]
    clusters = db.session.scalars(
        sa.select(Cluster).where(Cluster.theme_id == theme.id)
        .order_by(Cluster.position, Cluster.id))
    return [{"title": cluster.title, "cluster_id": cluster.id} for cluster in clusters]


def open_round(session: Session, theme: Theme, mode: Mode, by: Any,
               target: Target | None = None, budget: int | None = None,
               per_option: int | None = None) -> VoteRound:
    """Open a round on *theme* with its options as they are now."""
    require_stage(session, Stage.VOTING)
    if theme.session_id != session.id:
        raise InvalidSettings()
    target = target or (Target.AGGREGATE if session.uses_groups else Target.IDEAS)
    if (target == Target.AGGREGATE) != session.uses_groups:
        raise InvalidSettings()
    options = candidates(theme, target)
    if len(options) < 2:
        raise TooFewOptions()
    budget = budget or default_budget(mode.value, len(options))
    if not 1 <= budget <= BUDGET_MAX or (mode != Mode.DOTS and budget > len(options)):
        raise InvalidSettings()
    if mode == Mode.DOTS:
        per_option = per_option or default_per_option(budget)
        if not 1 <= per_option <= budget:
            raise InvalidSettings()
    else:
        per_option = None
    if open_round_of(theme.id) is not None:
        raise RoundAlreadyOpen()
    vote_round = VoteRound(theme_id=theme.id, mode=mode, target=target, budget=budget,
                           per_option=per_option, opened_by_id=getattr(by, "id", None))
    vote_round.options = [VoteOption(position=position, **option)
                          for position, option in enumerate(options, start=1)]
    try:
        with db.session.begin_nested():  # the partial unique index decides a race
            db.session.add(vote_round)
    except IntegrityError as error:
        raise RoundAlreadyOpen() from error
    touch(session)
    record(by, "vote_round.opened", vote_round, organisation_id=session.organisation_id,
           after={"theme_id": theme.id, "mode": mode.value, "target": target.value,
                  "budget": budget, "per_option": per_option, "options": len(options)})
    return vote_round


def open_round_of(theme_id: int) -> VoteRound | None:
    return db.session.scalar(sa.select(VoteRound).where(
        VoteRound.theme_id == theme_id, VoteRound.state == RoundState.OPEN))


def close_round(session: Session, vote_round: VoteRound, by: Any) -> None:
    """Close an open round: its ballots are final and its results may be shown."""
    if not vote_round.is_open:
        raise AlreadyClosed()
    _close(session, vote_round, by)


def _close(session: Session, vote_round: VoteRound, by: Any) -> None:
    from app.voting.results import round_results  # the audit keeps the final count

    vote_round.state = RoundState.CLOSED
    vote_round.closed_at = utcnow()
    vote_round.version = VoteRound.version + 1
    db.session.flush()
    results = round_results(vote_round)
    touch(session)
    record(by, "vote_round.closed", vote_round, organisation_id=session.organisation_id,
           before={"state": "open"},
           after={"state": "closed", "ballots": results.ballots,
                  "totals": {str(r.option_id): r.total for r in results.rows}})


def close_open_rounds(session: Session, by: Any) -> None:
    """Close every open round of *session* (its stage is leaving ``voting``)."""
    rounds = db.session.scalars(
        sa.select(VoteRound).join(Theme, Theme.id == VoteRound.theme_id)
        .where(Theme.session_id == session.id, VoteRound.state == RoundState.OPEN)
        .options(selectinload(VoteRound.options))
        .with_for_update(of=VoteRound))
    for vote_round in rounds:
        _close(session, vote_round, by)


def enter_paper(session: Session, vote_round: VoteRound, counts: dict[int, int], by: Any) -> None:
    """Set the paper count of each option named in *counts* (option id → count)."""
    if session.stage not in PAPER_STAGES:
        raise StageClosed()
    if vote_round.mode == Mode.RANKED:
        raise PaperNotForRanked()
    options = {option.id: option for option in vote_round.options}
    if any(option_id not in options for option_id in counts) or any(
            not 0 <= count <= PAPER_MAX for count in counts.values()):
        raise InvalidSettings()
    before = {str(option_id): options[option_id].paper for option_id in counts}
    for option_id, count in counts.items():
        options[option_id].paper = count
    vote_round.version = VoteRound.version + 1
    touch(session)
    record(by, "vote_round.paper_entered", vote_round, organisation_id=session.organisation_id,
           before=before, after={str(option_id): count for option_id, count in counts.items()})
