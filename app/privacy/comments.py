"""Comments in a user's data rights.

A comment's author is a participant row (a guest, or a signed-in person who joined the
session: ``participants.user_id`` links the row to the account) or, where the author had
not joined (a facilitator, anyone on a PB proposal), the account itself. Upvotes and flags
name their giver the same way. Both kinds count as the person's own.

The export has their comments (text, where, when, hidden or not), their upvotes and
their flags (which comment, the reason). Deleting the account keeps the comments, shown
as by "Deleted user" (the participant rows are renamed so, and a comment left without
any author reads the same; see :func:`app.comments.queries.load_thread`), and removes
their upvotes and flags.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app.aggregation.models import AggregateItem
from app.auth.models import User
from app.brainstorm.models import Idea
from app.budgets.models import BudgetProcess, Proposal
from app.comments.models import Comment, CommentFlag, CommentThread, CommentUpvote
from app.core.live import bump
from app.extensions import db
from app.groupwork.models import Priority
from app.sessions.models import Participant, Session


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _participant_ids(user: User) -> sa.Select:
    return sa.select(Participant.id).where(Participant.user_id == user.id)


def _by(model: type, user: User) -> sa.ColumnElement[bool]:
    """Rows *user* made: as the account, or as a participant linked to it."""
    return sa.or_(model.user_id == user.id, model.participant_id.in_(_participant_ids(user)))


def _with_place(*columns: Any, via: type | None = None) -> sa.Select:
    """*columns* of comments (reached from *via*, an upvote or a flag), with where each
    comment is: the session or PB process and the thing its thread is about."""
    query = sa.select(*columns, CommentThread.target, Session.title.label("session"),
                      BudgetProcess.title.label("process"),
                      sa.func.coalesce(Priority.title, AggregateItem.title, Idea.text,
                                       Proposal.title).label("about"))
    if via is not None:
        query = query.select_from(via).join(Comment, Comment.id == via.comment_id)
    return (query.join(CommentThread, CommentThread.id == Comment.thread_id)
            .outerjoin(Session, Session.id == CommentThread.session_id)
            .outerjoin(BudgetProcess, BudgetProcess.id == CommentThread.process_id)
            .outerjoin(Priority, Priority.id == CommentThread.priority_id)
            .outerjoin(AggregateItem, AggregateItem.id == CommentThread.aggregate_id)
            .outerjoin(Idea, Idea.id == CommentThread.idea_id)
            .outerjoin(Proposal, Proposal.id == CommentThread.proposal_id))


def _where(row: sa.Row) -> dict[str, Any]:
    return {"session": row.session, "budget_process": row.process,
            "on": row.target.value if hasattr(row.target, "value") else row.target,
            "about": row.about}


def comment_data(user: User) -> dict[str, list[dict[str, Any]]]:
    """The comments *user* wrote, the comments they upvoted and those they flagged."""
    written = db.session.execute(
        _with_place(Comment).where(_by(Comment, user))
        .order_by(Comment.created_at, Comment.id)).all()
    upvoted = db.session.execute(
        _with_place(Comment.body, CommentUpvote.created_at, via=CommentUpvote)
        .where(_by(CommentUpvote, user))
        .order_by(CommentUpvote.created_at, CommentUpvote.id)).all()
    flagged = db.session.execute(
        _with_place(Comment.body, CommentFlag.reason, CommentFlag.created_at, via=CommentFlag)
        .where(_by(CommentFlag, user))
        .order_by(CommentFlag.created_at, CommentFlag.id)).all()
    return {
        "comments": [{
            **_where(row), "text": row.Comment.body, "reply": row.Comment.parent_id is not None,
            "created_at": _when(row.Comment.created_at), "hidden": row.Comment.hidden,
            "hidden_reason": row.Comment.hidden_reason,
        } for row in written],
        "comment_upvotes": [{**_where(row), "comment": row.body,
                             "created_at": _when(row.created_at)} for row in upvoted],
        "comment_flags": [{**_where(row), "comment": row.body, "reason": row.reason,
                           "created_at": _when(row.created_at)} for row in flagged],
    }


def detach_comments(user: User) -> None:
    """Before the account goes (and before its participant rows are detached from it):
    keep *user*'s comments without the account, remove their upvotes and flags, and
    refresh the threads that change.

    Upvotes go rather than stay anonymous: the person could take each one back at any
    time, so no count may rely on it; it only orders a thread and shows interest. Flags
    go too: a flag is the person's own report in their own words; what a moderator did
    about it stays where it belongs, on the comment (hidden, with the moderator's reason)
    and in the audit log. A comment stays whoever flagged or upvoted it.
    """
    threads: set[int] = set()
    for model in (CommentUpvote, CommentFlag):
        gone = db.session.scalars(
            sa.delete(model).where(_by(model, user)).returning(model.comment_id)).all()
        if gone:
            threads.update(db.session.scalars(
                sa.select(Comment.thread_id).where(Comment.id.in_(set(gone)))))
    threads.update(db.session.scalars(
        sa.update(Comment).where(Comment.user_id == user.id).values(user_id=None)
        .returning(Comment.thread_id)))
    # A moderator's hiding stays with its reason; the account behind it does not.
    db.session.execute(sa.update(Comment).where(Comment.hidden_by_id == user.id)
                       .values(hidden_by_id=None))
    for thread_id in sorted(threads):
        bump(CommentThread, thread_id)
