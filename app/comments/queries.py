"""Reading threads in a constant number of queries, however many comments and authors:
the thread's comments with their authors and counts in one, the caller's own upvotes and
flags in another."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.auth.models import User
from app.comments.access import Place
from app.comments.models import (
    TARGET_COLUMNS,
    Comment,
    CommentFlag,
    CommentThread,
    CommentUpvote,
    Target,
)
from app.extensions import db
from app.privacy.placeholders import deleted_author
from app.sessions.models import Participant

ORDERS = ("newest", "top")


@dataclass
class CommentView:
    id: int
    parent_id: int | None
    body: str
    author: str
    by_account: bool          # written by an account, not as a participant
    created_at: datetime
    hidden_reason: str | None
    upvotes: int
    flags: int
    own: bool = False
    upvoted: bool = False
    flagged: bool = False
    replies: list[CommentView] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.hidden_reason is not None


@dataclass
class ThreadView:
    place: Place
    version: int
    comments: list[CommentView]  # top-level, in the chosen order, each with its replies
    order: str
    count: int                   # comments not hidden, replies included


def thread_version(place: Place) -> int:
    column = getattr(CommentThread, TARGET_COLUMNS[place.target])
    return db.session.scalar(sa.select(CommentThread.version).where(column == place.target_id)) \
        or 0


def _counted(model: type) -> sa.ScalarSelect:
    return (sa.select(sa.func.count(model.id)).where(model.comment_id == Comment.id)
            .correlate(Comment).scalar_subquery())


def load_thread(place: Place, order: str = "newest") -> ThreadView:
    column = getattr(CommentThread, TARGET_COLUMNS[place.target])
    upvotes, flags = _counted(CommentUpvote), _counted(CommentFlag)
    rows = db.session.execute(
        sa.select(Comment, Participant.display_name, User.display_name.label("user_name"),
                  CommentThread.version, upvotes.label("upvotes"), flags.label("flags"))
        .join(CommentThread, CommentThread.id == Comment.thread_id)
        .outerjoin(Participant, Participant.id == Comment.participant_id)
        .outerjoin(User, User.id == Comment.user_id)
        .where(column == place.target_id)
        .order_by(Comment.created_at, Comment.id)).all()
    mine_upvoted: set[int] = set()
    mine_flagged: set[int] = set()
    actor = place.actor
    if rows and actor.known:
        ids = [row.Comment.id for row in rows]
        who = (lambda model: model.participant_id == actor.participant_id) \
            if actor.participant_id else (lambda model: model.user_id == actor.user_id)
        for kind, comment_id in db.session.execute(sa.union_all(
                sa.select(sa.literal("u"), CommentUpvote.comment_id)
                .where(CommentUpvote.comment_id.in_(ids), who(CommentUpvote)),
                sa.select(sa.literal("f"), CommentFlag.comment_id)
                .where(CommentFlag.comment_id.in_(ids), who(CommentFlag)))).all():
            (mine_upvoted if kind == "u" else mine_flagged).add(comment_id)
    views: dict[int, CommentView] = {}
    top: list[CommentView] = []
    # A comment whose account was deleted keeps no author: it reads as a deleted
    # participant's does (their participant row is renamed so, in the session's language).
    former = deleted_author(place.language) if rows else ""
    for row in rows:
        comment: Comment = row.Comment
        view = CommentView(
            id=comment.id, parent_id=comment.parent_id, body=comment.body,
            author=row.display_name or row.user_name or former,
            by_account=comment.participant_id is None and comment.user_id is not None,
            created_at=comment.created_at, hidden_reason=comment.hidden_reason,
            upvotes=row.upvotes, flags=row.flags, own=actor.owns(comment),
            upvoted=comment.id in mine_upvoted, flagged=comment.id in mine_flagged)
        views[comment.id] = view
        if comment.parent_id is None:
            top.append(view)
        elif comment.parent_id in views:
            views[comment.parent_id].replies.append(view)
    order = order if order in ORDERS else "newest"
    if order == "top":
        top.sort(key=lambda v: (v.hidden, -v.upvotes, -v.created_at.timestamp(), -v.id))
    else:
        top.sort(key=lambda v: (v.created_at, v.id), reverse=True)
    return ThreadView(place=place, version=rows[0].version if rows else 0, comments=top,
                      order=order, count=sum(1 for v in views.values() if not v.hidden))


def comment_counts(**wanted: Iterable[int]) -> dict[tuple[str, int], int]:
    """(target, thing id) → its comments not hidden, for the links next to lists of things
    (``comment_counts(aggregate=[…], priority=[…])``): one query for every list."""
    clauses = []
    for target, ids in wanted.items():
        numbers = [int(i) for i in ids]
        if numbers:
            clauses.append(getattr(CommentThread, TARGET_COLUMNS[Target(target)]).in_(numbers))
    if not clauses:
        return {}
    thing = sa.func.coalesce(*(getattr(CommentThread, column)
                               for column in TARGET_COLUMNS.values()))
    rows = db.session.execute(
        sa.select(CommentThread.target, thing, sa.func.count(Comment.id))
        .join(Comment, Comment.thread_id == CommentThread.id)
        .where(sa.or_(*clauses), Comment.hidden_reason.is_(None))
        .group_by(CommentThread.target, thing)).all()
    return {(Target(target).value, thing_id): count for target, thing_id, count in rows}


def memo_comments(session_id: int) -> dict[int, list[dict[str, object]]]:
    """Theme id → the session's comments not hidden (and not under a hidden comment),
    oldest first, each with what it is about. No author: the memo names nobody."""
    from app.aggregation.models import AggregateItem
    from app.brainstorm.models import Idea
    from app.groupwork.models import Priority

    parent = sa.orm.aliased(Comment)
    rows = db.session.execute(
        sa.select(CommentThread.theme_id, CommentThread.target, Comment.body,
                  Comment.parent_id, Priority.title, AggregateItem.title.label("item"),
                  Idea.text)
        .join(Comment, Comment.thread_id == CommentThread.id)
        .outerjoin(parent, parent.id == Comment.parent_id)
        .outerjoin(Priority, Priority.id == CommentThread.priority_id)
        .outerjoin(AggregateItem, AggregateItem.id == CommentThread.aggregate_id)
        .outerjoin(Idea, Idea.id == CommentThread.idea_id)
        .where(CommentThread.session_id == session_id, Comment.hidden_reason.is_(None),
               parent.hidden_reason.is_(None))
        .order_by(CommentThread.id, sa.func.coalesce(Comment.parent_id, Comment.id),
                  Comment.id)).all()
    memo: dict[int, list[dict[str, object]]] = {}
    for row in rows:
        memo.setdefault(row.theme_id, []).append({
            "body": row.body, "about": row.title or row.item or row.text or "",
            "reply": row.parent_id is not None})
    return memo


def flagged_in_session(session_id: int) -> list[dict[str, object]]:
    """The session's comments that are flagged and not hidden, most flags first, each with
    its thread's address and the flaggers' reasons (without their names), for the facilitator's
    setup page (one query)."""
    flags = sa.func.count(CommentFlag.id)
    rows = db.session.execute(
        sa.select(Comment.id, Comment.body, CommentThread.target,
                  sa.func.coalesce(*(getattr(CommentThread, column)
                                     for column in TARGET_COLUMNS.values())).label("thing"),
                  flags.label("flags"),
                  sa.func.aggregate_strings(CommentFlag.reason, " · ").label("reasons"))
        .join(CommentThread, CommentThread.id == Comment.thread_id)
        .join(CommentFlag, CommentFlag.comment_id == Comment.id)
        .where(CommentThread.session_id == session_id, Comment.hidden_reason.is_(None))
        .group_by(Comment.id, Comment.body, CommentThread.target, "thing")
        .order_by(flags.desc(), Comment.id)).all()
    return [{"id": row.id, "body": row.body, "flags": row.flags, "reasons": row.reasons,
             "url": f"/comments/{Target(row.target).value}/{row.thing}#comment-{row.id}"}
            for row in rows]
