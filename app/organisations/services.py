"""Membership services: add, invite, change role, remove."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.auth import services as accounts
from app.auth.models import User
from app.core.errors import DomainError
from app.extensions import db
from app.organisations.models import Level, Membership, Organisation, Role


class AlreadyMember(DomainError):
    status = 409
    message = _l("This person is already a member of the organisation.")


class LastAdmin(DomainError):
    status = 409
    message = _l("The organisation must keep at least one admin.")


def create_organisation(name: str, slug: str, level: Level) -> Organisation:
    organisation = Organisation(name=name, slug=slug, level=level)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def members(organisation: Organisation) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(User)
            .where(Membership.organisation_id == organisation.id)
            .order_by(sa.func.lower(User.display_name), User.email)
        )
    )


def add_membership(actor: Any, organisation: Organisation, user: User, role: Role) -> Membership:
    exists = db.session.scalar(
        sa.select(Membership.id).where(
            Membership.organisation_id == organisation.id, Membership.user_id == user.id
        )
    )
    if exists:
        raise AlreadyMember()
    membership = Membership(organisation=organisation, user=user, role=role)
    db.session.add(membership)
    db.session.flush()
    record(actor, "membership.added", membership, after={"user": user.email, "role": role.value},
           organisation_id=organisation.id)
    return membership


def invite_member(
    actor: Any, organisation: Organisation, email: str, display_name: str, role: Role
) -> tuple[Membership, str | None]:
    """Add *email* to the organisation, creating the account if needed.

    Returns the membership and, for a new account, the invitation token with
    which its owner chooses a password.
    """
    user = accounts.find_user(email)
    token = None
    if user is None:
        user = accounts.create_user(email, display_name)
        token = accounts.invitation_token(user)
    return add_membership(actor, organisation, user, role), token


def _admin_count(organisation: Organisation) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.organisation_id == organisation.id, Membership.role == Role.ADMIN
        )
    ) or 0


def change_role(actor: Any, membership: Membership, role: Role) -> None:
    before = membership.role
    if before == Role.ADMIN and role != Role.ADMIN and _admin_count(membership.organisation) <= 1:
        raise LastAdmin()
    membership.role = role
    record(actor, "membership.role_changed", membership, before={"role": before.value},
           after={"role": role.value})


def remove_member(actor: Any, membership: Membership) -> None:
    if membership.role == Role.ADMIN and _admin_count(membership.organisation) <= 1:
        raise LastAdmin()
    record(actor, "membership.removed", membership,
           before={"user": membership.user.email, "role": membership.role.value})
    db.session.delete(membership)
