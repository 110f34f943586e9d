"""The one place that decides who may see or manage an organisation."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from app.auth.models import User
from app.extensions import db
from app.organisations.models import Invitation, Membership, Organisation, Role


def role_in(user: User, organisation: Organisation) -> Role | None:
    for membership in user.memberships:
        if membership.organisation_id == organisation.id:
            return membership.role
    return None


def has_role(user: User, organisation: Organisation, *roles: Role) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    role = role_in(user, organisation)
    return role is not None and (not roles or role in roles)


def get_organisation_or_404(slug: str, *roles: Role) -> Organisation:
    """The organisation for a member of it (404 for outsiders, 403 for a missing role)."""
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))
    if organisation is None or not current_user.is_authenticated:
        abort(404)
    if not has_role(current_user, organisation):
        abort(404)
    if roles and not has_role(current_user, organisation, *roles):
        abort(403)
    return organisation


def get_membership_or_404(organisation: Organisation, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != organisation.id:
        abort(404)
    return membership


def get_invitation_or_404(organisation: Organisation, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    return invitation
