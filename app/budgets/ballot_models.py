"""Secret ballots: the register of who voted is kept apart from what was voted.

A :class:`Voter` row says that an account or a voting code has voted in a process. A
:class:`Ballot` carries only a keyed pseudonym of its voter (never a user id or a code), the
area, its source and the hash of the receipt the voter was shown once. Nothing links the two
tables but the server's secret key.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import UTCDateTime, enum_column, utcnow
from app.extensions import db


class BallotSource(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    IMPORTED = "imported"


class VotingCode(db.Model):
    """A one-time voting code, kept only as a keyed hash."""

    __tablename__ = "budget_voting_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        sa.ForeignKey("budget_processes.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Which sheet it was printed on (staff print a batch at a time).
    batch: Mapped[int] = mapped_column(default=1)
    used: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Voter(db.Model):
    """The register: one row per account or code that has voted in a process."""

    __tablename__ = "budget_voters"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        sa.ForeignKey("budget_processes.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    code_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("budget_voting_codes.id", ondelete="CASCADE"), unique=True
    )
    # The voter's own area, where the process asks for one (home area + one more).
    home_area_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("budget_areas.id", ondelete="SET NULL")
    )

    __table_args__ = (
        sa.UniqueConstraint("process_id", "user_id"),
        sa.CheckConstraint("(user_id IS NULL) <> (code_id IS NULL)", name="one_identity"),
    )


class Ballot(db.Model):
    """What one voter chose in one area; the voter is known only by a keyed pseudonym."""

    __tablename__ = "budget_ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(index=True)
    area_id: Mapped[int] = mapped_column(index=True)
    pseudonym: Mapped[str] = mapped_column(sa.String(64))
    source: Mapped[BallotSource] = mapped_column(enum_column(BallotSource),
                                                 default=BallotSource.ONLINE)
    # sha256 of the receipt code shown to the voter once (published on the results page).
    receipt_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    choices: Mapped[list[BallotChoice]] = relationship(
        cascade="all, delete-orphan", lazy="raise_on_sql", passive_deletes=True,
    )

    __table_args__ = (
        sa.ForeignKeyConstraint(["area_id", "process_id"],
                                ["budget_areas.id", "budget_areas.process_id"],
                                ondelete="CASCADE"),
        # One ballot per voter per area (the area rule limits the areas, under a lock).
        sa.UniqueConstraint("area_id", "pseudonym"),
        sa.UniqueConstraint("id", "area_id"),
    )


class BallotChoice(db.Model):
    """One project on a ballot; the schema refuses a project of another area."""

    __tablename__ = "budget_ballot_choices"

    ballot_id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(primary_key=True, index=True)
    area_id: Mapped[int] = mapped_column()

    __table_args__ = (
        sa.ForeignKeyConstraint(["ballot_id", "area_id"],
                                ["budget_ballots.id", "budget_ballots.area_id"],
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["proposal_id", "area_id"],
                                ["budget_proposals.id", "budget_proposals.area_id"],
                                ondelete="CASCADE"),
    )


class CountState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class CountRun(db.Model):
    """One run of the count: its progress (the page polls it) and its result."""

    __tablename__ = "budget_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        sa.ForeignKey("budget_processes.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[CountState] = mapped_column(enum_column(CountState), default=CountState.QUEUED)
    done_areas: Mapped[int] = mapped_column(default=0)
    total_areas: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(sa.Text, default="")
    # sha256 of the ballots counted (their canonical text, see counting.ballots_digest).
    ballots_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # Per area id: {"selected": [proposal ids], "cost": "123.00", "budget": "...", "rule": ...}
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("done_areas >= 0 AND done_areas <= total_areas",
                           name="progress_range"),
    )
