"""What the facilitator's pages show, read in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.auth.models import User
from app.brainstorm.models import Idea
from app.extensions import db
from app.groupwork.models import Priority, Submission
from app.organisations.models import Organisation
from app.sessions.access import FACILITATING_ROLES
from app.sessions.lookups import themes_of
from app.sessions.models import Group, Participant, Session, Theme


def facilitated_organisations(user: User) -> list[Organisation]:
    """The organisations whose sessions *user* may run (every one for a superuser)."""
    if user.is_superuser:
        return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.name)))
    organisations = [m.organisation for m in user.memberships if m.role in FACILITATING_ROLES]
    return sorted(organisations, key=lambda org: org.name.casefold())


def _newest_first(session: Session) -> tuple[bool, datetime, int]:
    moment = session.scheduled_at or session.created_at
    return (session.scheduled_at is not None, moment, session.id)


def sessions_by_organisation(
    organisations: list[Organisation],
) -> list[tuple[Organisation, list[Session]]]:
    """Each organisation with its sessions, the latest scheduled first, undated last."""
    sessions = db.session.scalars(
        sa.select(Session).where(Session.organisation_id.in_([o.id for o in organisations]))
    ).all()
    by_org: dict[int, list[Session]] = {org.id: [] for org in organisations}
    for session in sessions:
        by_org[session.organisation_id].append(session)
    return [(org, sorted(by_org[org.id], key=_newest_first, reverse=True))
            for org in organisations]


@dataclass
class SetupView:
    """A session's themes (with items) and groups, and what each one already has."""

    themes: list[Theme]
    groups: list[Group]
    members: dict[int, int] = field(default_factory=dict)  # group id → participants
    groups_with_answers: set[int] = field(default_factory=set)
    themes_with_priorities: set[int] = field(default_factory=set)
    themes_with_answers: set[int] = field(default_factory=set)

    @property
    def current_theme(self) -> Theme | None:
        return next((t for t in self.themes if t.is_current), None)

    @property
    def sources(self) -> list[str]:
        """The source labels already used in the session, for the datalist."""
        seen = {item.source for theme in self.themes for item in theme.items if item.source}
        return sorted(seen, key=str.casefold)

    def group_in_use(self, group: Group) -> bool:
        return bool(self.members.get(group.id)) or group.id in self.groups_with_answers


def load_setup(session: Session) -> SetupView:
    themes = themes_of(session.id, with_items=True)
    groups = list(db.session.scalars(
        sa.select(Group).where(Group.session_id == session.id)
        .order_by(Group.position, Group.id)
    ))
    view = SetupView(themes, groups)
    view.members = dict(db.session.execute(
        sa.select(Participant.group_id, sa.func.count(Participant.id))
        .where(Participant.session_id == session.id, Participant.group_id.is_not(None))
        .group_by(Participant.group_id)
    ).all())
    answered = db.session.execute(
        sa.select(Submission.group_id, Submission.theme_id,
                  sa.exists().where(Priority.submission_id == Submission.id))
        .join(Theme, Theme.id == Submission.theme_id)
        .where(Theme.session_id == session.id)
    ).all()
    for group_id, theme_id, with_priorities in answered:
        view.groups_with_answers.add(group_id)
        view.themes_with_answers.add(theme_id)
        if with_priorities:
            view.themes_with_priorities.add(theme_id)
    view.themes_with_answers.update(db.session.scalars(
        sa.select(Idea.theme_id).distinct().join(Theme, Theme.id == Idea.theme_id)
        .where(Theme.session_id == session.id)
    ))
    return view

