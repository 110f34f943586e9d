"""The list polls every few seconds: 304 while nothing changed (one small query), the new
list after another member's change, and 286 to stop once group work is over."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.sessions.models import Session, Stage
from tests.groupwork.conftest import HTMX, save, text


def _poll(client, ws, tag=None):
    headers = dict(HTMX, **({"If-None-Match": tag} if tag else {}))
    return client.get(ws.page, headers=headers)


def test_poll_answers_the_list_fragment_with_an_etag(workshop, join_as):
    maija, _ = join_as(workshop.id)
    response = _poll(maija, workshop)
    assert response.status_code == 200
    assert response.headers["ETag"] and response.headers["Cache-Control"] == "no-cache, private"
    assert "HX-Request" in response.headers["Vary"]
    body = text(response)
    assert body.lstrip().startswith('<section id="group-work"')
    assert 'hx-trigger="every 3s"' in body and "<html" not in body


def test_unchanged_list_answers_304_after_one_query(workshop, join_as, count_queries):
    maija, _ = join_as(workshop.id)
    tag = _poll(maija, workshop).headers["ETag"]
    with count_queries() as statements:
        response = _poll(maija, workshop, tag)
    assert response.status_code == 304
    assert response.get_data() == b""
    assert len(statements) == 1, statements


def test_another_members_change_answers_200_with_their_text(workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, _ = join_as(workshop.id, "Pekka")
    tag = _poll(maija, workshop).headers["ETag"]
    save(pekka, workshop, 1, "Pekan tilat")
    response = _poll(maija, workshop, tag)
    assert response.status_code == 200
    assert 'value="Pekan tilat"' in text(response)
    assert response.headers["ETag"] != tag


def test_a_change_in_another_group_leaves_the_list_unchanged(workshop, join_as):
    maija, _ = join_as(workshop.id, "Maija")
    liisa, _ = join_as(workshop.id, "Liisa", group="Ryhmä 2")
    tag = _poll(maija, workshop).headers["ETag"]
    save(liisa, workshop, 1, "Liisan tilat")
    assert _poll(maija, workshop, tag).status_code == 304


def test_the_poll_stops_with_286_when_group_work_ends(app, workshop, join_as):
    maija, _ = join_as(workshop.id)
    tag = _poll(maija, workshop).headers["ETag"]
    with app.app_context():
        session = db.session.get(Session, workshop.id)
        session.stage = Stage.VOTING
        session.touch()
        db.session.commit()
    response = _poll(maija, workshop, tag)
    assert response.status_code == 286
    assert "moved on to voting" in text(response)
    assert "hx-trigger" not in text(response)
    # Even a client that somehow sends the current tag is told to stop.
    assert _poll(maija, workshop, response.headers.get("ETag") or tag).status_code == 286


def test_the_poll_is_404_for_someone_who_is_not_in_the_session(app, workshop, join_as):
    maija, _ = join_as(workshop.id)
    tag = _poll(maija, workshop).headers["ETag"]
    assert app.test_client().get(workshop.page, headers=dict(
        HTMX, **{"If-None-Match": tag})).status_code == 404


def test_polling_writes_nothing(app, workshop, join_as, count_queries):
    maija, _ = join_as(workshop.id)
    with app.app_context():
        version = db.session.scalar(sa.select(Session.version).where(Session.id == workshop.id))
    with count_queries() as statements:
        _poll(maija, workshop)
        maija.get(workshop.page)
    assert not [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
    with app.app_context():
        assert db.session.scalar(
            sa.select(Session.version).where(Session.id == workshop.id)) == version
