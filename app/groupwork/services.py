"""Group work services: a group's ranked list per theme, edited together, then submitted.

Every slot (rank 1..picks) is one ``Priority`` row, created by its first save.
A save names the version it started from; if another member saved the slot in
between, :class:`VersionConflict` carries their text so that nothing is lost.
Moving a slot up or down swaps the contents of two ranks. Every write checks
the stage and the lock; routes load the session with its row locked
(``get_session_or_404(..., lock=True)``, ``get_participation_or_404(..., lock=True)``)
so that a stage move and a save cannot interleave.

Groups save side by side (the session row is only held shared by participants'
writes); the writes of one group's list for one theme queue on its ``Submission`` row,
which every write locks first and whose live version it moves on (app/core/live.py).
A submitted or unlocked list also moves its theme's version (the projector shows it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app.aggregation.services import add_to_aggregate, remove_from_aggregate
from app.audit.services import record
from app.core.database import utcnow
from app.core.errors import DomainError
from app.core.live import bump
from app.extensions import db
from app.groupwork.errors import (
    InvalidPriorities,
    ListFull,
    NoGroup,
    Problems,
    SlotText,
    SubmissionLocked,
    VersionConflict,
)
from app.groupwork.models import (
    Priority,
    PriorityReplacement,
    Source,
    Submission,
    SubmissionState,
)
from app.sessions.models import BackgroundItem, Group, Participant, Session, Stage, Theme
from app.sessions.services import mark_active, require_stage

TITLE_MAX = 200
REASONING_MAX = 2000


# --- reading ---------------------------------------------------------------


def find_submission(group_id: int, theme_id: int, lock: bool = False) -> Submission | None:
    """The group's list for the theme; with *lock* its row is locked (and read again)
    until the transaction ends, so that the group's writes queue one after another."""
    query = sa.select(Submission).where(Submission.group_id == group_id,
                                        Submission.theme_id == theme_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def priorities_of(submission: Submission | None) -> list[Priority]:
    if submission is None:
        return []
    return list(db.session.scalars(
        sa.select(Priority).where(Priority.submission_id == submission.id).order_by(Priority.rank)
    ))


def group_progress(session: Session) -> dict[tuple[int, int], str]:
    """(group id, theme id) → ``drafting``, ``submitted`` or ``paper`` (missing = empty)."""
    filled = (
        sa.select(sa.func.count(Priority.id))
        .where(Priority.submission_id == Submission.id,
               sa.or_(Priority.title != "", Priority.reasoning != ""))
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Submission.group_id, Submission.theme_id, Submission.state,
                  Submission.source, filled)
        .join(Theme, Theme.id == Submission.theme_id)
        .where(Theme.session_id == session.id)
    )
    progress: dict[tuple[int, int], str] = {}
    for group_id, theme_id, state, source, filled_count in rows:
        if state == SubmissionState.SUBMITTED:
            progress[(group_id, theme_id)] = "paper" if source == Source.PAPER else "submitted"
        elif filled_count:
            progress[(group_id, theme_id)] = "drafting"
    return progress


def last_activity(session: Session) -> dict[int, datetime]:
    """Group id → when one of its members last joined or saved, or its list last
    changed (a paper sheet typed in counts too)."""
    members = (
        sa.select(Participant.group_id, sa.func.max(Participant.last_active_at))
        .where(Participant.session_id == session.id, Participant.group_id.is_not(None))
        .group_by(Participant.group_id)
    )
    lists = (
        sa.select(Submission.group_id, sa.func.max(Priority.updated_at))
        .join(Priority, Priority.submission_id == Submission.id)
        .join(Group, Group.id == Submission.group_id)
        .where(Group.session_id == session.id)
        .group_by(Submission.group_id)
    )
    latest: dict[int, datetime] = {}
    for group_id, when in [*db.session.execute(members), *db.session.execute(lists)]:
        if when is not None and (group_id not in latest or when > latest[group_id]):
            latest[group_id] = when
    return latest


# --- writing ---------------------------------------------------------------


def _editable_submission(session: Session, group: Group, theme: Theme) -> Submission:
    """The group's draft for *theme*, created when missing, locked for this write and with
    its live version moved on; refuses locked or stale writes."""
    require_stage(session, Stage.OPEN)
    if theme.session_id != session.id or group.session_id != session.id:
        raise DomainError()
    submission = find_submission(group.id, theme.id, lock=True) or _new_submission(group, theme)
    if submission.locked:
        raise SubmissionLocked()
    bump(Submission, submission.id)
    return submission


def _new_submission(group: Group, theme: Theme) -> Submission:
    """The group's first draft for *theme* (or the one another member created just now)."""
    submission = Submission(group_id=group.id, theme_id=theme.id)
    try:
        with db.session.begin_nested():
            db.session.add(submission)
    except IntegrityError:
        return find_submission(group.id, theme.id, lock=True)
    return submission


def _group_of(participant: Participant) -> Group:
    if participant.group_id is None:
        raise NoGroup()
    return db.session.get(Group, participant.group_id)


