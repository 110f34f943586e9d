"""Membership services: invite, accept, change role, remove."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.auth import services as accounts
from app.auth.models import User
from app.core.database import utcnow
from app.core.errors import DomainError
from app.core.tokens import new_token, token_hash
from app.extensions import db
from app.mail.services import render_mail, send_after_commit
from app.organisations.forms import ROLE_LABELS
from app.organisations.models import Invitation, Level, Membership, Organisation, Role

INVITATION_MAX_AGE = 14 * 24 * 3600


class AlreadyMember(DomainError):
    status = 409
    message = _l("This person is already a member of the organisation.")


class WrongAccount(DomainError):
    status = 403
    message = _l("This invitation was sent to another e-mail address. Sign in with the "
                 "account of that address to accept it.")


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


def invite(actor: Any, organisation: Organisation, email: str, role: Role) -> Invitation:
    """Send *email* an invitation to join *organisation* with *role*.

    The answer is the same whether or not an account exists for the address: the link goes
    only to the address, and whoever holds it accepts (an existing account after signing
    in). Inviting an address again sends a new link; the old one stops working.
    """
    email = accounts.normalise_email(email)
    member = db.session.scalar(
        sa.select(Membership.id).join(User)
        .where(Membership.organisation_id == organisation.id, User.email == email))
    if member:
        raise AlreadyMember()
    invitation = db.session.scalar(sa.select(Invitation).where(
        Invitation.organisation_id == organisation.id, Invitation.email == email))
    if invitation is None:
        invitation = Invitation(organisation=organisation, email=email)
        db.session.add(invitation)
    token = new_token()
    invitation.role = role
    invitation.invited_by_id = getattr(actor, "id", None)
    invitation.token_hash = token_hash(token)
    invitation.created_at = utcnow()
    invitation.expires_at = utcnow() + timedelta(seconds=INVITATION_MAX_AGE)
    db.session.flush()
    account = accounts.find_user(email)
    send_after_commit(render_mail(
        email, "organisations/mail/invitation.txt", account.locale if account else None,
        organisation=organisation, role_label=ROLE_LABELS[role], inviter=actor,
        link=url_for("organisations.invitation", token=token, _external=True),
        days=INVITATION_MAX_AGE // 86400,
    ))
    record(actor, "invitation.sent", invitation, after={"email": email, "role": role.value})
    return invitation


def pending_invitations(organisation: Organisation) -> list[Invitation]:
    return list(db.session.scalars(
        sa.select(Invitation).where(Invitation.organisation_id == organisation.id)
        .order_by(Invitation.created_at.desc())))


def cancel_invitation(actor: Any, invitation: Invitation) -> None:
    record(actor, "invitation.cancelled", invitation, before={"email": invitation.email})
    db.session.delete(invitation)


def invitation_from_token(token: str, lock: bool = False) -> Invitation | None:
    """The unexpired invitation a link is for (None once it is accepted, cancelled or old).

    With *lock* (an answer to it) the row stays locked until the commit: of parallel
    answers one goes through and the others find the invitation used (PostgreSQL; SQLite
    serialises writers anyway)."""
    query = sa.select(Invitation).where(
        Invitation.token_hash == token_hash(token), Invitation.expires_at > utcnow())
    return db.session.scalar(query.with_for_update(of=Invitation) if lock else query)


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """*user*, the holder of the invited address, joins the organisation."""
    if user.email != invitation.email:
        raise WrongAccount()
    membership = db.session.scalar(sa.select(Membership).where(
        Membership.organisation_id == invitation.organisation_id,
        Membership.user_id == user.id))
    if membership is None:
        membership = add_membership(user, invitation.organisation, user, invitation.role)
    record(user, "invitation.accepted", invitation, after={"role": invitation.role.value})
    db.session.delete(invitation)
    return membership


def accept_with_new_account(invitation: Invitation, display_name: str,
                            password: str) -> User:
    """Create the account of an invited address that has none yet, and join. Receiving the
    link proves the address, so the account is ready to use."""
    if accounts.find_user(invitation.email) is not None:
        raise WrongAccount()
    user = accounts.create_user(invitation.email, display_name, password)
    accept_invitation(invitation, user)
    return user


def decline_invitation(invitation: Invitation) -> None:
    record(None, "invitation.declined", invitation, before={"email": invitation.email})
    db.session.delete(invitation)


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
