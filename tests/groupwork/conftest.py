"""Fixtures for the group page: a workshop with two themes and helpers that post its forms."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.sessions.models import Group, Theme
from tests.conftest import csrf_token

HTMX = {"HX-Request": "true"}


@pytest.fixture
def workshop(app, make_session):
    """An open workshop: themes "Palvelulupaus" (current) and "Yhteistyö", three groups."""
    session_id = make_session(themes=("Palvelulupaus", "Yhteistyö"))
    with app.app_context():
        themes = db.session.scalars(sa.select(Theme.id).where(Theme.session_id == session_id)
                                    .order_by(Theme.position)).all()
        groups = db.session.scalars(sa.select(Group.id).where(Group.session_id == session_id)
                                    .order_by(Group.position)).all()
    return SimpleNamespace(id=session_id, theme=themes[0], other_theme=themes[1], groups=groups,
                           page=f"/p/{session_id}/themes/{themes[0]}",
                           base=f"/p/{session_id}/themes/{themes[0]}")


def save(client, ws, rank, title, reasoning="Koska se on tärkeää.", version=0, htmx=False,
         theme=None, extra=None):
    """Post place *rank*'s form as the page would (its own prefixed CSRF field)."""
    base = f"/p/{ws.id}/themes/{theme or ws.theme}"
    prefix = f"slot-{rank}-"
    data = {prefix + "csrf_token": csrf_token(client, base), prefix + "title": title,
            prefix + "reasoning": reasoning, prefix + "version": version, **(extra or {})}
    return client.post(f"{base}/slots/{rank}", data=data, headers=HTMX if htmx else {})


def post(client, ws, path, data=None, htmx=False):
    """Post a button form of the group page (move, use, submit) with the page's CSRF token."""
    data = {"csrf_token": csrf_token(client, ws.page), **(data or {})}
    return client.post(f"{ws.base}/{path}", data=data, headers=HTMX if htmx else {})


def text(response) -> str:
    return response.get_data(as_text=True)
