"""A session's groups: add, rename, delete while empty, reorder, and make many at once."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.auth.models import User
from app.core.errors import DomainError
from app.extensions import db
from app.groupwork.models import Submission
from app.sessions.models import Group, Participant, Session
from app.sessions.services import touch
from app.sessions.setup import reposition, require_setup_stage

NAME_MAX = 80


class NoGroupsHere(DomainError):
    status = 409
    message = _l("A brainstorm has no groups.")


class GroupInUse(DomainError):
    status = 409
    message = _l("This group has participants or answers, so it cannot be deleted. "
                 "Move its participants to other groups first.")


class GroupNameTaken(DomainError):
    status = 422
    message = _l("The session already has a group with this name.")


def _groups(session: Session) -> list[Group]:
    return list(db.session.scalars(sa.select(Group).where(Group.session_id == session.id)))


def _check_writable(session: Session) -> None:
    require_setup_stage(session)
    if not session.uses_groups:
        raise NoGroupsHere()


def _check_name(session: Session, name: str, group: Group | None = None) -> None:
    taken = {g.name.casefold() for g in _groups(session) if g is not group}
    if name.casefold() in taken:
        raise GroupNameTaken()


def _audit(by: User, action: str, session: Session, group: Group, **changes: object) -> None:
    record(by, action, group, organisation_id=session.organisation_id, **changes)


def add_group(session: Session, by: User, name: str) -> Group:
    _check_writable(session)
    name = name.strip()
    _check_name(session, name)
    position = max((g.position for g in _groups(session)), default=-1) + 1
    group = Group(session_id=session.id, name=name, position=position)
    db.session.add(group)
    db.session.flush()
    touch(session)
    _audit(by, "group.created", session, group, after={"name": name})
    return group


def make_groups(session: Session, by: User, count: int) -> list[Group]:
    """Add *count* groups named "Group N" in the session's language, numbering on."""
    _check_writable(session)
    existing = _groups(session)
    taken = {g.name.casefold() for g in existing}
    position = max((g.position for g in existing), default=-1) + 1
    number = len(existing)
    created: list[Group] = []
    with force_locale(session.language):
        while len(created) < count:
            number += 1
            name = _("Group %(n)s", n=number)
            if name.casefold() in taken:
                continue
            created.append(Group(session_id=session.id, name=name, position=position))
            position += 1
    db.session.add_all(created)
    db.session.flush()
    touch(session)
    record(by, "groups.created", session, after={"names": [g.name for g in created]})
    return created


def rename_group(session: Session, group: Group, by: User, name: str) -> None:
    _check_writable(session)
    name = name.strip()
    if name == group.name:
        return
    _check_name(session, name, group)
    _audit(by, "group.renamed", session, group, before={"name": group.name},
           after={"name": name})
    group.name = name
    touch(session)
    db.session.flush()


def in_use(group: Group) -> bool:
    return db.session.scalar(sa.select(
        sa.exists().where(Participant.group_id == group.id)
        | sa.exists().where(Submission.group_id == group.id)
    ))


def delete_group(session: Session, group: Group, by: User) -> None:
    """Delete a group that has no participants and no answers (409 otherwise)."""
    _check_writable(session)
    if in_use(group):
        raise GroupInUse()
    _audit(by, "group.deleted", session, group, before={"name": group.name})
    db.session.delete(group)
    touch(session)
    db.session.flush()


def move_group(session: Session, group: Group, offset: int) -> None:
    _check_writable(session)
    if reposition(_groups(session), group, offset):
        touch(session)
    db.session.flush()
