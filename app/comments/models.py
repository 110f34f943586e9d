"""Comment threads, comments, upvotes and flags.

A thread belongs to exactly one thing (a priority, a combined-list item, an idea or a
PB proposal: one foreign key of four, the database says so) and carries the live
``version`` its pages poll. The rules that protect a thread live in the schema: one
thread per thing, one upvote and one flag per person and comment, a body of at most
BODY_MAX characters.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.database import UTCDateTime, enum_column, utcnow
from app.extensions import db

BODY_MAX = 2000
REASON_MAX = 280


class Target(enum.StrEnum):
    PRIORITY = "priority"    # a group's priority
    AGGREGATE = "aggregate"  # an item of a theme's combined list
    IDEA = "idea"            # a brainstorm idea
    PROPOSAL = "proposal"    # a participatory budgeting proposal


TARGET_COLUMNS = {Target.PRIORITY: "priority_id", Target.AGGREGATE: "aggregate_id",
                  Target.IDEA: "idea_id", Target.PROPOSAL: "proposal_id"}


def _one_of(*columns: str) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


class CommentThread(db.Model):
    __tablename__ = "comment_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[Target] = mapped_column(enum_column(Target))
    priority_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("priorities.id", ondelete="CASCADE"), unique=True)
    aggregate_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("aggregate_items.id", ondelete="CASCADE"), unique=True)
    idea_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ideas.id", ondelete="CASCADE"), unique=True)
    proposal_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("budget_proposals.id", ondelete="CASCADE"), unique=True)
    # Where the thing lives: a session's theme (for the memo) or a budget process.
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    process_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("budget_processes.id", ondelete="CASCADE"), index=True)
    # Moved on by every post, upvote, flag, hide and restore (app/core/live.py).
    version: Mapped[int] = mapped_column(default=1)

    __table_args__ = (
        sa.CheckConstraint(_one_of("priority_id", "aggregate_id", "idea_id", "proposal_id"),
                           name="one_target"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comment_threads.id", ondelete="CASCADE"), index=True)
    # A reply names the comment it answers; replies have no replies of their own.
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    # The author: a participant of the session, or an account (a facilitator who has not
    # joined, or anyone on a PB proposal). Names are read from there, never copied, so a
    # guest's name goes when the session's retention removes it.
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    hidden_reason: Mapped[str | None] = mapped_column(sa.String(REASON_MAX))
    hidden_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint(f"length(body) BETWEEN 1 AND {BODY_MAX}", name="body_length"),
    )

    @property
    def hidden(self) -> bool:
        return self.hidden_reason is not None


class _PerPerson:
    """An upvote or a flag: one per person (participant or account) and comment."""

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"),
                                            index=True)
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CommentUpvote(_PerPerson, db.Model):
    __tablename__ = "comment_upvotes"

    __table_args__ = (
        sa.UniqueConstraint("comment_id", "participant_id"),  # NULLs are distinct
        sa.UniqueConstraint("comment_id", "user_id"),
        sa.CheckConstraint(_one_of("participant_id", "user_id"), name="one_voter"),
    )


class CommentFlag(_PerPerson, db.Model):
    __tablename__ = "comment_flags"

    reason: Mapped[str] = mapped_column(sa.String(REASON_MAX))

    __table_args__ = (
        sa.UniqueConstraint("comment_id", "participant_id"),
        sa.UniqueConstraint("comment_id", "user_id"),
        sa.CheckConstraint(_one_of("participant_id", "user_id"), name="one_flagger"),
    )
