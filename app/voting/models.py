"""Vote rounds, the options they snapshot when they open, ballots and their marks.

The rules that protect a vote live in the schema: one open round per theme (a
partial unique index), one ballot per participant per round, one mark per option
on a ballot and each rank once on a ranked ballot (unique constraints), and no
negative counts (check constraints). The limits that span several rows (at most
K dots in total) are checked under a lock of the ballot row (see ``ballots.py``).
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import UTCDateTime, enum_column, utcnow
from app.extensions import db
from app.sessions.models import Theme


class Mode(enum.StrEnum):
    DOTS = "dots"          # K dots to spread, at most M on one option
    APPROVAL = "approval"  # up to K options
    RANKED = "ranked"      # order the top K; Borda points


class RoundState(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Target(enum.StrEnum):
    """What the options were taken from when the round opened."""

    AGGREGATE = "aggregate"  # a theme's combined list
    IDEAS = "ideas"          # a brainstorm question's ideas
    CLUSTERS = "clusters"    # a brainstorm question's sub-themes


class VoteRound(db.Model):
    __tablename__ = "vote_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(sa.ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)
    mode: Mapped[Mode] = mapped_column(enum_column(Mode))
    target: Mapped[Target] = mapped_column(enum_column(Target), default=Target.AGGREGATE)
    state: Mapped[RoundState] = mapped_column(enum_column(RoundState), default=RoundState.OPEN)
    # K: dots to spread, options to approve, or places to rank.
    budget: Mapped[int] = mapped_column()
    # M: the most dots on one option (dots only).
    per_option: Mapped[int | None] = mapped_column()
    # Moves with paper entries, opening and closing; ballots keep their own versions.
    version: Mapped[int] = mapped_column(default=1)
    opened_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    theme: Mapped[Theme] = relationship(lazy="raise_on_sql")
    options: Mapped[list[VoteOption]] = relationship(
        back_populates="round", order_by="VoteOption.position", cascade="all, delete-orphan",
        lazy="raise_on_sql",
    )

    __table_args__ = (
        sa.CheckConstraint("budget BETWEEN 1 AND 50", name="budget_range"),
        sa.CheckConstraint("per_option IS NULL OR per_option BETWEEN 1 AND budget",
                           name="per_option_range"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
        # One open round per theme, on SQLite and PostgreSQL alike.
        sa.Index("uq_vote_rounds_open_theme", "theme_id", unique=True,
                 sqlite_where=sa.text("state = 'open'"),
                 postgresql_where=sa.text("state = 'open'")),
    )

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN


class VoteOption(db.Model):
    """One option of a round: its title as it was when the round opened, and where it came
    from (merges, edits or a hidden idea during the round cannot change a ballot)."""

    __tablename__ = "vote_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vote_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(280))
    aggregate_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("aggregate_items.id", ondelete="SET NULL"))
    idea_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ideas.id", ondelete="SET NULL"))
    cluster_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="SET NULL"))
    # The count of a paper or wall vote, typed in by the facilitator.
    paper: Mapped[int] = mapped_column(default=0)

    round: Mapped[VoteRound] = relationship(back_populates="options")

    __table_args__ = (
        sa.UniqueConstraint("round_id", "position"),
        sa.CheckConstraint("paper >= 0", name="paper_not_negative"),
    )

    @property
    def source_id(self) -> int | None:
        """The id of what this option was made from (aggregate item, idea or cluster)."""
        return self.aggregate_id or self.idea_id or self.cluster_id


class VoteBallot(db.Model):
    """A participant's ballot in one round, changed until the round closes."""

    __tablename__ = "vote_ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("vote_rounds.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    # Bumped by every change, so that live results know when to refresh.
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("round_id", "participant_id"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )


class VoteMark(db.Model):
    """Dots or an approval (``count``) on one option, or its place on a ranked ballot."""

    __tablename__ = "vote_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(sa.ForeignKey("vote_ballots.id", ondelete="CASCADE"))
    option_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vote_options.id", ondelete="CASCADE"), index=True)
    count: Mapped[int] = mapped_column(default=1)
    rank: Mapped[int | None] = mapped_column()

    __table_args__ = (
        sa.UniqueConstraint("ballot_id", "option_id"),
        sa.UniqueConstraint("ballot_id", "rank"),  # NULLs are distinct: dots have none
        sa.CheckConstraint("count BETWEEN 1 AND 50", name="count_range"),
        sa.CheckConstraint("rank IS NULL OR rank >= 1", name="rank_positive"),
    )
