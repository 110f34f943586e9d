"""What the privacy notice reads from the database: each organisation's retention period."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.organisations.models import Organisation


def retention_periods() -> list[tuple[str, int]]:
    """(organisation name, days guests' names are kept), by name."""
    return list(db.session.execute(
        sa.select(Organisation.name, Organisation.guest_retention_days)
        .order_by(Organisation.name)).tuples())
