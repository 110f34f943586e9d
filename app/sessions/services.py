"""Session services: create, move between stages, join, and keep live views fresh."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.auth.models import User
from app.core.database import utcnow
from app.core.live import bump
from app.core.tokens import new_token, token_hash
from app.extensions import db
from app.groupwork.models import Submission, SubmissionState
from app.organisations.models import Organisation
from app.sessions.access import hold
from app.sessions.errors import IllegalStageMove, JoinRefused, SessionFull, StageClosed
from app.sessions.lookups import current_theme_id
from app.sessions.models import (
    Affiliation,
    Group,
    Participant,
    ResultsVisibility,
    Session,
    SessionKind,
    Stage,
)

# No look-alikes: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6

STAGE_CLOSED_MESSAGES = {
    Stage.DRAFT: _l("The session has not opened yet."),
    Stage.VOTING: _l("Group work has ended: the session has moved on to voting."),
    Stage.RESULTS: _l("The session is showing its results; changes are no longer saved."),
    Stage.CLOSED: _l("The session has closed; changes are no longer saved."),
}


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not db.session.scalar(sa.select(Session.id).where(Session.join_code == code)):
            return code


def create_session(
    organisation: Organisation,
    by: User | None,
    title: str,
    kind: SessionKind,
    description: str = "",
    language: str = "fi",
    scheduled_at: datetime | None = None,
    results_visibility: ResultsVisibility = ResultsVisibility.LIVE,
    meeting_url: str | None = None,
) -> Session:
    session = Session(
        organisation_id=organisation.id, title=title.strip(), kind=kind,
        description=description.strip(), language=language, scheduled_at=scheduled_at,
        results_visibility=results_visibility, meeting_url=meeting_url or None,
        join_code=new_join_code(), created_by_id=by.id if by else None, stage=Stage.DRAFT,
    )
    db.session.add(session)
    db.session.flush()
    record(by, "session.created", session, after={"title": session.title, "kind": kind.value})
    return session


def touch(session: Session) -> None:
    """Mark the setup or the stage changed: every live page of the session refreshes."""
    session.touch()


def require_stage(session: Session, *stages: Stage) -> None:
    """Refuse a write unless the session is in one of *stages* (409, text kept)."""
    if session.stage not in stages:
        raise StageClosed(STAGE_CLOSED_MESSAGES.get(session.stage))


def move_stage(session: Session, target: Stage, by: Any) -> None:
    if not session.can_move_to(target):
        raise IllegalStageMove()
    before = session.stage
    if before == Stage.VOTING:  # the vote ends with its stage
        from app.voting.rounds import close_open_rounds

        close_open_rounds(session, by)
    session.stage = target
    if target == Stage.CLOSED:
        session.closed_at = utcnow()
    touch(session)
    record(by, "session.stage_moved", session, before={"stage": before.value},
           after={"stage": target.value})


def find_open_session(code: str) -> Session | None:
    return db.session.scalar(sa.select(Session).where(Session.join_code == normalise_code(code)))


def check_joinable(session: Session) -> None:
    if session.stage != Stage.OPEN:
        raise JoinRefused(STAGE_CLOSED_MESSAGES.get(session.stage))
    if session.max_participants is not None:
        count = db.session.scalar(
            sa.select(sa.func.count(Participant.id)).where(Participant.session_id == session.id)
        )
        if count >= session.max_participants:
            raise SessionFull()


def smallest_group(session: Session) -> Group | None:
    """The group with fewest members (first by position on a tie) among the groups that
    can still take a member: never one whose list for the current theme is submitted.
    None when every group has submitted it (the facilitator places the latecomer).

    The current theme's lists are read locked for share: a submit that is under way
    (its list locked for update) finishes first and is seen, and a submit that comes
    after waits until the join is committed, so the join counts as before it.
    """
    current = current_theme_id(session)
    submitted: set[int] = set()
    if current is not None:
        rows = db.session.execute(
            sa.select(Submission.group_id, Submission.state)
            .where(Submission.theme_id == current)
            .with_for_update(read=True)
        )
        submitted = {group_id for group_id, state in rows if state == SubmissionState.SUBMITTED}
    members = (
        sa.select(Participant.group_id, sa.func.count(Participant.id).label("n"))
        .where(Participant.session_id == session.id)
        .group_by(Participant.group_id)
        .subquery()
    )
    query = (
        sa.select(Group)
        .outerjoin(members, members.c.group_id == Group.id)
        .where(Group.session_id == session.id)
        .order_by(sa.func.coalesce(members.c.n, 0), Group.position, Group.id)
        .limit(1)
    )
    if submitted:
        query = query.where(Group.id.not_in(submitted))
    return db.session.scalar(query)


def join_session(
    session: Session,
    display_name: str,
    affiliation: Affiliation,
    group: Group | None = None,
    user: User | None = None,
) -> tuple[Participant, str | None]:
    """Add a participant. Returns it and, for a guest, the token for its cookie.

    Joins run side by side (the session row is held shared, as for every participant's
    write); a session with a participant limit takes them one at a time so that the
    limit holds exactly.
    """
    hold(session, exclusive=session.max_participants is not None)
    check_joinable(session)
    if group is not None and group.session_id != session.id:
        raise JoinRefused()
    if not session.uses_groups:
        group = None  # a brainstorm has no groups, even if it had some as a workshop
    elif group is None:
        group = smallest_group(session)
    token = None if user is not None else new_token()
    participant = Participant(
        session_id=session.id, group_id=group.id if group else None,
        user_id=user.id if user else None, token_hash=token_hash(token) if token else None,
        display_name=display_name.strip(), affiliation=affiliation,
    )
    db.session.add(participant)
    db.session.flush()
    if group is not None:
        bump(Group, group.id)
    return participant, token


def move_participant(session: Session, participant: Participant, group: Group, by: Any) -> None:
    if participant.session_id != session.id or group.session_id != session.id:
        raise JoinRefused()
    before = participant.group_id
    participant.group_id = group.id
    for moved in sorted({before, group.id} - {None}):
        bump(Group, moved)
    record(by, "participant.moved", participant, before={"group_id": before},
           after={"group_id": group.id}, organisation_id=session.organisation_id)


def mark_active(participant: Participant) -> None:
    participant.last_active_at = utcnow()
