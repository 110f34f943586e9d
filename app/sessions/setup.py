"""Preparing a session: its details, the rules of when setup may change, and copying a
session as a template.

Setup (details, themes, background items, groups) can change while the session is
being prepared (``draft``) and while it is ``open`` for group work; from ``voting``
on it is frozen so that what the groups answered stays what they saw. Every setup
write calls :func:`require_setup_stage`; routes lock the session row first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.auth.models import User
from app.core.errors import DomainError
from app.extensions import db
from app.organisations.models import Organisation
from app.sessions.errors import StageClosed
from app.sessions.labels import stage_label
from app.sessions.lookups import themes_of
from app.sessions.models import (
    BackgroundItem,
    Group,
    ResultsVisibility,
    Session,
    SessionKind,
    Stage,
    Theme,
)
from app.sessions.services import create_session, touch

SETUP_STAGES = (Stage.DRAFT, Stage.OPEN)
TITLE_MAX = 200


class SetupLocked(StageClosed):
    message = _l("The session's setup can no longer be changed at this stage.")


class KindLocked(DomainError):
    status = 409
    message = _l("The kind of session can be changed only while it is being prepared.")


def require_setup_stage(session: Session) -> None:
    """Refuse a setup change unless the session is being prepared or open (409)."""
    if session.stage not in SETUP_STAGES:
        raise SetupLocked(_(
            "The session is at the stage “%(stage)s”: its setup can no longer be changed.",
            stage=stage_label(session.stage)))


class Positioned(Protocol):
    id: int
    position: int


def reposition(rows: Sequence[Positioned], moving: Positioned, offset: int) -> bool:
    """Swap *moving* with its neighbour (offset −1 up, +1 down) and number all 0..n−1.

    Returns False (changing nothing) when it is already first or last.
    """
    ordered = sorted(rows, key=lambda row: (row.position, row.id))
    index = next(i for i, row in enumerate(ordered) if row.id == moving.id)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, row in enumerate(ordered):
        row.position = position
    return True


def new_session(organisation: Organisation, by: User, fields: dict[str, Any]) -> Session:
    """Create a session in ``draft`` from the form's fields."""
    session = create_session(
        organisation, by, fields["title"], SessionKind(fields["kind"]),
        description=fields["description"], language=fields["language"],
        scheduled_at=fields["scheduled_at"], results_visibility=fields["results_visibility"],
        meeting_url=fields["meeting_url"],
    )
    session.max_participants = fields["max_participants"]
    db.session.flush()
    return session


def _audit_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value.value if hasattr(value, "value") else value


def update_session(session: Session, by: User, fields: dict[str, Any]) -> None:
    """Change the session's details; the audit log keeps what changed from what."""
    require_setup_stage(session)
    if "kind" in fields:
        fields = {**fields, "kind": SessionKind(fields["kind"])}
        if fields["kind"] != session.kind and session.stage != Stage.DRAFT:
            raise KindLocked()
    before, after = {}, {}
    for name, value in fields.items():
        if getattr(session, name) != value:
            before[name] = _audit_value(getattr(session, name))
            after[name] = _audit_value(value)
            setattr(session, name, value)
    if after:
        touch(session)
        record(by, "session.edited", session, before=before, after=after)
    db.session.flush()


def duplicate_session(source: Session, by: User) -> Session:
    """A new draft with the source's details, themes, background items and groups.

    Participants, priorities, ideas, the join code, the time and the meeting link are
    not copied.
    """
    themes = themes_of(source.id, with_items=True)
    groups = db.session.scalars(
        sa.select(Group).where(Group.session_id == source.id).order_by(Group.position, Group.id)
    ).all()
    title = _("Copy of %(title)s", title=source.title)
    copy = create_session(
        source.organisation, by, title[:TITLE_MAX], source.kind,
        description=source.description, language=source.language,
        results_visibility=ResultsVisibility(source.results_visibility),
    )
    copy.max_participants = source.max_participants
    for theme in themes:
        new_theme = Theme(session_id=copy.id, title=theme.title, prompt=theme.prompt,
                          picks=theme.picks, position=theme.position,
                          is_current=theme.is_current)
        new_theme.items = [BackgroundItem(text=item.text, source=item.source,
                                          position=item.position) for item in theme.items]
        db.session.add(new_theme)
    db.session.add_all(Group(session_id=copy.id, name=group.name, position=group.position)
                       for group in groups)
    db.session.flush()
    record(by, "session.duplicated", copy, before={"source_id": source.id},
           after={"themes": len(themes), "groups": len(groups)})
    return copy