def _check_text(rank: int, picks: int, title: str, reasoning: str) -> None:
    problems = Problems()
    if not 1 <= rank <= picks:
        problems.add(rank, _l("There is no place %(rank)s in this list.", rank=rank))
    if len(title) > TITLE_MAX:
        problems.add(rank, _l("The title can be at most %(n)s characters.", n=TITLE_MAX), "title")
    if len(reasoning) > REASONING_MAX:
        problems.add(rank, _l("The reasoning can be at most %(n)s characters.",
                              n=REASONING_MAX), "reasoning")
    problems.raise_any()


def _current_text(priority: Priority) -> SlotText:
    editor = db.session.get(Participant, priority.last_editor_id) if priority.last_editor_id \
        else None
    return SlotText(priority.title, priority.reasoning, priority.version,
                    editor.display_name if editor else None)


def _background_item(theme: Theme, item_id: int | None) -> int | None:
    if item_id is None:
        return None
    found = db.session.scalar(sa.select(BackgroundItem.id).where(
        BackgroundItem.id == item_id, BackgroundItem.theme_id == theme.id))
    return found


def _priority_at(submission: Submission, rank: int) -> Priority | None:
    return db.session.scalar(sa.select(Priority).where(
        Priority.submission_id == submission.id, Priority.rank == rank))


