"""Brainstorm fixtures: an open brainstorm with two questions, a facilitator and guests."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from app.brainstorm.models import Cluster, Idea, Support
from app.extensions import db
from app.sessions.models import Session, Stage, Theme
from tests.conftest import csrf_token

QUESTIONS = (
    "Millaisia odotuksia järjestöillä on maakuntaudistukselle?",
    "Miten digiosallisuutta viedään eteenpäin?",
)


@dataclass
class Brainstorm:
    session_id: int
    theme_ids: list[int]

    @property
    def theme_id(self) -> int:
        return self.theme_ids[0]

    @property
    def board(self) -> str:
        return f"/p/{self.session_id}/ideas"

    def add_url(self, theme_id: int | None = None) -> str:
        return f"/p/{self.session_id}/themes/{theme_id or self.theme_id}/ideas"

    def support_url(self, idea_id: int, theme_id: int | None = None) -> str:
        return f"/p/{self.session_id}/themes/{theme_id or self.theme_id}/ideas/{idea_id}/support"

    def manage(self, theme_id: int | None = None) -> str:
        return f"/sessions/{self.session_id}/ideas/{theme_id or self.theme_id}"


@pytest.fixture
def brainstorm(make_session, app) -> Brainstorm:
    session_id = make_session(title="Järjestöt maakuntaudistuksessa", kind="brainstorm",
                              themes=QUESTIONS)
    with app.app_context():
        theme_ids = list(db.session.scalars(
            sa.select(Theme.id).where(Theme.session_id == session_id).order_by(Theme.position)))
    return Brainstorm(session_id, theme_ids)


@pytest.fixture
def facilitator(client, make_user, login, brainstorm) -> FlaskClient:
    """The test client, signed in as a facilitator of the brainstorm's organisation."""
    login(make_user(org="kunta"))
    return client


@pytest.fixture
def guest(join_as, brainstorm) -> FlaskClient:
    return join_as(brainstorm.session_id, "Maija", group=None)[0]


@pytest.fixture
def db_ctx(app):
    """Run model queries in the test (an app context, rolled back at the end)."""
    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def add_ideas(app, join_as, brainstorm):
    """Add *n* ideas by a new guest *name* straight in the database; returns their ids."""

    def add(n: int = 1, name: str = "Pekka", theme_id: int | None = None,
            texts: list[str] | None = None) -> list[int]:
        _, participant_id = join_as(brainstorm.session_id, name, group=None)
        with app.app_context():
            ideas = [Idea(theme_id=theme_id or brainstorm.theme_id, participant_id=participant_id,
                          text=text)
                     for text in (texts or [f"{name}n idea {i}" for i in range(1, n + 1)])]
            db.session.add_all(ideas)
            db.session.commit()
            return [idea.id for idea in ideas]

    return add


@pytest.fixture
def set_stage(app):
    def move(session_id: int, stage: str) -> None:
        with app.app_context():
            db.session.get(Session, session_id).stage = Stage(stage)
            db.session.commit()

    return move


@pytest.fixture
def count_rows(app):
    def count(model, **where) -> int:
        with app.app_context():
            query = sa.select(sa.func.count()).select_from(model)
            for name, value in where.items():
                query = query.where(getattr(model, name) == value)
            return db.session.scalar(query)

    return count


def post(client: FlaskClient, path: str, data: dict, page: str, htmx: bool = False):
    """POST *data* with the CSRF token found on *page*, as htmx does when *htmx*."""
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data},
                       headers=headers)


def text_of(response) -> str:
    return response.get_data(as_text=True)


def pressed(html: str, idea_id: int) -> str | None:
    match = re.search(rf'id="support-{idea_id}"[^>]*aria-pressed="(\w+)"', html, re.S)
    return match.group(1) if match else None


__all__ = ["Cluster", "Support", "post", "text_of", "pressed"]
