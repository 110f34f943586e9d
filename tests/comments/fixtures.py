"""Fixtures for comment threads: an item of a workshop's combined list and posting."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from app.brainstorm import services as brainstorm
from app.extensions import db
from app.sessions.models import Participant, Session, Theme
from tests.conftest import csrf_token

HTMX = {"HX-Request": "true"}


def thread_url(target: str, target_id: int) -> str:
    return f"/comments/{target}/{target_id}"


@pytest.fixture
def item(workshop, submit_list) -> int:
    """The id of an item of the workshop's combined list (first theme)."""
    return submit_list(workshop, "Ryhmä 1", ["Lähipalvelut", "Liikenne", "Nuoret"])["Lähipalvelut"]


@pytest.fixture
def post_comment():
    """post_comment(client, url, body, parent=None, htmx=False) → response."""

    def post(client: FlaskClient, url: str, body: str, parent: int | None = None,
             htmx: bool = False, **fields):
        data = {"csrf_token": csrf_token(client, url)}
        if parent is None:
            data["body"] = body
        else:
            data |= {"parent": str(parent), f"reply-{parent}-body": body}
        return client.post(url, data=data | fields, headers=HTMX if htmx else {})

    return post


def comment_ids(page: str) -> list[int]:
    found = re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', page)
    return [int(number) for number in found]


@pytest.fixture
def idea_board(app, make_org, make_user, login, make_session, join_as):
    """A brainstorm of "kunta" (its facilitator signed in on ``client``) that the guest Maija
    has joined: ``(session_id, maija, add)``, where ``add(text, hidden_reason=None)`` adds
    her idea (hidden by the facilitator when a reason is given) and returns its id."""
    make_org("kunta")
    login(make_user(org="kunta", role="facilitator"))
    session_id = make_session(org="kunta", kind="brainstorm")
    guest, _ = join_as(session_id, "Maija", group=None)

    def add(text: str, hidden_reason: str | None = None) -> int:
        with app.app_context():
            session = db.session.get(Session, session_id)
            theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
            participant = db.session.scalar(sa.select(Participant).where(
                Participant.session_id == session_id))
            idea = brainstorm.add_idea(session, participant, theme, text)
            if hidden_reason:
                brainstorm.hide_idea(session, idea, hidden_reason, None)
            db.session.commit()
            return idea.id

    return session_id, guest, add
