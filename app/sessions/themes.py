"""Themes (a brainstorm's questions) and their background items."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.auth.models import User
from app.brainstorm.models import Idea
from app.core.errors import DomainError
from app.extensions import db
from app.groupwork.models import Priority, Submission
from app.sessions.models import BackgroundItem, Session, Stage, Theme
from app.sessions.paste import parse_bullets
from app.sessions.services import require_stage, touch
from app.sessions.setup import reposition, require_setup_stage

ITEM_MAX = 1000
PASTE_MAX_ITEMS = 200


class PicksLocked(DomainError):
    status = 409
    message = _l("Groups have already saved priorities for this theme, so the number of "
                 "priorities can no longer change.")


class ThemeInUse(DomainError):
    status = 409
    message = _l("This theme already has the participants' answers, so it cannot be deleted.")


class InvalidPaste(DomainError):
    status = 422
    message = _l("The pasted list has no items.")


def _audit(by: User, action: str, session: Session, obj: object, **changes: object) -> None:
    record(by, action, obj, organisation_id=session.organisation_id, **changes)


def _themes(session: Session) -> list[Theme]:
    return list(db.session.scalars(sa.select(Theme).where(Theme.session_id == session.id)))


def has_priorities(theme: Theme) -> bool:
    return db.session.scalar(
        sa.select(sa.exists().where(Priority.submission_id == Submission.id,
                                    Submission.theme_id == theme.id))
    )


def has_answers(theme: Theme) -> bool:
    """Whether groups or participants have written anything under the theme."""
    return db.session.scalar(sa.select(
        sa.exists().where(Submission.theme_id == theme.id)
        | sa.exists().where(Idea.theme_id == theme.id)
    ))


def add_theme(session: Session, by: User, title: str, prompt: str, picks: int) -> Theme:
    """Add a theme at the end; the session's first theme becomes the current one."""
    require_setup_stage(session)
    themes = _themes(session)
    theme = Theme(session_id=session.id, title=title.strip(), prompt=prompt.strip(),
                  picks=picks, position=max((t.position for t in themes), default=-1) + 1,
                  is_current=not any(t.is_current for t in themes))
    db.session.add(theme)
    db.session.flush()
    touch(session)
    _audit(by, "theme.created", session, theme, after={"title": theme.title, "picks": picks})
    return theme


def update_theme(session: Session, theme: Theme, by: User, title: str, prompt: str,
                 picks: int) -> None:
    require_setup_stage(session)
    if picks != theme.picks and has_priorities(theme):
        raise PicksLocked()
    before = {"title": theme.title, "prompt": theme.prompt, "picks": theme.picks}
    theme.title, theme.prompt, theme.picks = title.strip(), prompt.strip(), picks
    after = {"title": theme.title, "prompt": theme.prompt, "picks": theme.picks}
    if before != after:
        touch(session)
        _audit(by, "theme.edited", session, theme, before=before, after=after)
    db.session.flush()


def delete_theme(session: Session, theme: Theme, by: User) -> None:
    """Delete a theme nobody has answered yet; another theme becomes current if needed."""
    require_setup_stage(session)
    if has_answers(theme):
        raise ThemeInUse()
    _audit(by, "theme.deleted", session, theme, before={"title": theme.title})
    # The database cascades to the items (the ORM would have to load them first).
    db.session.execute(sa.delete(Theme).where(Theme.id == theme.id))
    remaining = sorted(_themes(session), key=lambda t: (t.position, t.id))
    if remaining and not any(t.is_current for t in remaining):
        remaining[0].is_current = True
    touch(session)
    db.session.flush()


def move_theme(session: Session, theme: Theme, offset: int) -> None:
    require_setup_stage(session)
    if reposition(_themes(session), theme, offset):
        touch(session)
    db.session.flush()


def set_current_theme(session: Session, theme: Theme) -> None:
    """Make *theme* the one the room works on now (any stage before closing)."""
    require_stage(session, Stage.DRAFT, Stage.OPEN, Stage.VOTING, Stage.RESULTS)
    db.session.execute(
        sa.update(Theme).where(Theme.session_id == session.id)
        .values(is_current=Theme.id == theme.id)
        .execution_options(synchronize_session="fetch")
    )
    touch(session)
    db.session.flush()


# --- background items --------------------------------------------------------


def _items(theme: Theme) -> list[BackgroundItem]:
    return list(db.session.scalars(
        sa.select(BackgroundItem).where(BackgroundItem.theme_id == theme.id)))


def _append_items(theme: Theme, texts: list[str], source: str) -> list[BackgroundItem]:
    start = max((item.position for item in _items(theme)), default=-1) + 1
    items = [BackgroundItem(theme_id=theme.id, text=text, source=source.strip(),
                            position=start + offset) for offset, text in enumerate(texts)]
    db.session.add_all(items)
    db.session.flush()
    return items


def add_item(session: Session, theme: Theme, by: User, text: str, source: str
             ) -> BackgroundItem:
    require_setup_stage(session)
    [item] = _append_items(theme, [text.strip()], source)
    touch(session)
    _audit(by, "background_item.created", session, item,
           after={"theme_id": theme.id, "text": item.text, "source": item.source})
    return item


def paste_items(session: Session, theme: Theme, by: User, text: str, source: str
                ) -> list[BackgroundItem]:
    """Add one background item per line of a pasted bullet list, all with one source."""
    require_setup_stage(session)
    texts = parse_bullets(text)
    if not texts:
        raise InvalidPaste()
    if len(texts) > PASTE_MAX_ITEMS:
        raise InvalidPaste(_l("Paste at most %(n)s items at a time.", n=PASTE_MAX_ITEMS))
    if any(len(line) > ITEM_MAX for line in texts):
        raise InvalidPaste(_l("An item can be at most %(n)s characters.", n=ITEM_MAX))
    items = _append_items(theme, texts, source)
    touch(session)
    _audit(by, "background_items.pasted", session, theme,
           after={"count": len(items), "source": source.strip()})
    return items


def delete_item(session: Session, item: BackgroundItem, by: User) -> None:
    require_setup_stage(session)
    _audit(by, "background_item.deleted", session, item,
           before={"theme_id": item.theme_id, "text": item.text, "source": item.source})
    db.session.delete(item)
    touch(session)
    db.session.flush()


def move_item(session: Session, theme: Theme, item: BackgroundItem, offset: int) -> None:
    require_setup_stage(session)
    if reposition(_items(theme), item, offset):
        touch(session)
    db.session.flush()


class UnknownItems(DomainError):
    status = 422
    message = _l("The list of background items has changed meanwhile. Reload the page and try "
                 "again.")


def delete_items(session: Session, theme: Theme, item_ids: list[int], by: User) -> int:
    """Delete the ticked background items of *theme*; returns how many went."""
    require_setup_stage(session)
    wanted = set(item_ids)
    items = [item for item in _items(theme) if item.id in wanted]
    if len(items) != len(wanted):
        raise UnknownItems()
    for item in items:
        _audit(by, "background_item.deleted", session, item,
               before={"theme_id": item.theme_id, "text": item.text, "source": item.source})
        db.session.delete(item)
    touch(session)
    db.session.flush()
    return len(items)


def reorder_items(session: Session, theme: Theme, item_ids: list[int]) -> None:
    """Put *theme*'s items in the order given (every item once, as dragging sends them)."""
    require_setup_stage(session)
    items = {item.id: item for item in _items(theme)}
    if sorted(item_ids) != sorted(items):
        raise UnknownItems()
    for position, item_id in enumerate(item_ids):
        items[item_id].position = position
    touch(session)
    db.session.flush()
