"""Posting, upvoting, flagging and moderating comments. Each call checks its rules,
writes, moves the thread's live version on and flushes; the request commits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.comments.access import Place, thread_of
from app.comments.errors import (
    AlreadyFlagged,
    CommentsClosed,
    CommentsOff,
    NoReplyToReply,
    OwnComment,
    SignInToComment,
)
from app.comments.models import TARGET_COLUMNS, Comment, CommentFlag, CommentThread, CommentUpvote
from app.core.database import utcnow
from app.core.live import bump
from app.extensions import db
from app.sessions.models import Session


def require_open(place: Place) -> None:
    """Refuse a post, upvote or flag where the caller cannot write now."""
    if place.process is not None:
        if place.actor.user_id is None:
            raise SignInToComment()
        if place.closed_reason:
            raise CommentsClosed()
        return
    assert place.session is not None
    if not place.session.comments_enabled:
        raise CommentsOff()
    if place.closed_reason:
        raise CommentsClosed()


def _thread(place: Place) -> CommentThread:
    thread = thread_of(place)
    if thread is None:
        thread = CommentThread(target=place.target, session_id=place.session and place.session.id,
                               theme_id=place.theme_id,
                               process_id=place.process and place.process.id)
        setattr(thread, TARGET_COLUMNS[place.target], place.target_id)
        try:
            with db.session.begin_nested():
                db.session.add(thread)
        except IntegrityError:  # another first comment made it at the same moment
            thread = thread_of(place)
            assert thread is not None
    return thread


def posting_too_fast(place: Place, per_minute: int) -> bool:
    """Has the caller already posted *per_minute* comments or replies in the last minute?"""
    if place.actor.participant_id is not None:
        mine = Comment.participant_id == place.actor.participant_id
    else:
        mine = sa.and_(Comment.user_id == place.actor.user_id, Comment.participant_id.is_(None))
    since = utcnow() - timedelta(minutes=1)
    recent = db.session.scalar(sa.select(sa.func.count(Comment.id)).where(
        mine, Comment.created_at >= since))
    return (recent or 0) >= per_minute


def post_comment(place: Place, body: str, parent_id: int | None = None) -> Comment:
    require_open(place)
    thread = _thread(place)
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.thread_id != thread.id or parent.parent_id is not None:
            raise NoReplyToReply()
        if parent.hidden:
            raise CommentsClosed()
    comment = Comment(thread_id=thread.id, parent_id=parent_id, body=body,
                      participant_id=place.actor.participant_id,
                      user_id=None if place.actor.participant_id else place.actor.user_id)
    db.session.add(comment)
    db.session.flush()
    bump(CommentThread, thread.id)
    return comment


def _mine(model: type, comment: Comment, place: Place) -> sa.ColumnElement[bool]:
    if place.actor.participant_id is not None:
        return sa.and_(model.comment_id == comment.id,
                       model.participant_id == place.actor.participant_id)
    return sa.and_(model.comment_id == comment.id, model.user_id == place.actor.user_id)


def set_upvote(place: Place, comment: Comment, on: bool) -> None:
    """Upvote *comment* (or take the upvote back): one per person, never one's own."""
    require_open(place)
    if place.actor.owns(comment):
        raise OwnComment()
    if comment.hidden:
        raise CommentsClosed()
    existing = db.session.scalar(sa.select(CommentUpvote).where(_mine(CommentUpvote, comment,
                                                                      place)))
    if on and existing is None:
        try:
            with db.session.begin_nested():
                db.session.add(CommentUpvote(comment_id=comment.id, **_who(place)))
        except IntegrityError:
            return  # the same person's other click got there first: still one upvote
    elif not on and existing is not None:
        db.session.delete(existing)
    else:
        return
    db.session.flush()
    bump(CommentThread, comment.thread_id)


def _who(place: Place) -> dict[str, int | None]:
    if place.actor.participant_id is not None:
        return {"participant_id": place.actor.participant_id}
    return {"user_id": place.actor.user_id}


def flag(place: Place, comment: Comment, reason: str) -> None:
    """Flag *comment* for the moderators, once per person."""
    require_open(place)
    if db.session.scalar(sa.select(CommentFlag.id).where(_mine(CommentFlag, comment, place))):
        raise AlreadyFlagged()
    try:
        with db.session.begin_nested():
            db.session.add(CommentFlag(comment_id=comment.id, reason=reason, **_who(place)))
    except IntegrityError as error:
        raise AlreadyFlagged() from error
    bump(CommentThread, comment.thread_id)


def _organisation_id(place: Place) -> int | None:
    owner = place.session or place.process
    return owner.organisation_id if owner is not None else None


def hide(place: Place, comment: Comment, by: Any, reason: str) -> None:
    """A moderator hides *comment*; its reason is shown in its place."""
    before = {"hidden_reason": comment.hidden_reason}
    comment.hidden_reason = reason
    comment.hidden_by_id = getattr(by, "id", None)
    comment.hidden_at = utcnow()
    record(by, "comment.hidden", comment, before=before, after={"hidden_reason": reason},
           organisation_id=_organisation_id(place))
    db.session.flush()
    bump(CommentThread, comment.thread_id)


def restore(place: Place, comment: Comment, by: Any) -> None:
    if comment.hidden_reason is None:
        return
    record(by, "comment.restored", comment, before={"hidden_reason": comment.hidden_reason},
           after={"hidden_reason": None}, organisation_id=_organisation_id(place))
    comment.hidden_reason = comment.hidden_by_id = comment.hidden_at = None
    db.session.flush()
    bump(CommentThread, comment.thread_id)


def set_comments_enabled(session: Session, by: Any, enabled: bool) -> None:
    """Turn comments on or off in *session*; every live page of the session refreshes."""
    if session.comments_enabled == enabled:
        return
    record(by, "session.comments", session, before={"comments_enabled": not enabled},
           after={"comments_enabled": enabled})
    session.comments_enabled = enabled
    session.touch()
    db.session.flush()


def carry_aggregate_threads(from_ids: list[int], to_id: int) -> None:
    """Before combined-list items *from_ids* go (merged, or a merge undone), their comments
    move to item *to_id*'s thread, so that no conversation is lost with them."""
    sources = list(db.session.scalars(
        sa.select(CommentThread).where(CommentThread.aggregate_id.in_(from_ids))
        .order_by(CommentThread.id)))
    if not sources:
        return
    target = db.session.scalar(sa.select(CommentThread)
                               .where(CommentThread.aggregate_id == to_id))
    if target is None:
        target, sources = sources[0], sources[1:]
        target.aggregate_id = to_id
        db.session.flush()
    if sources:
        source_ids = [thread.id for thread in sources]
        db.session.execute(sa.update(Comment).where(Comment.thread_id.in_(source_ids))
                           .values(thread_id=target.id))
        db.session.execute(sa.delete(CommentThread).where(CommentThread.id.in_(source_ids)))
    bump(CommentThread, target.id)
