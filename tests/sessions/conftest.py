"""Fixtures for the facilitator's session pages: people with different roles, each
signed in with their own client, and a CSRF-aware POST helper."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.sessions.models import BackgroundItem, Group, Session, Theme
from tests.conftest import PASSWORD, csrf_token

# Who asks, as (organisation the user belongs to, role); None = not signed in.
PEOPLE = {
    "guest": None,
    "staff": ("kunta", "staff"),
    "other_facilitator": ("naapuri", "facilitator"),
    "facilitator": ("kunta", "facilitator"),
    "admin": ("kunta", "admin"),
    "superuser": (None, None),
}


@pytest.fixture
def orgs(make_org):
    make_org("kunta", "Esimerkin kunta")
    make_org("naapuri", "Naapurikunta")


@pytest.fixture
def sign_in(app: Flask, make_user):
    """A new client signed in as *who* (a key of PEOPLE); created on first use."""

    def signed_in(who: str = "facilitator") -> FlaskClient:
        client = app.test_client()
        person = PEOPLE[who]
        if person is None:
            return client
        org, role = person
        email = make_user(f"{who}@example.fi", org=org, role=role or "facilitator",
                          superuser=who == "superuser", name=who.replace("_", " ").title())
        response = post(client, "/login", {"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return signed_in


def post(client: FlaskClient, path: str, data: dict | None = None, prefix: str | None = None,
         **kwargs):
    """POST like a browser: the CSRF token under the form's (prefixed) name."""
    token = csrf_token(client, "/login" if path == "/login" else "/")
    key = f"{prefix}-csrf_token" if prefix else "csrf_token"
    return client.post(path, data={key: token, **(data or {})}, **kwargs)


@pytest.fixture
def ids(app: Flask):
    """The ids of a session's first theme, first item and first group, by session id;
    "items": the first theme's item ids in reverse order (a new order to send)."""

    def find(session_id: int) -> dict[str, int]:
        with app.app_context():
            theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id)
                                      .order_by(Theme.position, Theme.id))
            item = db.session.scalar(sa.select(BackgroundItem).where(
                BackgroundItem.theme_id == theme.id).order_by(BackgroundItem.position))
            group = db.session.scalar(sa.select(Group).where(Group.session_id == session_id)
                                      .order_by(Group.position, Group.id))
            items = db.session.scalars(sa.select(BackgroundItem.id).where(
                BackgroundItem.theme_id == theme.id).order_by(BackgroundItem.position)).all()
            return {"s": session_id, "t": theme.id, "i": item.id, "g": group.id if group else 0,
                    "items": [str(each) for each in reversed(items)]}

    return find


@pytest.fixture
def load(app: Flask):
    """Run *fn* on the session inside an app context (for checking what was saved)."""

    def run(session_id: int, fn):
        with app.app_context():
            return fn(db.session.get(Session, session_id))

    return run


def text_of(response) -> str:
    """The page's text without tags, whitespace squeezed (for readable asserts)."""
    html = response.get_data(as_text=True)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
