"""Fixtures for the live pages and the combined list: people in every role, submitted lists.

Lists are made with the real group-work services (a member saves and submits,
or the facilitator types in a paper sheet), so the aggregate is built as in use.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app.aggregation.models import AggregateItem
from app.extensions import db
from app.groupwork import services as groupwork
from app.groupwork.models import Priority
from app.sessions.models import Affiliation, Group, Participant, Session, Theme
from app.sessions.services import join_session
from tests.conftest import PASSWORD, post_form

ROLES_WITHOUT_ACCESS = ("anonymous", "guest", "staff", "outsider")
# Who knows the session exists (its participant, its organisation's staff) is refused with
# 403; to anyone else the session does not exist.
REFUSAL = {"anonymous": 404, "guest": 403, "staff": 403, "outsider": 404}


@pytest.fixture
def workshop(make_org, make_user, login, make_session) -> int:
    """An open workshop of organisation "kunta" (two themes, three groups); the
    ``client`` fixture is signed in as its facilitator."""
    make_org("kunta")
    login(make_user(org="kunta", role="facilitator"))
    return make_session(org="kunta", themes=("Palvelulupaus", "Rakenteet"))


@pytest.fixture
def client_as(app: Flask, make_org, make_user, join_as):
    """A new client for *role*: anonymous, guest (joined the session), staff of the
    session's organisation, outsider (facilitator elsewhere), facilitator or admin."""

    def make(role: str, session_id: int) -> FlaskClient:
        if role == "guest":
            guest, _ = join_as(session_id, "Vieras")
            return guest
        client = app.test_client()
        if role == "anonymous":
            return client
        org = "muu" if role == "outsider" else "kunta"
        if org == "muu":
            make_org("muu", "Muu kunta")
        member_role = {"staff": "staff", "admin": "admin"}.get(role, "facilitator")
        email = make_user(f"{role}@example.fi", org=org, role=member_role)
        post_form(client, "/login", {"email": email, "password": PASSWORD})
        return client

    return make


@pytest.fixture
def ids(app: Flask):
    """ids(session_id) → ({group name: id}, [theme ids in order])."""

    def read(session_id: int) -> tuple[dict[str, int], list[int]]:
        with app.app_context():
            groups = dict(db.session.execute(
                sa.select(Group.name, Group.id).where(Group.session_id == session_id)).all())
            themes = db.session.scalars(sa.select(Theme.id).where(Theme.session_id == session_id)
                                        .order_by(Theme.position, Theme.id)).all()
        return groups, list(themes)

    return read


@pytest.fixture
def submit_list(app: Flask):
    """submit_list(session_id, "Ryhmä 1", ["a", "b", "c"], theme=0, paper=False) submits a
    group's ranked list (reasoning "Perustelu: <title>"); returns {title: aggregate item id}."""

    def submit(session_id: int, group_name: str, titles: list[str], theme: int = 0,
               paper: bool = False) -> dict[str, int]:
        with app.app_context():
            session = db.session.get(Session, session_id)
            group = db.session.scalar(sa.select(Group).where(
                Group.session_id == session_id, Group.name == group_name))
            chosen = db.session.scalars(sa.select(Theme).where(Theme.session_id == session_id)
                                        .order_by(Theme.position, Theme.id)).all()[theme]
            entries = [(title, f"Perustelu: {title}") for title in titles]
            if paper:
                submission = groupwork.enter_paper(session, group, chosen, entries, "fasi")
            else:
                member = db.session.scalar(sa.select(Participant).where(
                    Participant.group_id == group.id))
                if member is None:
                    member, _ = join_session(session, f"Jäsen {group_name}",
                                             Affiliation.RESIDENT, group)
                for rank, (title, reasoning) in enumerate(entries, start=1):
                    groupwork.save_slot(session, member, chosen, rank, title, reasoning, 0)
                submission = groupwork.submit(session, member, chosen)
            db.session.commit()
            return dict(db.session.execute(
                sa.select(Priority.title, Priority.aggregate_id)
                .where(Priority.submission_id == submission.id)).all())

    return submit


@pytest.fixture
def item_titles(app: Flask):
    """item_titles(session_id) → the aggregate items' titles of the session's first theme."""

    def read(session_id: int) -> list[str]:
        with app.app_context():
            return sorted(db.session.scalars(
                sa.select(AggregateItem.title).join(Theme, Theme.id == AggregateItem.theme_id)
                .where(Theme.session_id == session_id, Theme.position == 0)).all())

    return read


@pytest.fixture
def scene(app: Flask, workshop: int, ids, submit_list) -> dict:
    """The workshop with two submitted lists for the first theme, one merged pair and a
    member in "Ryhmä 1": what every action of the live pages needs."""
    from app.aggregation.services import merge

    groups, themes = ids(workshop)
    first = submit_list(workshop, "Ryhmä 1", ["Tilat", "Avustukset", "Palveluohjaus"])
    second = submit_list(workshop, "Ryhmä 2", ["Tilat maksutta", "Kokemustieto", "Liikunta"])
    with app.app_context():
        session = db.session.get(Session, workshop)
        theme = db.session.get(Theme, themes[0])
        merged = merge(session, theme, [first["Avustukset"], second["Kokemustieto"]], "Tuki",
                       None)
        db.session.commit()
        member = db.session.scalar(sa.select(Participant.id).where(
            Participant.group_id == groups["Ryhmä 1"]))
        merged_id = merged.id
    return {"session": workshop, "groups": groups, "themes": themes, "member": member,
            "first": first, "second": second, "merged": merged_id}
