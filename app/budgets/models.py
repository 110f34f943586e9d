"""Participatory budgeting: a process, its areas, proposals and their implementation updates.

Ballots, the voter register, voting codes and counts live in :mod:`app.budgets.ballot_models`.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import UTCDateTime, enum_column, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.organisations.models import Organisation

#: Money: euros with cents, up to a hundred billion.
Money = sa.Numeric(14, 2)
MAX_MONEY = Decimal("100000000000")


class Phase(enum.StrEnum):
    DRAFT = "draft"
    PROPOSALS = "proposals"
    REVIEW = "review"
    VOTING = "voting"
    COUNTING = "counting"
    FINISHED = "finished"


PHASES = tuple(Phase)


class AreaRule(enum.StrEnum):
    """In which areas one voter may vote (a city-wide area can always be added)."""

    EVERY = "every"                  # every area
    ONE = "one"                      # one area of the voter's choice
    HOME_PLUS_ONE = "home_plus_one"  # the home area and one more of free choice


class CountingRule(enum.StrEnum):
    GREEDY = "greedy"
    MES = "mes"


class Utility(enum.StrEnum):
    COST = "cost"
    CARDINALITY = "cardinality"


class Completion(enum.StrEnum):
    NONE = "none"
    GREEDY = "greedy"
    ADD1 = "add1"
    ADD1_GREEDY = "add1-greedy"


class ProposalStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    FEASIBLE = "feasible"
    UNFEASIBLE = "unfeasible"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"


#: Statuses whose proposals are on the ballot (and later in the count).
ON_BALLOT = (ProposalStatus.FEASIBLE, ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED)


class ImplementationState(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class BudgetProcess(db.Model):
    __tablename__ = "budget_processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    phase: Mapped[Phase] = mapped_column(enum_column(Phase), default=Phase.DRAFT)
    area_rule: Mapped[AreaRule] = mapped_column(enum_column(AreaRule), default=AreaRule.EVERY)
    # Who may vote: accounts that declare eligibility, one-time codes, paper ballots.
    allow_accounts: Mapped[bool] = mapped_column(default=True)
    allow_codes: Mapped[bool] = mapped_column(default=False)
    allow_paper: Mapped[bool] = mapped_column(default=True)
    # The dates each phase starts (shown on the public page).
    proposals_start: Mapped[date | None] = mapped_column(sa.Date)
    review_start: Mapped[date | None] = mapped_column(sa.Date)
    voting_start: Mapped[date | None] = mapped_column(sa.Date)
    voting_end: Mapped[date | None] = mapped_column(sa.Date)
    results_date: Mapped[date | None] = mapped_column(sa.Date)
    # Imported from a Pabulib file (ballots are anonymous rows with no register).
    imported: Mapped[bool] = mapped_column(default=False)
    # Bumped by every change the public pages show (polls use it as an ETag).
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    areas: Mapped[list[Area]] = relationship(
        back_populates="process", order_by="Area.position, Area.id",
        cascade="all, delete-orphan", lazy="raise_on_sql",
    )

    __table_args__ = (sa.CheckConstraint("version >= 1", name="version_positive"),)

    def touch(self) -> None:
        self.version = BudgetProcess.version + 1


class Area(db.Model):
    """A part of the process with its own budget, ballot rules and counting rule."""

    __tablename__ = "budget_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        sa.ForeignKey("budget_processes.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # A city-wide area can be voted in on top of what the area rule allows.
    citywide: Mapped[bool] = mapped_column(default=False)
    budget: Mapped[Decimal] = mapped_column(Money)
    min_projects: Mapped[int] = mapped_column(default=1)
    max_projects: Mapped[int | None] = mapped_column()
    # "Use at least N % of the budget" (optional).
    min_share_percent: Mapped[int | None] = mapped_column()
    rule: Mapped[CountingRule] = mapped_column(enum_column(CountingRule),
                                               default=CountingRule.MES)
    utility: Mapped[Utility] = mapped_column(enum_column(Utility), default=Utility.COST)
    completion: Mapped[Completion] = mapped_column(enum_column(Completion),
                                                   default=Completion.ADD1_GREEDY)
    threshold_votes: Mapped[int | None] = mapped_column()
    threshold_percent: Mapped[int | None] = mapped_column()

    process: Mapped[BudgetProcess] = relationship(back_populates="areas")

    __table_args__ = (
        sa.UniqueConstraint("id", "process_id"),
        sa.CheckConstraint(f"budget > 0 AND budget < {MAX_MONEY}", name="budget_range"),
        sa.CheckConstraint("min_projects >= 0", name="min_projects_range"),
        sa.CheckConstraint("max_projects IS NULL OR max_projects >= min_projects",
                           name="max_projects_range"),
        sa.CheckConstraint("min_share_percent IS NULL OR min_share_percent BETWEEN 0 AND 100",
                           name="min_share_range"),
        sa.CheckConstraint("threshold_votes IS NULL OR threshold_votes >= 0",
                           name="threshold_votes_range"),
        sa.CheckConstraint("threshold_percent IS NULL OR threshold_percent BETWEEN 0 AND 100",
                           name="threshold_percent_range"),
        # Thresholds and Add1 belong to one rule each, as app.tally counts them.
        sa.CheckConstraint(
            "rule = 'greedy' OR (threshold_votes IS NULL AND threshold_percent IS NULL)",
            name="threshold_greedy_only"),
        sa.CheckConstraint("rule = 'mes' OR completion IN ('none', 'greedy')",
                           name="completion_fits_rule"),
    )

    def rule_settings(self) -> dict[str, Any]:
        """The arguments of :func:`app.tally.count` for this area."""
        return {
            "rule": self.rule.value, "utility": self.utility.value,
            "completion": self.completion.value, "threshold_votes": self.threshold_votes,
            "threshold_percent": self.threshold_percent,
        }


class Proposal(db.Model):
    """A project residents can fund: from a resident, staff or a workshop's priority."""

    __tablename__ = "budget_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        sa.ForeignKey("budget_processes.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    cost: Mapped[Decimal] = mapped_column(Money)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[ProposalStatus] = mapped_column(enum_column(ProposalStatus),
                                                   default=ProposalStatus.SUBMITTED)
    public_answer: Mapped[str] = mapped_column(sa.Text, default="")
    staff_notes: Mapped[str] = mapped_column(sa.Text, default="")
    # The project id in the Pabulib file it was imported from.
    external_id: Mapped[str | None] = mapped_column(sa.String(64))
    # Provenance: the workshop priority or combined-list item it was promoted from, and a
    # copy of what the groups wrote (session, groups, ranks, reasoning) as it was then.
    source_session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    source_priority_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("priorities.id", ondelete="SET NULL")
    )
    source_aggregate_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("aggregate_items.id", ondelete="SET NULL")
    )
    provenance: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    area: Mapped[Area] = relationship(lazy="joined")
    updates: Mapped[list[StatusUpdate]] = relationship(
        back_populates="proposal", order_by="StatusUpdate.day, StatusUpdate.id",
        cascade="all, delete-orphan", lazy="raise_on_sql",
    )

    __table_args__ = (
        # The area belongs to the same process; a ballot choice names (proposal, area).
        sa.ForeignKeyConstraint(["area_id", "process_id"],
                                ["budget_areas.id", "budget_areas.process_id"],
                                ondelete="CASCADE"),
        sa.UniqueConstraint("id", "area_id"),
        sa.CheckConstraint(f"cost > 0 AND cost < {MAX_MONEY}", name="cost_range"),
    )

    @property
    def on_ballot(self) -> bool:
        return self.status in ON_BALLOT


class StatusUpdate(db.Model):
    """A dated public note on how a selected project is being carried out."""

    __tablename__ = "budget_status_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("budget_proposals.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[ImplementationState] = mapped_column(enum_column(ImplementationState))
    day: Mapped[date] = mapped_column(sa.Date)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="updates")
