"""An organisation's brand: its colour and logo, one row per organisation that has one."""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.core.database import UTCDateTime, utcnow
from app.extensions import db
from app.organisations.models import Organisation

LOGO_TYPE = "image/png"  # every upload is re-encoded as PNG


class Brand(db.Model):
    __tablename__ = "organisation_brands"
    __table_args__ = (
        sa.CheckConstraint("colour IS NULL OR length(colour) = 7", name="colour_hex"),
        sa.CheckConstraint("(logo IS NULL) = (logo_hash IS NULL)", name="logo_with_hash"),
    )

    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    colour: Mapped[str | None] = mapped_column(sa.String(7))
    # The logo's bytes are read only when the logo itself is served.
    logo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    logo_hash: Mapped[str | None] = mapped_column(sa.String(64))
    logo_width: Mapped[int | None]
    logo_height: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # Loaded with the organisation (a session's organisation is joined already), so a
    # branded page costs no extra query.
    organisation: Mapped[Organisation] = relationship(
        backref=backref("brand", lazy="joined", uselist=False, cascade="all, delete-orphan")
    )

    @property
    def version(self) -> str:
        """Changes whenever what the brand shows changes (cache-busting and ETags)."""
        seed = f"{self.colour or ''}:{self.logo_hash or ''}"
        return hashlib.sha256(seed.encode()).hexdigest()[:16]

    def __repr__(self) -> str:
        return f"<Brand {self.organisation_id} {self.colour}>"
