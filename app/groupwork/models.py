"""Group work: each group's ranked priorities per theme and its submission state.
The combined list that gathers them across groups is in ``app.aggregation.models``."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import UTCDateTime, enum_column, utcnow
from app.extensions import db
from app.sessions.models import Group, Theme


class SubmissionState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Source(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"


class Submission(db.Model):
    """A group's answer to one theme: draft until submitted (then locked)."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(sa.ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)
    state: Mapped[SubmissionState] = mapped_column(
        enum_column(SubmissionState), default=SubmissionState.DRAFT
    )
    source: Mapped[Source] = mapped_column(enum_column(Source), default=Source.ONLINE)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Live version of the group's list for this theme: every save, move, submit, unlock.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    group: Mapped[Group] = relationship()
    theme: Mapped[Theme] = relationship()

    __table_args__ = (sa.UniqueConstraint("group_id", "theme_id"),)

    @property
    def locked(self) -> bool:
        return self.state == SubmissionState.SUBMITTED


class Priority(db.Model):
    """Rank r of a group's list for a theme: a title with its reasoning."""

    __tablename__ = "priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(200))
    reasoning: Mapped[str] = mapped_column(sa.Text)
    item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("background_items.id", ondelete="SET NULL")
    )
    aggregate_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("aggregate_items.id", ondelete="SET NULL"), index=True
    )
    # Optimistic concurrency: a save names the version it started from.
    version: Mapped[int] = mapped_column(default=1)
    last_editor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    submission: Mapped[Submission] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("submission_id", "rank"),
        sa.CheckConstraint("rank >= 1", name="rank_positive"),
        sa.CheckConstraint("length(reasoning) <= 2000", name="reasoning_length"),
    )


class PriorityReplacement(db.Model):
    """A place's text that a member replaced knowingly ("Keep my text" in a conflict):
    kept so that nobody's words vanish. The group page shows it while the place still has
    the ``version`` that replaced it, and says whose text it was."""

    __tablename__ = "priority_replacements"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up by (priority_id, version): the unique constraint's index serves it.
    priority_id: Mapped[int] = mapped_column(sa.ForeignKey("priorities.id", ondelete="CASCADE"))
    # The place's version once the replacing text was saved.
    version: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(200))
    reasoning: Mapped[str] = mapped_column(sa.Text)
    editor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL")
    )
    replaced_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("priority_id", "version"),)
