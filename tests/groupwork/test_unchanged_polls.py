"""A guest's unchanged poll is answered 304 before Flask handles the request
(app/core/unchanged_polls.py); everything else still reaches the app, which answers as
before."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.core import direct_reads as direct_reads_module
from app.core.direct_reads import DirectReads, Unavailable, direct_reads
from app.extensions import db
from app.sessions.models import Affiliation, Session, Stage
from app.sessions.services import join_session
from tests.groupwork.conftest import HTMX, save, text


@pytest.fixture
def reached_flask(app):
    """The paths of the requests that got past the layer to the Flask app."""
    layer = app.wsgi_app
    inner, paths = layer.next, []

    def counting(environ, start_response):
        paths.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    layer.next = counting
    yield paths
    layer.next = inner


@contextmanager
def without_the_layer(app):
    layer = app.wsgi_app
    app.wsgi_app = layer.next
    try:
        yield
    finally:
        app.wsgi_app = layer


def _poll(client, url, tag=None, **headers):
    return client.get(url, headers={**HTMX, **({"If-None-Match": tag} if tag else {}),
                                    **headers})


def _headers(response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name != "Date"}


def test_an_unchanged_poll_is_answered_before_flask_with_the_apps_own_304(
        app, workshop, join_as, reached_flask):
    maija, _ = join_as(workshop.id)
    tag = _poll(maija, workshop.page).headers["ETag"]
    with without_the_layer(app):
        # (Flask-Login marks a guest's session "not fresh" once, with a Set-Cookie.)
        through_flask = [_poll(maija, workshop.page, tag) for _ in range(2)][-1]
    reached_flask.clear()
    fast = _poll(maija, workshop.page, tag)
    assert fast.status_code == 304 and fast.get_data() == b""
    assert reached_flask == []
    assert through_flask.status_code == 304
    assert _headers(fast) == _headers(through_flask)


def test_a_change_goes_on_to_flask_and_shows_the_new_text(workshop, join_as, reached_flask):
    maija, _ = join_as(workshop.id, "Maija")
    pekka, _ = join_as(workshop.id, "Pekka")
    tag = _poll(maija, workshop.page).headers["ETag"]
    save(pekka, workshop, 1, "Pekan tilat")
    reached_flask.clear()
    response = _poll(maija, workshop.page, tag)
    assert response.status_code == 200 and 'value="Pekan tilat"' in text(response)
    assert reached_flask == [workshop.page]


def test_the_language_is_part_of_the_answer(workshop, join_as, reached_flask):
    maija, _ = join_as(workshop.id)
    maija.set_cookie("lang", "sv")
    tag = _poll(maija, workshop.page).headers["ETag"]
    assert _poll(maija, workshop.page, tag).status_code == 304
    maija.set_cookie("lang", "fi")
    reached_flask.clear()
    finnish = _poll(maija, workshop.page, tag)
    assert finnish.status_code == 200 and "Ryhmäsi" in text(finnish)
    assert reached_flask == [workshop.page]
    maija.delete_cookie("lang")
    swedish = _poll(maija, workshop.page, tag, **{"Accept-Language": "sv-FI,sv;q=0.9"})
    assert swedish.status_code == 304


def test_a_stage_move_still_stops_the_poll_with_286(app, workshop, join_as):
    maija, _ = join_as(workshop.id)
    tag = _poll(maija, workshop.page).headers["ETag"]
    with app.app_context():
        session = db.session.get(Session, workshop.id)
        session.stage = Stage.VOTING  # without touching the version: only the stage moved
        db.session.commit()
    assert _poll(maija, workshop.page, tag).status_code == 286


@pytest.mark.parametrize("who", ["stranger", "other session", "forged cookie", "signed in"])
def test_no_one_but_the_participant_gets_a_304(app, client, make_session, make_user, login,
                                               workshop, join_as, reached_flask, who):
    maija, _ = join_as(workshop.id)
    tag = _poll(maija, workshop.page).headers["ETag"]
    cookie = maija.get_cookie(f"yhd_p{workshop.id}").value
    caller = app.test_client()
    if who == "other session":
        other = make_session()
        caller, _ = join_as(other)
        caller.set_cookie(f"yhd_p{workshop.id}", "x" + cookie)
    elif who == "forged cookie":
        caller.set_cookie(f"yhd_p{workshop.id}", cookie[:-2] + "AA")
    elif who == "signed in":  # Aino takes part by her account, and holds Maija's cookie
        login(make_user("asukas@example.fi", name="Aino"))
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == "asukas@example.fi"))
            join_session(db.session.get(Session, workshop.id), "Aino", Affiliation.RESIDENT,
                         user=user)
            db.session.commit()
        caller = client
        caller.set_cookie(f"yhd_p{workshop.id}", cookie)
    reached_flask.clear()
    response = _poll(caller, workshop.page, tag)
    assert reached_flask == [workshop.page]
    if who == "signed in":  # her account comes first: her own list, not Maija's 304
        assert response.status_code == 200 and "Aino (you)" in text(response)
    else:
        assert response.status_code == 404


def test_the_vote_panels_unchanged_poll_is_answered_before_flask(
        app, workshop, join_as, reached_flask):
    maija, _ = join_as(workshop.id)
    with app.app_context():
        db.session.get(Session, workshop.id).stage = Stage.VOTING
        db.session.commit()
    url = f"/p/{workshop.id}/vote?next=/p/{workshop.id}"
    first = _poll(maija, url)
    assert first.status_code == 200
    with without_the_layer(app):
        through_flask = [_poll(maija, url, first.headers["ETag"]) for _ in range(2)][-1]
    reached_flask.clear()
    fast = _poll(maija, url, first.headers["ETag"])
    assert fast.status_code == 304 and reached_flask == []
    assert _headers(fast) == _headers(through_flask)


def test_when_the_layer_cannot_read_flask_answers(app, workshop, join_as, reached_flask):
    maija, _ = join_as(workshop.id)
    tag = _poll(maija, workshop.page).headers["ETag"]
    layer, read = app.wsgi_app, app.wsgi_app.read

    def busy(query, params):
        raise Unavailable  # every direct connection in use, or its database gone

    layer.read = busy
    try:
        reached_flask.clear()
        answer = _poll(maija, workshop.page, tag)
    finally:
        layer.read = read
    assert answer.status_code == 304 and reached_flask == [workshop.page]


def test_direct_reads_are_for_postgresql_through_psycopg_only():
    assert direct_reads("sqlite:///yhdessa.db") is None
    assert direct_reads("postgresql+psycopg2://db.example/yhdessa") is None
    assert isinstance(direct_reads("postgresql+psycopg://db.example/yhdessa"), DirectReads)


def test_a_database_that_cannot_be_reached_gives_up_its_connection(monkeypatch):
    monkeypatch.setattr(direct_reads_module, "CONNECT_TIMEOUT_S", 1)
    reads = direct_reads("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    statement = sa.select(sa.literal(1))
    for _ in range(direct_reads_module.MOST_CONNECTIONS + 1):
        with pytest.raises(Unavailable):
            reads(statement, {})
    assert reads.open == 0  # no failed attempt keeps a place among the few connections
