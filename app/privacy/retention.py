"""Guests' names are kept only for a while after their session closes.

Each organisation sets ``guest_retention_days`` (90 by default). ``flask privacy
purge`` (run daily) replaces the names of the guests of every session closed longer ago
than that with "Guest 1", "Guest 2"… in the session's language. Everything else stays:
the participant rows, their affiliations (the counts by affiliation), their groups and
texts. Signed-in participants keep their account's name (deleting the account removes
it). Each session is purged once (``guest_names_removed_at``), and each purge is written
to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.audit.services import record
from app.core.database import utcnow
from app.extensions import db
from app.organisations.models import Organisation
from app.privacy.placeholders import guest_name
from app.sessions.models import Participant, Session, Stage

# The schema's limit (organisations.retention_range): ten years.
MAX_RETENTION_DAYS = 3650


def set_retention(actor: object, organisation: Organisation, days: int) -> None:
    """Set how many days *organisation* keeps guests' names after a session closes."""
    before = organisation.guest_retention_days
    if days == before:
        return
    organisation.guest_retention_days = days
    record(actor, "privacy.retention_changed", organisation,
           before={"days": before}, after={"days": days}, organisation_id=organisation.id)


@dataclass(frozen=True)
class Purged:
    session_id: int
    title: str
    guests: int


def due_sessions(now: datetime) -> list[Session]:
    """Closed sessions whose guests' names are past their organisation's retention."""
    candidates = db.session.execute(
        sa.select(Session, Organisation.guest_retention_days)
        .join(Organisation, Organisation.id == Session.organisation_id)
        .where(Session.stage == Stage.CLOSED, Session.closed_at.is_not(None),
               Session.guest_names_removed_at.is_(None))
        .order_by(Session.closed_at, Session.id)
    ).all()
    return [session for session, days in candidates
            if session.closed_at <= now - timedelta(days=days)]


def remove_guest_names(session: Session, now: datetime) -> int:
    """Replace the names of *session*'s guests; returns how many there were."""
    guests = db.session.scalars(
        sa.select(Participant).where(Participant.session_id == session.id,
                                     Participant.user_id.is_(None))
        .order_by(Participant.joined_at, Participant.id)
    ).all()
    for number, guest in enumerate(guests, start=1):
        guest.display_name = guest_name(session, number)
    session.guest_names_removed_at = now
    session.touch()
    record(None, "privacy.guest_names_removed", session, after={"guests": len(guests)})
    return len(guests)


def purge_guest_names(now: datetime | None = None) -> list[Purged]:
    """Remove the guests' names of every session that is due; idempotent."""
    now = now or utcnow()
    return [Purged(session.id, session.title, remove_guest_names(session, now))
            for session in due_sessions(now)]
