"""Join attempts are limited per address and per code; the answer is a translated 429 page."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.sessions.models import Session
from tests.conftest import csrf_token


@pytest.fixture
def code(app, make_session) -> str:
    session_id = make_session()
    with app.app_context():
        return db.session.get(Session, session_id).join_code


def _join(client, code: str, name: str):
    return client.post(f"/join/{code}", data={
        "csrf_token": csrf_token(client, "/join"), "display_name": name,
        "affiliation": "resident", "group": ""})


def test_joins_from_one_address_are_limited(app, client, code, monkeypatch):
    monkeypatch.setitem(app.config, "JOIN_RATE_LIMIT", "2 per minute")
    statuses = [_join(app.test_client(), code, f"Osallistuja {i}").status_code for i in range(3)]
    assert statuses == [303, 303, 429]


def test_joins_to_one_code_are_limited(app, code, monkeypatch):
    monkeypatch.setitem(app.config, "JOIN_CODE_RATE_LIMIT", "1 per minute")
    first = _join(app.test_client(), code, "Eka")
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.2"  # another address, the same code
    second = _join(elsewhere, code.lower(), "Toka")
    assert (first.status_code, second.status_code) == (303, 429)


def test_guessing_codes_is_stopped_with_a_translated_page(client, code):
    statuses = [client.get(f"/join/QQQQ{i:02d}").status_code for i in range(10)]
    assert set(statuses) == {404}
    response = client.get(f"/join/{code}", headers={"Accept-Language": "fi"})
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert "<h1>Liian monta yritystä</h1>" in response.get_data(as_text=True)


def test_a_room_joining_from_one_address_is_not_stopped(app, code):
    statuses = {_join(app.test_client(), code, f"Osallistuja {i}").status_code
                for i in range(25)}
    assert statuses == {303}
