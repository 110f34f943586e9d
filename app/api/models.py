"""Personal read-only API tokens, stored only as keyed hashes."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.database import UTCDateTime, utcnow
from app.extensions import db

TOKEN_NAME_MAX = 80


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # What the holder calls it ("Power BI report"), to tell their tokens apart.
    name: Mapped[str] = mapped_column(sa.String(TOKEN_NAME_MAX), default="", server_default="")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the API last answered a request with it (written at most once an hour).
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
