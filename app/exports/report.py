"""Everything a session produced, read once for the memo, the CSV and the participants'
results page, in a constant number of queries whatever the size."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from app.aggregation.borda import AggregateRow
from app.aggregation.services import aggregates_for
from app.brainstorm.services import ideas_by_theme
from app.exports.results import _group_work, _items, rounds_by_theme
from app.extensions import db
from app.participation.forms import AFFILIATION_LABELS
from app.sessions.lookups import themes_of
from app.sessions.models import Group, Participant, Session, Theme
from app.voting.results import RoundResults


def comments_for_memo(session: Session) -> dict[int, list[Any]]:
    """Theme id → the comments not hidden (nor under a hidden comment), oldest first per
    thing, each with what it is about; never who wrote it. One query."""
    from app.comments.queries import memo_comments

    return defaultdict(list, memo_comments(session.id))


@dataclass
class Report:
    session: Session
    themes: list[Theme]
    participants: int
    by_affiliation: list[tuple[str, int]]  # (translated label, count), never names
    items: dict[int, list[dict[str, str]]]
    groups: dict[int, list[dict[str, Any]]]  # theme id → groups with their lists
    aggregates: dict[int, list[AggregateRow]]
    ideas: dict[int, list[dict[str, Any]]]
    rounds: dict[int, list[RoundResults]]
    comments: dict[int, list[Any]]

    def group_list(self, theme_id: int, group_id: int | None) -> dict[str, Any] | None:
        return next((g for g in self.groups[theme_id] if g["id"] == group_id), None)


def _affiliations(session: Session) -> tuple[int, list[tuple[str, int]]]:
    counts = Counter(dict(db.session.execute(
        sa.select(Participant.affiliation, sa.func.count(Participant.id))
        .where(Participant.session_id == session.id).group_by(Participant.affiliation)).all()))
    return sum(counts.values()), [(str(label), counts[affiliation])
                                  for affiliation, label in AFFILIATION_LABELS.items()
                                  if counts[affiliation]]


def load_report(session: Session, drafts: bool = False) -> Report:
    """The session's report; groups' unsubmitted drafts only with *drafts*."""
    themes = themes_of(session.id)
    groups = list(db.session.scalars(
        sa.select(Group).where(Group.session_id == session.id).order_by(Group.position, Group.id)
    ))
    theme_ids = [theme.id for theme in themes]
    participants, by_affiliation = _affiliations(session)
    return Report(
        session=session, themes=themes, participants=participants,
        by_affiliation=by_affiliation, items=_items(theme_ids),
        groups=_group_work(theme_ids, groups, drafts), aggregates=aggregates_for(themes),
        ideas=ideas_by_theme(session), rounds=rounds_by_theme(session, themes),
        comments=comments_for_memo(session),
    )
