"""Join attempts are limited per address and per code, and guessing codes is stopped,
while a whole room behind one venue address still gets in (app/participation/limits.py).
The answer to a refused attempt is a translated 429 page."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.sessions.models import Session
from tests.conftest import csrf_token

ROOM_CODE = "KQ4MXT"


@pytest.fixture
def code(app, make_session) -> str:
    """The join code of an open workshop, chosen so tests know its prefix."""
    session_id = make_session()
    with app.app_context():
        db.session.get(Session, session_id).join_code = ROOM_CODE
        db.session.commit()
    return ROOM_CODE


@pytest.fixture
def other_code(app, make_session) -> str:
    session_id = make_session(title="Toinen työpaja")
    with app.app_context():
        db.session.get(Session, session_id).join_code = "AC7PRT"
        db.session.commit()
    return "AC7PRT"


def _join(client, code: str, name: str):
    path = f"/join/{code}"
    return client.post(path, data={"csrf_token": csrf_token(client, path), "display_name": name,
                                   "affiliation": "resident", "group": ""})


def _unknown(prefix: str, number: int) -> str:
    """An unknown code starting with *prefix* (no session has a 9 in the 3rd place here)."""
    letters = "ACDEFGHJKMNPQRTUVWXY"
    return f"{prefix}9{letters[number // 20 % 20]}{letters[number % 20]}3"


def _prefixes(count: int) -> list[str]:
    """*count* two-letter prefixes, none of them the room's (KQ) or the other code's (AC)."""
    letters = "DEFGHJMNPRTUVWXY"
    return [a + b for a in letters for b in letters][:count]


def test_joins_from_one_address_are_limited(app, code, monkeypatch):
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


def test_guessing_codes_of_one_prefix_stops_that_prefix_with_a_translated_page(
        client, code, other_code):
    statuses = {client.get(f"/join/{_unknown('KQ', i)}").status_code for i in range(10)}
    assert statuses == {404}
    # The room's own code starts the same: while the limit lasts it gets the same answer
    # as any unknown code, so the 429s tell a guesser nothing.
    response = client.get(f"/join/{code}", headers={"Accept-Language": "fi"})
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert "<h1>Liian monta yritystä</h1>" in response.get_data(as_text=True)
    assert client.get(f"/join/{_unknown('KQ', 99)}").status_code == 429
    # A code with another prefix is not affected.
    assert client.get(f"/join/{other_code}").status_code == 200


def test_guessing_codes_of_every_prefix_is_stopped(client, code):
    statuses = {client.get(f"/join/{_unknown(prefix, 0)}").status_code
                for prefix in _prefixes(30)}
    assert statuses == {404}
    assert client.get(f"/join/{code}").status_code == 429
    assert client.get(f"/join/{_unknown('WW', 1)}").status_code == 429


def test_a_code_this_address_has_reached_stays_open_to_it(app, client, code, other_code):
    assert client.get(f"/join/{code}").status_code == 200
    for prefix in _prefixes(30):
        client.get(f"/join/{_unknown(prefix, 0)}")
    assert client.get(f"/join/{code}").status_code == 200
    assert _join(app.test_client(), code, "Myöhästynyt").status_code == 303
    # A code the address had not reached is refused like any guess.
    assert client.get(f"/join/{other_code}").status_code == 429


def test_a_room_of_500_behind_one_address_joins_despite_mistyped_codes(app, client, code):
    """Everyone shares the venue's address. Before anyone gets in, ten people type codes
    of other sessions wrong; then every 25th person mistypes the room's own code first."""
    for prefix in _prefixes(10):
        assert client.get(f"/join/{_unknown(prefix, 0)}").status_code == 404
    statuses = []
    for number in range(500):
        member = app.test_client()
        if number % 25 == 24:
            assert member.get(f"/join/{_unknown('KQ', number)}").status_code in (404, 429)
        statuses.append(_join(member, code, f"Osallistuja {number}").status_code)
    assert statuses == [303] * 500
