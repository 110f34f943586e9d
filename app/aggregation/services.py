"""Aggregation services: read a theme's combined list, merge duplicates, rename, undo a merge.

Stage rule: the facilitator may merge, rename and undo while the session is
``open``, ``voting`` or ``results`` (duplicates are often noticed only when the
room reads the list together); a ``draft`` session has nothing to combine and a
``closed`` one is read-only. Every change is written to the audit log and moves
the theme's live version on so that the projector refreshes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.aggregation.borda import AggregateRow, Member, rank_items
from app.aggregation.models import AggregateItem
from app.audit.services import record
from app.comments.services import carry_aggregate_threads
from app.core.database import utcnow
from app.core.errors import DomainError
from app.core.live import bump
from app.extensions import db
from app.groupwork.models import Priority, Submission, SubmissionState
from app.sessions.models import Group, Session, Stage, Theme
from app.sessions.services import require_stage

EDIT_STAGES = (Stage.OPEN, Stage.VOTING, Stage.RESULTS)
TITLE_MAX = 200


class MergeRefused(DomainError):
    status = 422
    message = _l("Choose at least two items of this theme to merge.")


class ItemNotFound(DomainError):
    status = 404
    message = _l("That item is not in this theme's combined list.")


class NotMerged(DomainError):
    status = 409
    message = _l("This item is not a merge, so there is nothing to undo.")


class InvalidTitle(DomainError):
    status = 422
    message = _l("Write a title of at most 200 characters.")


def add_to_aggregate(priority: Priority) -> AggregateItem:
    """Give a newly submitted priority its own line in the theme's combined list."""
    theme_id = db.session.scalar(
        sa.select(Submission.theme_id).where(Submission.id == priority.submission_id))
    item = AggregateItem(theme_id=theme_id, title=priority.title,
                         created_at=priority.created_at or utcnow())
    db.session.add(item)
    db.session.flush()
    priority.aggregate_id = item.id
    return item


def remove_from_aggregate(priority: Priority) -> None:
    """Take a priority out of the combined list (its group was unlocked or re-entered)."""
    item_id = priority.aggregate_id
    if item_id is None:
        return
    priority.aggregate_id = None
    db.session.flush()
    remaining = db.session.scalar(
        sa.select(sa.func.count(Priority.id)).where(Priority.aggregate_id == item_id))
    if not remaining:
        db.session.execute(sa.delete(AggregateItem).where(AggregateItem.id == item_id))


# --- reading ---------------------------------------------------------------


def _members_query(theme_ids: list[int]) -> sa.Select:
    return (
        sa.select(Priority, Submission.theme_id, Submission.source, Group.id, Group.name)
        .join(Submission, Priority.submission_id == Submission.id)
        .join(Group, Submission.group_id == Group.id)
        .where(Submission.theme_id.in_(theme_ids), Submission.state == SubmissionState.SUBMITTED,
               Priority.aggregate_id.is_not(None))
    )


def aggregates_for(themes: list[Theme]) -> dict[int, list[AggregateRow]]:
    """Each theme's ordered aggregate list, in two queries whatever the size."""
    theme_ids = [theme.id for theme in themes]
    if not theme_ids:
        return {}
    members_by_theme: dict[int, list[Member]] = {theme_id: [] for theme_id in theme_ids}
    for priority, theme_id, source, group_id, group_name in db.session.execute(
        _members_query(theme_ids)
    ):
        members_by_theme[theme_id].append(Member(
            priority_id=priority.id, aggregate_id=priority.aggregate_id, group_id=group_id,
            group_name=group_name, rank=priority.rank, title=priority.title,
            reasoning=priority.reasoning, source=source.value,
        ))
    items_by_theme: dict[int, dict] = {theme_id: {} for theme_id in theme_ids}
    for item in db.session.scalars(
        sa.select(AggregateItem).where(AggregateItem.theme_id.in_(theme_ids))
    ):
        items_by_theme[item.theme_id][item.id] = (item.title, item.merged, item.created_at)
    return {
        theme.id: rank_items(items_by_theme[theme.id], members_by_theme[theme.id], theme.picks)
        for theme in themes
    }


def aggregate(theme: Theme) -> list[AggregateRow]:
    return aggregates_for([theme])[theme.id]


# --- writing ---------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title or len(title) > TITLE_MAX:
        raise InvalidTitle()
    return title


def _check_theme(session: Session, theme: Theme) -> None:
    if theme.session_id != session.id:
        raise ItemNotFound()
    require_stage(session, *EDIT_STAGES)


def merge(
    session: Session, theme: Theme, item_ids: list[int], title: str, by: Any
) -> AggregateItem:
    """Merge several aggregate items of *theme* into one.

    An empty *title* takes the first chosen item's title (the first of
    *item_ids*, which is the order of the list on the page).
    """
    _check_theme(session, theme)
    chosen = list(dict.fromkeys(item_ids))
    if len(chosen) < 2:
        raise MergeRefused()
    items = {item.id: item for item in db.session.scalars(
        sa.select(AggregateItem).where(AggregateItem.theme_id == theme.id,
                                       AggregateItem.id.in_(chosen))
    )}
    if len(items) != len(chosen):
        raise ItemNotFound()
    title = _clean_title(title) if title.strip() else items[chosen[0]].title
    merged = AggregateItem(theme_id=theme.id, title=title, merged=True,
                           created_at=min(item.created_at for item in items.values()))
    db.session.add(merged)
    db.session.flush()
    db.session.execute(
        sa.update(Priority).where(Priority.aggregate_id.in_(chosen))
        .values(aggregate_id=merged.id)
    )
    carry_aggregate_threads(chosen, merged.id)
    db.session.execute(sa.delete(AggregateItem).where(AggregateItem.id.in_(chosen)))
    bump(Theme, theme.id)
    record(by, "aggregate.merged", merged, before={"items": chosen},
           after={"item": merged.id, "title": title}, organisation_id=session.organisation_id)
    return merged


def undo_merge(session: Session, theme: Theme, item: AggregateItem, by: Any) -> list[AggregateItem]:
    """Split a merged item back into one item per member priority (its own title again)."""
    _check_theme(session, theme)
    if item.theme_id != theme.id:
        raise ItemNotFound()
    if not item.merged:
        raise NotMerged()
    members = list(db.session.scalars(
        sa.select(Priority).where(Priority.aggregate_id == item.id).order_by(Priority.id)))
    singles = []
    for priority in members:
        single = AggregateItem(theme_id=theme.id, title=priority.title,
                               created_at=priority.created_at)
        db.session.add(single)
        db.session.flush()
        priority.aggregate_id = single.id
        singles.append(single)
    record(by, "aggregate.unmerged", item, before={"title": item.title},
           after={"items": [single.id for single in singles]},
           organisation_id=session.organisation_id)
    db.session.flush()
    if singles:
        carry_aggregate_threads([item.id], singles[0].id)
    db.session.delete(item)
    bump(Theme, theme.id)
    db.session.flush()
    return singles


def rename(session: Session, theme: Theme, item: AggregateItem, title: str, by: Any) -> None:
    """Give an aggregate item a new title (its members keep their own titles)."""
    _check_theme(session, theme)
    if item.theme_id != theme.id:
        raise ItemNotFound()
    before = item.title
    item.title = _clean_title(title)
    bump(Theme, theme.id)
    record(by, "aggregate.renamed", item, before={"title": before}, after={"title": item.title},
           organisation_id=session.organisation_id)
