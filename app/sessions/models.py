"""Sessions (workshops, partnership tables, customer panels, brainstorms), their
themes with background items, groups and participants."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import UTCDateTime, enum_column, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.organisations.models import Organisation


class SessionKind(enum.StrEnum):
    WORKSHOP = "workshop"
    PARTNERSHIP_TABLE = "partnership_table"
    CUSTOMER_PANEL = "customer_panel"
    BRAINSTORM = "brainstorm"


class Stage(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    VOTING = "voting"
    RESULTS = "results"
    CLOSED = "closed"


# Forward moves, plus one step back where a facilitator may need to reopen.
STAGE_MOVES: dict[Stage, tuple[Stage, ...]] = {
    Stage.DRAFT: (Stage.OPEN,),
    Stage.OPEN: (Stage.VOTING, Stage.DRAFT),
    Stage.VOTING: (Stage.RESULTS, Stage.OPEN),
    Stage.RESULTS: (Stage.CLOSED, Stage.VOTING),
    Stage.CLOSED: (),
}


class ResultsVisibility(enum.StrEnum):
    LIVE = "live"
    AFTER_CLOSE = "after_close"


class Affiliation(enum.StrEnum):
    RESIDENT = "resident"
    ASSOCIATION = "association"
    STAFF = "staff"
    COMPANY = "company"
    EXPERIENCE_EXPERT = "experience_expert"
    OTHER = "other"


class Session(db.Model):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    kind: Mapped[SessionKind] = mapped_column(enum_column(SessionKind))
    language: Mapped[str] = mapped_column(sa.String(5), default="fi")
    join_code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    stage: Mapped[Stage] = mapped_column(enum_column(Stage), default=Stage.DRAFT)
    results_visibility: Mapped[ResultsVisibility] = mapped_column(
        enum_column(ResultsVisibility), default=ResultsVisibility.LIVE
    )
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    meeting_url: Mapped[str | None] = mapped_column(sa.String(500))
    max_participants: Mapped[int | None] = mapped_column()
    # Participants and facilitators may comment (a facilitator turns it off: app/comments).
    comments_enabled: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # Live version of the setup and the stage: every live page of the session reads it
    # (app/core/live.py says which counter each page reads).
    version: Mapped[int] = mapped_column(default=1)
    # Set when the session closes; guests' names are removed a retention period later.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    guest_names_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    themes: Mapped[list[Theme]] = relationship(
        back_populates="session", order_by="Theme.position, Theme.id",
        cascade="all, delete-orphan", lazy="raise_on_sql",
    )
    groups: Mapped[list[Group]] = relationship(
        back_populates="session", order_by="Group.position, Group.id",
        cascade="all, delete-orphan", lazy="raise_on_sql",
    )

    __table_args__ = (sa.CheckConstraint("version >= 1", name="version_positive"),)

    @property
    def uses_groups(self) -> bool:
        return self.kind != SessionKind.BRAINSTORM

    def can_move_to(self, target: Stage) -> bool:
        return target in STAGE_MOVES[self.stage]

    def touch(self) -> None:
        """Mark the setup or the stage changed so that every live page refreshes."""
        self.version = Session.version + 1


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    prompt: Mapped[str] = mapped_column(sa.Text, default="")
    picks: Mapped[int] = mapped_column(default=3)
    position: Mapped[int] = mapped_column(default=0)
    # The theme the room works on now: shown on the projector, opened first on phones.
    is_current: Mapped[bool] = mapped_column(default=False)
    # Live version of what the room has produced under the theme for all to see: the
    # submitted lists and the combined list, or a brainstorm's ideas and supports.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    session: Mapped[Session] = relationship(back_populates="themes")
    items: Mapped[list[BackgroundItem]] = relationship(
        back_populates="theme", order_by="BackgroundItem.position, BackgroundItem.id",
        cascade="all, delete-orphan", lazy="raise_on_sql",
    )

    __table_args__ = (sa.CheckConstraint("picks BETWEEN 1 AND 10", name="picks_range"),)


class BackgroundItem(db.Model):
    __tablename__ = "background_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(sa.ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.String(120), default="")
    position: Mapped[int] = mapped_column(default=0)

    theme: Mapped[Theme] = relationship(back_populates="items")


class Group(db.Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int] = mapped_column(default=0)
    # Live version of who is in the group.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    session: Mapped[Session] = relationship(back_populates="groups")


class Participant(db.Model):
    """A person inside one session: a signed-in user or a guest with a token cookie."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(60))
    affiliation: Mapped[Affiliation] = mapped_column(enum_column(Affiliation))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_active_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("session_id", "user_id"),
        sa.CheckConstraint("user_id IS NOT NULL OR token_hash IS NOT NULL", name="identified"),
    )
