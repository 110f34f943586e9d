"""A user's data rights: everything stored about their account, and deleting it.

:func:`export_user_data` gathers what the database holds about an account as one
JSON-ready document; :func:`delete_account` removes the account. A feature that stores
more about a user (votes, comments, PB proposals) adds it to both.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from app.api.models import ApiToken
from app.audit.models import AuditEntry
from app.audit.services import record
from app.auth.models import SignIn, User
from app.brainstorm.models import Idea, Support
from app.core.errors import DomainError
from app.core.tokens import new_token, token_hash
from app.extensions import db
from app.groupwork.models import Priority, PriorityReplacement, Submission
from app.organisations.models import Membership, Organisation, Role
from app.privacy.budgets import budget_data, detach_budgets
from app.privacy.comments import comment_data, detach_comments
from app.privacy.placeholders import deleted_user_name
from app.sessions.models import Group, Participant, Session, Theme
from app.voting.models import VoteBallot, VoteMark, VoteOption, VoteRound


class LastAdmin(DomainError):
    """The account is the only admin of an organisation, which would be left unmanaged."""

    status = 409

    def __init__(self, organisations: list[str]) -> None:
        super().__init__(_l(
            "You are the only admin of %(organisations)s. Make another member an admin there "
            "first, then delete your account.", organisations=", ".join(organisations)))
        self.organisations = organisations


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# --- what is stored -----------------------------------------------------------------


def _participation(user: User) -> list[dict[str, Any]]:
    """Each session the user took part in, with their own texts in it."""
    participants = db.session.execute(
        sa.select(Participant, Session, Group.name)
        .join(Session, Session.id == Participant.session_id)
        .outerjoin(Group, Group.id == Participant.group_id)
        .where(Participant.user_id == user.id).order_by(Participant.joined_at)
    ).all()
    ids = [participant.id for participant, _, _ in participants]
    ideas = db.session.scalars(sa.select(Idea).where(Idea.participant_id.in_(ids))
                               .order_by(Idea.created_at)).all()
    supports = db.session.execute(
        sa.select(Support.participant_id, Idea.text).join(Idea, Idea.id == Support.idea_id)
        .where(Support.participant_id.in_(ids)).order_by(Support.created_at)).all()
    edited = db.session.execute(
        sa.select(Priority, Theme.title).join(Submission, Submission.id == Priority.submission_id)
        .join(Theme, Theme.id == Submission.theme_id)
        .where(Priority.last_editor_id.in_(ids)).order_by(Priority.id)).all()
    replaced = db.session.execute(
        sa.select(PriorityReplacement, Theme.title, Priority.rank)
        .join(Priority, Priority.id == PriorityReplacement.priority_id)
        .join(Submission, Submission.id == Priority.submission_id)
        .join(Theme, Theme.id == Submission.theme_id)
        .where(PriorityReplacement.editor_id.in_(ids)).order_by(PriorityReplacement.id)).all()
    marks = db.session.execute(
        sa.select(VoteBallot.participant_id, VoteBallot.round_id, Theme.title, VoteOption.title,
                  VoteMark.count, VoteMark.rank)
        .join(VoteMark, VoteMark.ballot_id == VoteBallot.id)
        .join(VoteOption, VoteOption.id == VoteMark.option_id)
        .join(VoteRound, VoteRound.id == VoteBallot.round_id)
        .join(Theme, Theme.id == VoteRound.theme_id)
        .where(VoteBallot.participant_id.in_(ids))
        .order_by(VoteBallot.round_id, VoteMark.rank, VoteOption.position)).all()
    return [{
        "session": {"id": session.id, "title": session.title, "kind": session.kind.value},
        "display_name": participant.display_name,
        "affiliation": participant.affiliation.value,
        "group": group_name,
        "joined_at": _when(participant.joined_at),
        "last_active_at": _when(participant.last_active_at),
        "ideas": [{"text": idea.text, "created_at": _when(idea.created_at)}
                  for idea in ideas if idea.participant_id == participant.id],
        "supported_ideas": [text for supporter, text in supports
                            if supporter == participant.id],
        "priorities_last_edited": [
            {"theme": theme, "rank": priority.rank, "title": priority.title,
             "reasoning": priority.reasoning, "updated_at": _when(priority.updated_at)}
            for priority, theme in edited if priority.last_editor_id == participant.id],
        # Their words that another member replaced in a conflict, kept on the group's page.
        "texts_replaced_by_others": [
            {"theme": theme, "rank": rank, "title": kept.title, "reasoning": kept.reasoning,
             "replaced_at": _when(kept.created_at)}
            for kept, theme, rank in replaced if kept.editor_id == participant.id],
        "plenary_votes": [
            {"round": round_id, "theme": theme, "option": option, "count": count, "rank": rank}
            for voter, round_id, theme, option, count, rank in marks
            if voter == participant.id],
    } for participant, session, group_name in participants]


def _audit_entries(user: User, membership_ids: list[int],
                   participant_ids: list[int]) -> list[dict[str, Any]]:
    """Audit entries by the user, and those about their account, memberships and
    participation (with what changed; the changes others' entries hold are not theirs)."""
    about = sa.or_(
        sa.and_(AuditEntry.object_type == "users", AuditEntry.object_id == str(user.id)),
        sa.and_(AuditEntry.object_type == "memberships",
                AuditEntry.object_id.in_([str(i) for i in membership_ids])),
        sa.and_(AuditEntry.object_type == "participants",
                AuditEntry.object_id.in_([str(i) for i in participant_ids])),
    )
    entries = db.session.execute(
        sa.select(AuditEntry, about.label("about"))
        .where(sa.or_(AuditEntry.actor_id == user.id, about))
        .order_by(AuditEntry.created_at, AuditEntry.id)).all()
    return [{
        "at": _when(entry.created_at), "action": entry.action,
        "object": entry.object_type, "object_id": entry.object_id,
        "by_you": entry.actor_id == user.id,
        **({"before": entry.before, "after": entry.after} if is_about else {}),
    } for entry, is_about in entries]


def export_user_data(user: User) -> dict[str, Any]:
    """Everything stored about *user*: account, memberships, sign-ins (dates), API tokens
    (names and dates, never the secrets), the sessions joined with their own texts, their
    PB proposals and where they voted (never how), their comments, upvotes and flags,
    audit entries."""
    memberships = db.session.execute(
        sa.select(Membership, Organisation).join(Organisation)
        .where(Membership.user_id == user.id).order_by(Organisation.name)).all()
    sign_ins = db.session.scalars(sa.select(SignIn.created_at).where(SignIn.user_id == user.id)
                                  .order_by(SignIn.created_at)).all()
    tokens = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at, ApiToken.id)).all()
    participation = _participation(user)
    participant_ids = db.session.scalars(
        sa.select(Participant.id).where(Participant.user_id == user.id)).all()
    return {
        "account": {"email": user.email, "display_name": user.display_name,
                    "language": user.locale, "superuser": user.is_superuser,
                    "enabled": user.is_enabled, "created_at": _when(user.created_at)},
        "memberships": [{"organisation": organisation.name, "slug": organisation.slug,
                         "role": membership.role.value, "since": _when(membership.created_at)}
                        for membership, organisation in memberships],
        "sign_ins": [{"started_at": _when(moment)} for moment in sign_ins],
        "api_tokens": [{"name": token.name, "created_at": _when(token.created_at),
                        "last_used_at": _when(token.last_used_at)} for token in tokens],
        "participation": participation,
        "participatory_budgeting": budget_data(user),
        **comment_data(user),
        "audit": _audit_entries(user, [m.id for m, _ in memberships], list(participant_ids)),
    }


