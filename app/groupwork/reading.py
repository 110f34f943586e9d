"""What a participant's group page shows, read in a constant number of queries,
and the one small query behind its polling (its versions: app/core/live.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort
from flask_babel import get_locale
from sqlalchemy.orm import aliased

from app.core.live import etag, read_versions
from app.extensions import db
from app.groupwork.models import Priority, PriorityReplacement, Source, Submission
from app.sessions.access import caller_binds, caller_select
from app.sessions.lookups import background_items, pick_theme, themes_of
from app.sessions.models import BackgroundItem, Group, Participant, Session, Stage, Theme


@dataclass(frozen=True)
class Replaced:
    """Another member's text that the place's current text replaced knowingly."""

    title: str
    reasoning: str
    editor_id: int | None
    editor: str | None
    by: str | None


@dataclass(frozen=True)
class SlotView:
    """One place of the group's list as the page shows it (version 0 = never saved)."""

    rank: int
    title: str = ""
    reasoning: str = ""
    version: int = 0
    priority_id: int | None = None
    editor: str | None = None
    replaced: Replaced | None = None

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

    @property
    def tag(self) -> str:
        """The ETag of what the page shows (the same as :meth:`PollState.tag`)."""
        return PollState(
            self.session.version, self.session.stage, self.participant.id,
            self.group.id if self.group else None, self.group.version if self.group else None,
            self.submission.version if self.submission else None,
        ).tag(self.theme.id)


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
    editor = aliased(Participant)
    writer = aliased(Participant)  # whose text was replaced
    replacer = aliased(Participant)
    rows = db.session.execute(
        sa.select(Priority, editor.display_name, PriorityReplacement, writer.display_name,
                  replacer.display_name)
        .outerjoin(editor, editor.id == Priority.last_editor_id)
        .outerjoin(PriorityReplacement, sa.and_(
            PriorityReplacement.priority_id == Priority.id,
            PriorityReplacement.version == Priority.version))
        .outerjoin(writer, writer.id == PriorityReplacement.editor_id)
        .outerjoin(replacer, replacer.id == PriorityReplacement.replaced_by_id)
        .where(Priority.submission_id == submission.id))
    by_rank = {
        priority.rank: SlotView(
            priority.rank, priority.title, priority.reasoning, priority.version, priority.id,
            editor_name,
            Replaced(kept.title, kept.reasoning, kept.editor_id, writer_name, replacer_name)
            if kept else None)
        for priority, editor_name, kept, writer_name, replacer_name in rows
    }
    return [by_rank.get(rank, SlotView(rank)) for rank in range(1, theme.picks + 1)]


# --- polling ---------------------------------------------------------------


@dataclass(frozen=True)
class PollState:
    """The versions of what a participant's group page shows for one theme: the session
    (setup, stage), the caller's group (who is in it) and its list for the theme."""

    session_version: int
    stage: Stage
    participant_id: int
    group_id: int | None
    group_version: int | None
    list_version: int | None

    def tag(self, theme_id: int, locale: str | None = None) -> str:
        return etag(self.session_version, self.participant_id, self.group_id,
                    self.group_version, theme_id, self.list_version, locale or get_locale())

    @property
    def live(self) -> bool:
        return self.stage == Stage.OPEN

    @property
    def shared_versions(self) -> tuple:
        """What the list shows that every member of the group sees alike."""
        return (self.session_version, self.stage, self.group_id, self.group_version,
                self.list_version)


@functools.lru_cache(maxsize=8)
def _poll_statement(names: frozenset[str]) -> sa.Select:
    """The poll's one query, built once for each way a caller can be named."""
    return (caller_select(names, Session.version, Session.stage, Participant.id,
                          Participant.group_id, Group.version, Submission.version)
            .join(Theme, sa.and_(Theme.id == sa.bindparam("theme_id"),
                                 Theme.session_id == Session.id))
            .outerjoin(Group, Group.id == Participant.group_id)
            .outerjoin(Submission, sa.and_(Submission.group_id == Participant.group_id,
                                           Submission.theme_id == Theme.id)))


def poll_state(session_id: int, theme_id: int, binds: dict[str, object] | None = None,
               read: Callable = read_versions) -> PollState | None:
    """The page's versions in ONE query of indexed lookups; None when the caller is not a
    participant or the theme is not the session's. *binds*: the caller, when not the
    request's (:func:`app.sessions.access.caller_binds`); *read*: how to run the query, when
    not through the ORM (app/core/direct_reads.py)."""
    binds = binds or caller_binds(session_id)
    if binds is None:
        return None
    row = read(_poll_statement(frozenset(binds)), {**binds, "theme_id": theme_id})
    return PollState(*row) if row is not None else None
