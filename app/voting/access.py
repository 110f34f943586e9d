"""Loading a vote round of a session: 404 for any round of another session."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.sessions.models import Session, Theme
from app.voting.models import VoteRound


def round_or_404(session: Session, round_id: int, lock: str | None = None) -> VoteRound:
    """The round with its options. ``lock="share"`` for a vote (the close waits for it),
    ``lock="update"`` for closing it or typing in paper counts."""
    query = (sa.select(VoteRound).join(Theme, Theme.id == VoteRound.theme_id)
             .where(VoteRound.id == round_id, Theme.session_id == session.id)
             .options(selectinload(VoteRound.options)))
    if lock is not None:
        query = query.with_for_update(read=lock == "share", of=VoteRound)
    found = db.session.scalar(query)
    if found is None:
        abort(404)
    return found
