"""Brainstorms: short ideas under a theme's question, supports, and clusters."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import UTCDateTime, utcnow
from app.extensions import db
from app.sessions.models import Participant


class Cluster(db.Model):
    """A sub-theme the facilitator groups ideas under (e.g. "elderly")."""

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(sa.ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)


class Idea(db.Model):
    __tablename__ = "ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(sa.ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL")
    )
    cluster_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(sa.String(280))
    hidden_reason: Mapped[str | None] = mapped_column(sa.String(280))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant | None] = relationship()
    cluster: Mapped[Cluster | None] = relationship()

    @property
    def hidden(self) -> bool:
        return self.hidden_reason is not None


class Support(db.Model):
    """One participant supports one idea, at most once (the database says so)."""

    __tablename__ = "supports"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("ideas.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("idea_id", "participant_id"),)
