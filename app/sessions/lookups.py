"""Lookups scoped to one session: its themes in order, the current theme, and the
session's own objects by id (404 for an id of another session, so that ids guessed
across sessions tell nothing)."""

from __future__ import annotations

from typing import TypeVar

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.sessions.models import BackgroundItem, Group, Participant, Session, Theme

T = TypeVar("T", Group, Participant, Theme)


def themes_of(session_id: int, with_items: bool = False) -> list[Theme]:
    """The session's themes in order (with their background items loaded if asked)."""
    query = (sa.select(Theme).where(Theme.session_id == session_id)
             .order_by(Theme.position, Theme.id))
    if with_items:
        query = query.options(selectinload(Theme.items))
    return list(db.session.scalars(query))


def current_theme(themes: list[Theme]) -> Theme | None:
    """The theme the room works on: the one marked current, else the first."""
    return next((theme for theme in themes if theme.is_current), themes[0] if themes else None)


def pick_theme(themes: list[Theme], theme_id: int | None) -> Theme | None:
    """The asked theme, else the current one; None for a theme of another session."""
    if theme_id is not None:
        return next((theme for theme in themes if theme.id == theme_id), None)
    return current_theme(themes)


def current_theme_id(session: Session) -> int | None:
    """The id of the theme the room works on now (the first when none is marked)."""
    return db.session.scalar(current_theme_id_query(session.id))


def current_theme_id_query(session_id: int | sa.ColumnElement[int]) -> sa.Select:
    """The current theme's id as a query, to use alone or inside a larger one (never
    correlated with the larger one's themes)."""
    return (sa.select(Theme.id).where(Theme.session_id == session_id)
            .order_by(Theme.is_current.desc(), Theme.position, Theme.id).limit(1)
            .correlate(None))


def background_items(theme: Theme) -> list[BackgroundItem]:
    return list(db.session.scalars(
        sa.select(BackgroundItem).where(BackgroundItem.theme_id == theme.id)
        .order_by(BackgroundItem.position, BackgroundItem.id)))


def in_session_or_404(model: type[T], object_id: int, session: Session) -> T:
    """A group, theme or participant of *session*; 404 for any other id."""
    found = db.session.get(model, object_id)
    if found is None or found.session_id != session.id:
        abort(404)
    return found


def theme_or_404(session: Session, theme_id: int) -> Theme:
    return in_session_or_404(Theme, theme_id, session)


def group_or_404(session: Session, group_id: int) -> Group:
    return in_session_or_404(Group, group_id, session)


def item_or_404(session: Session, item_id: int, theme: Theme | None = None) -> BackgroundItem:
    """A background item of *session* (and of *theme*, when given)."""
    query = (sa.select(BackgroundItem).join(Theme, Theme.id == BackgroundItem.theme_id)
             .where(BackgroundItem.id == item_id, Theme.session_id == session.id))
    if theme is not None:
        query = query.where(BackgroundItem.theme_id == theme.id)
    item = db.session.scalar(query)
    if item is None:
        abort(404)
    return item