# --- deleting an account ------------------------------------------------------------------


def organisations_left_without_admin(user: User) -> list[str]:
    admin = aliased(Membership)
    admins = (sa.select(sa.func.count(admin.id))
              .where(admin.organisation_id == Organisation.id, admin.role == Role.ADMIN)
              .scalar_subquery())
    return list(db.session.scalars(
        sa.select(Organisation.name).join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user.id, Membership.role == Role.ADMIN, admins <= 1)
        .order_by(Organisation.name)))


def _detach_participation(user: User) -> None:
    """Their texts stay in the sessions, attributed to "Deleted user": the participant
    rows lose the account (and get an identity no browser holds)."""
    for participant, session in db.session.execute(
            sa.select(Participant, Session).join(Session, Session.id == Participant.session_id)
            .where(Participant.user_id == user.id)):
        participant.user_id = None
        participant.token_hash = token_hash(new_token())
        participant.display_name = deleted_user_name(session)
        session.touch()


def _pseudonymise_audit(user: User, label: str) -> None:
    """The audit log keeps what happened, not the e-mail address of who it was: as the
    actor, and wherever an entry's before/after names the address (a membership added)."""
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.actor_id == user.id)
                       .values(actor_label=label))
    stored = json.dumps(user.email)  # the address as the JSON columns hold it
    mentions = sa.or_(*(sa.cast(column, sa.Text).contains(stored, autoescape=True)
                        for column in (AuditEntry.before, AuditEntry.after)))
    for entry in db.session.scalars(sa.select(AuditEntry).where(mentions)):
        for side in ("before", "after"):
            if values := getattr(entry, side):
                setattr(entry, side, {key: label if value == user.email else value
                                      for key, value in values.items()})


def delete_account(user: User) -> None:
    """Delete *user*'s account: memberships, sign-ins and API tokens go; what they wrote in
    sessions stays under "Deleted user", and so do their comments (their upvotes and flags
    go); their PB proposals stay without an author and their ballots stay counted under a
    pseudonym nobody can link to them. Refused while they are an organisation's only admin.
    """
    if lonely := organisations_left_without_admin(user):
        raise LastAdmin(lonely)
    label = f"deleted user {user.id}"
    detach_comments(user)  # first: it finds their participant rows by the account
    _detach_participation(user)
    detach_budgets(user)
    _pseudonymise_audit(user, label)
    # Written before the account row goes: its foreign keys would cascade to these rows.
    db.session.flush()
    db.session.execute(sa.delete(SignIn).where(SignIn.user_id == user.id))
    db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))
    record(label, "user.deleted", user)
    db.session.delete(user)  # its memberships go with it
    db.session.flush()
