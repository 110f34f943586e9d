"""The combined list of a theme: aggregate items that gather the groups' priorities."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.database import UTCDateTime, utcnow
from app.extensions import db


class AggregateItem(db.Model):
    """One line of a theme's combined list: a priority, or several merged as duplicates."""

    __tablename__ = "aggregate_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(sa.ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    merged: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
