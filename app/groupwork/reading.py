"""What a participant's group page shows, read in a constant number of queries,
and the one small query behind its polling."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user

from app.core.tokens import token_hash, unsign
from app.extensions import db
from app.groupwork.models import Priority, Source, Submission
from app.sessions.access import GUEST_PURPOSE, guest_cookie_name
from app.sessions.lookups import background_items, pick_theme, themes_of
from app.sessions.models import BackgroundItem, Group, Participant, Session, Stage, Theme


@dataclass(frozen=True)
class SlotView:
    """One place of the group's list as the page shows it (version 0 = never saved)."""

    rank: int
    title: str = ""
    reasoning: str = ""
    version: int = 0
    priority_id: int | None = None
    editor: str | None = None

    @property
    def filled(self) -> bool:
        return bool(self.title.strip() and self.reasoning.strip())


@dataclass
class GroupPage:
    session: Session
    participant: Participant
    theme: Theme
    themes: list[Theme]
    items: list[BackgroundItem]
    group: Group | None
    members: list[tuple[int, str]]
    submission: Submission | None
    slots: list[SlotView]
    submitted_themes: set[int] = field(default_factory=set)

    @property
    def is_open(self) -> bool:
        return self.session.stage == Stage.OPEN

    @property
    def submitted(self) -> bool:
        return self.submission is not None and self.submission.locked

    @property
    def on_paper(self) -> bool:
        return self.submitted and self.submission.source == Source.PAPER

    @property
    def editable(self) -> bool:
        return self.is_open and self.group is not None and not self.submitted

    @property
    def complete(self) -> bool:
        return all(slot.filled for slot in self.slots)

    def slot(self, rank: int) -> SlotView:
        return self.slots[rank - 1]


def load_group_page(session: Session, participant: Participant, theme_id: int) -> GroupPage:
    """Everything the group page shows, in six queries whatever the counts; 404 for a
    theme of another session."""
    themes = themes_of(session.id)
    theme = pick_theme(themes, theme_id)
    if theme is None:
        abort(404)
    items = background_items(theme)
    page = GroupPage(session=session, participant=participant, theme=theme, themes=themes,
                     items=items, group=None, members=[], submission=None,
                     slots=[SlotView(rank) for rank in range(1, theme.picks + 1)])
    if participant.group_id is None:
        return page
    rows = db.session.execute(
        sa.select(Group, Participant.id, Participant.display_name)
        .outerjoin(Participant, Participant.group_id == Group.id)
        .where(Group.id == participant.group_id)
        .order_by(Participant.joined_at, Participant.id)).all()
    page.group = rows[0][0]
    page.members = [(member_id, name) for _, member_id, name in rows if member_id is not None]
    submissions = list(db.session.scalars(
        sa.select(Submission).where(Submission.group_id == participant.group_id)))
    page.submitted_themes = {s.theme_id for s in submissions if s.locked}
    page.submission = next((s for s in submissions if s.theme_id == theme.id), None)
    if page.submission is not None:
        page.slots = _slots(theme, page.submission)
    return page


def _slots(theme: Theme, submission: Submission) -> list[SlotView]:
    rows = db.session.execute(
        sa.select(Priority, Participant.display_name)
        .outerjoin(Participant, Participant.id == Priority.last_editor_id)
        .where(Priority.submission_id == submission.id))
    by_rank = {
        priority.rank: SlotView(priority.rank, priority.title, priority.reasoning,
                                priority.version, priority.id, editor)
        for priority, editor in rows
    }
    return [by_rank.get(rank, SlotView(rank)) for rank in range(1, theme.picks + 1)]


# --- polling ---------------------------------------------------------------


@dataclass(frozen=True)
class PollState:
    version: int
    stage: Stage
    participant_id: int
    group_id: int | None


def _identity(session_id: int) -> sa.ColumnElement[bool] | None:
    """Which participant rows are the caller's: by account, or by the guest cookie."""
    clauses = []
    if current_user.is_authenticated:
        clauses.append(Participant.user_id == current_user.id)
    token = unsign(request.cookies.get(guest_cookie_name(session_id)), GUEST_PURPOSE)
    if token is not None:
        clauses.append(Participant.token_hash == token_hash(token))
    return sa.or_(*clauses) if clauses else None


def poll_state(session_id: int, theme_id: int) -> PollState | None:
    """The session's version and the caller's group in ONE query; None when the caller
    is not a participant or the theme is not the session's."""
    identity = _identity(session_id)
    if identity is None:
        return None
    query = (
        sa.select(Session.version, Session.stage, Participant.id, Participant.group_id)
        .join(Participant, Participant.session_id == Session.id)
        .join(Theme, sa.and_(Theme.session_id == Session.id, Theme.id == theme_id))
        .where(Session.id == session_id, identity)
        .limit(1)
    )
    if current_user.is_authenticated:  # the account's participant first, as access.py does
        query = query.order_by(Participant.user_id.is_(None))
    row = db.session.execute(query).first()
    return PollState(*row) if row is not None else None
