"""The versions behind the ETags of the facilitator's live views (app/core/live.py),
each read in one query."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import get_locale

from app.core.live import etag
from app.extensions import db
from app.groupwork.models import Submission
from app.sessions.lookups import current_theme_id_query
from app.sessions.models import Group, Participant, Session, Theme


def board_tag(session: Session) -> str:
    """The dashboard shows every group's members and progress, and who has joined: its
    version is the session's plus the sums of its groups' and lists' versions and the
    participants' count and newest id. A save moves it, but writes only its own group's
    rows (no row that every group's save would queue on)."""
    sid = session.id
    people = (sa.select(sa.func.count(Participant.id), sa.func.max(Participant.id))
              .where(Participant.session_id == sid).subquery())
    groups = (sa.select(sa.func.sum(Group.version)).where(Group.session_id == sid)
              .scalar_subquery())
    lists = (sa.select(sa.func.sum(Submission.version))
             .join(Theme, Theme.id == Submission.theme_id).where(Theme.session_id == sid)
             .scalar_subquery())
    counted, newest, group_sum, list_sum = db.session.execute(
        sa.select(*people.c, groups, lists)).one()
    return etag(session.version, "board", counted, newest, group_sum, list_sum, get_locale())


def projector_tag(session: Session, *view: object) -> str:
    """The projector shows the current theme and whether anyone has joined yet (its join
    box shrinks then): the session's version, that theme's and one yes or no."""
    joined = sa.exists().where(Participant.session_id == session.id)
    row = db.session.execute(
        sa.select(Theme.id, Theme.version, joined)
        .where(Theme.id == current_theme_id_query(session.id).scalar_subquery())).first()
    if row is None:
        return theme_tag(session, None, None, anyone_joined(session), *view)
    return theme_tag(session, row.id, row.version, bool(row[2]), *view)


def anyone_joined(session: Session) -> bool:
    return bool(db.session.scalar(
        sa.select(sa.exists().where(Participant.session_id == session.id))))


def theme_tag(session: Session, theme_id: int | None, version: int | None, joined: bool,
              *view: object) -> str:
    return etag(session.version, "projector", theme_id, version, joined, *view, get_locale())