def save_slot(
    session: Session,
    participant: Participant,
    theme: Theme,
    rank: int,
    title: str,
    reasoning: str,
    version: int,
    item_id: int | None = None,
    replacing: bool = False,
) -> Priority:
    """Save the text at *rank* if nobody changed it since *version* (0 = never saved).

    *replacing* is "Keep my text" after a conflict: the member saves over another
    member's text knowingly, and that text is kept as a :class:`PriorityReplacement`
    which the group page shows (to its writer too) until the place changes again."""
    title, reasoning = title.strip(), reasoning.strip()
    _check_text(rank, theme.picks, title, reasoning)
    submission = _editable_submission(session, _group_of(participant), theme)
    item = _background_item(theme, item_id)
    existing = _priority_at(submission, rank)
    if existing is None:
        if version != 0:
            # The caller saw a saved text here that no longer exists.
            raise VersionConflict(rank, SlotText("", "", 0, None))
        priority = Priority(submission_id=submission.id, rank=rank, title=title,
                            reasoning=reasoning, item_id=item, last_editor_id=participant.id)
        try:
            with db.session.begin_nested():
                db.session.add(priority)
        except IntegrityError:
            # Another member created this slot at the same moment.
            existing = _priority_at(submission, rank)
            raise VersionConflict(rank, _current_text(existing)) from None
    else:
        replaced = (existing.title, existing.reasoning, existing.last_editor_id)
        updated = db.session.execute(
            sa.update(Priority)
            .where(Priority.id == existing.id, Priority.version == version)
            .values(title=title, reasoning=reasoning, item_id=item,
                    version=Priority.version + 1, last_editor_id=participant.id,
                    updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.refresh(existing)
        if updated != 1:
            raise VersionConflict(rank, _current_text(existing))
        priority = existing
        if replacing and _worth_keeping(replaced, participant, title, reasoning):
            db.session.add(PriorityReplacement(
                priority_id=priority.id, version=priority.version, title=replaced[0],
                reasoning=replaced[1], editor_id=replaced[2], replaced_by_id=participant.id))
    mark_active(participant)
    db.session.flush()
    return priority


def _worth_keeping(replaced: tuple[str, str, int | None], participant: Participant,
                   title: str, reasoning: str) -> bool:
    """Another member's words that the new text does not already contain."""
    old_title, old_reasoning, editor_id = replaced
    if editor_id == participant.id or not (old_title or old_reasoning):
        return False
    return old_title not in title or old_reasoning not in reasoning


def use_item(
    session: Session, participant: Participant, theme: Theme, item: BackgroundItem
) -> int:
    """Put a background item's text as the title of the first place without one; that rank."""
    if item.theme_id != theme.id:
        raise DomainError()
    submission = _editable_submission(session, _group_of(participant), theme)
    by_rank = {p.rank: p for p in priorities_of(submission)}
    free = [rank for rank in range(1, theme.picks + 1)
            if rank not in by_rank or not by_rank[rank].title.strip()]
    if not free:
        raise ListFull()
    current = by_rank.get(free[0])
    save_slot(session, participant, theme, free[0], _title_from(item.text),
              current.reasoning if current else "", current.version if current else 0,
              item_id=item.id)
    return free[0]


def _title_from(text: str) -> str:
    title = " ".join(text.split())
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1].rstrip() + "…"


def move_slot(
    session: Session, participant: Participant, theme: Theme, rank: int, version: int,
    target: int,
) -> int:
    """Move the place at *rank* to *target*; the places between shift by one (Up/Down
    buttons move by one, dragging further). Refused if someone changed the moving place
    since *version*. Returns *target*."""
    if not (1 <= rank <= theme.picks and 1 <= target <= theme.picks) or rank == target:
        raise InvalidPriorities({rank: [_l("This priority cannot move further.")]})
    submission = _editable_submission(session, _group_of(participant), theme)
    by_rank = {p.rank: p for p in priorities_of(submission)}
    moving = by_rank.get(rank)
    if (moving.version if moving else 0) != version:
        current = _current_text(moving) if moving else SlotText("", "", 0, None)
        raise VersionConflict(rank, current)
    fields = ("title", "reasoning", "item_id")
    order = list(range(1, theme.picks + 1))
    order.insert(target - 1, order.pop(rank - 1))  # order[i] = old rank now at rank i + 1
    texts = {r: tuple(getattr(by_rank[r], f) for f in fields) if r in by_rank else None
             for r in order}
    for new_rank, old_rank in enumerate(order, start=1):
        if new_rank == old_rank or (texts[old_rank] is None and new_rank not in by_rank):
            continue
        priority = by_rank.get(new_rank) or _empty_slot(submission, new_rank, participant)
        for field, value in zip(fields, texts[old_rank] or ("", "", None), strict=True):
            setattr(priority, field, value)
        priority.version += 1
        priority.last_editor_id = participant.id
        priority.updated_at = utcnow()
    mark_active(participant)
    db.session.flush()
    return target


def _empty_slot(submission: Submission, rank: int, participant: Participant) -> Priority:
    priority = Priority(submission_id=submission.id, rank=rank, title="", reasoning="",
                        last_editor_id=participant.id)
    db.session.add(priority)
    db.session.flush()
    return priority


def _require_complete(picks: int, texts: dict[int, tuple[str, str]]) -> None:
    """Every rank 1..picks needs a title and a reasoning (rank → (title, reasoning))."""
    problems = Problems()
    for rank in range(1, picks + 1):
        title, reasoning = texts.get(rank, ("", ""))
        if not title.strip():
            problems.add(rank, _l("Write a title."), "title")
        if not reasoning.strip():
            problems.add(rank, _l("Write the reasoning."), "reasoning")
    problems.raise_any()


def submit(session: Session, participant: Participant, theme: Theme) -> Submission:
    """Lock the group's list for *theme* once every slot has a title and a reasoning."""
    submission = _editable_submission(session, _group_of(participant), theme)
    priorities = priorities_of(submission)
    _require_complete(theme.picks, {p.rank: (p.title, p.reasoning) for p in priorities})
    submission.state = SubmissionState.SUBMITTED
    submission.source = Source.ONLINE
    submission.submitted_at = utcnow()
    # Places beyond ``picks`` (left over if the facilitator lowered it) earn no points.
    for priority in priorities:
        if priority.rank <= theme.picks:
            add_to_aggregate(priority)
    mark_active(participant)
    db.session.flush()
    bump(Theme, theme.id)  # last: other groups' submissions of the theme queue on it
    return submission


def unlock(session: Session, submission: Submission, by: Any) -> None:
    """Let the group edit a submitted list again (its items leave the aggregate)."""
    require_stage(session, Stage.OPEN)
    if not submission.locked:
        return
    for priority in priorities_of(submission):
        remove_from_aggregate(priority)
    submission.state = SubmissionState.DRAFT
    submission.submitted_at = None
    bump(Submission, submission.id)
    bump(Theme, submission.theme_id)
    record(by, "submission.unlocked", submission, before={"state": "submitted"},
           after={"state": "draft"}, organisation_id=session.organisation_id)


def enter_paper(
    session: Session, group: Group, theme: Theme, entries: list[tuple[str, str]], by: Any
) -> Submission:
    """Type in a paper sheet's result: replaces the group's list and submits it as ``paper``."""
    require_stage(session, Stage.OPEN)
    if theme.session_id != session.id or group.session_id != session.id:
        raise DomainError()
    texts = {rank: (title.strip(), reasoning.strip())
             for rank, (title, reasoning) in enumerate(entries, start=1)}
    for rank, (title, reasoning) in texts.items():
        _check_text(rank, theme.picks, title, reasoning)
    _require_complete(theme.picks, texts)
    submission = find_submission(group.id, theme.id)
    if submission is None:
        submission = Submission(group_id=group.id, theme_id=theme.id)
        db.session.add(submission)
        db.session.flush()
    old = priorities_of(submission)
    before = [(p.rank, p.title) for p in old]
    for priority in old:
        remove_from_aggregate(priority)
        db.session.delete(priority)
    db.session.flush()
    priorities = [
        Priority(submission_id=submission.id, rank=rank, title=title, reasoning=reasoning)
        for rank, (title, reasoning) in texts.items()
    ]
    db.session.add_all(priorities)
    db.session.flush()
    submission.state = SubmissionState.SUBMITTED
    submission.source = Source.PAPER
    submission.submitted_at = utcnow()
    for priority in priorities:
        add_to_aggregate(priority)
    db.session.flush()
    bump(Submission, submission.id)
    bump(Theme, theme.id)
    record(by, "submission.paper_entered", submission, before={"priorities": before},
           after={"priorities": [(p.rank, p.title) for p in priorities]},
           organisation_id=session.organisation_id)
    return submission
