"""Who may read a session's memo and exports: its facilitators any time, everyone once
the session shows its results (as the API); before that, 403 for those who know the
session exists and 404 for everyone else."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.exports.results import is_public
from app.extensions import db
from app.organisations.access import has_role
from app.sessions.access import can_facilitate, current_participant, sign_in_first
from app.sessions.models import Session


def export_session_or_404(session_id: int) -> tuple[Session, bool]:
    """The session and whether the reader facilitates it."""
    session = db.session.get(Session, session_id)
    if session is None:
        abort(404)
    if can_facilitate(session):
        return session, True
    if is_public(session):
        return session, False
    if current_participant(session.id) is not None or has_role(current_user,
                                                               session.organisation):
        abort(403)
    sign_in_first()
    abort(404)
