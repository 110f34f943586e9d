"""Broken input gets a clear 422, never a 500: NUL characters wherever input enters,
numbers too big for the database, dates no calendar of ours holds.

PostgreSQL refuses NUL characters in text and SQLite stores them, so run this module
on PostgreSQL too (TEST_DATABASE_URL).
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.sessions.models import Session
from tests.conftest import csrf_token, post_form

HUGE = "99999999999999999999"
BEYOND_32_BITS = str(2**31)


def _code(app, session_id: int) -> str:
    with app.app_context():
        return db.session.get(Session, session_id).join_code


def _refused_clearly(response) -> None:
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    main = page.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "Traceback" not in page and "\x00" not in main


# --- NUL characters ---------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/join/AB%00CD", "/join?code=AB%00CD", "/sessions/?q=%00", "/organisations/ku%00nta/members",
    "/api/v1/sessions/1/results?x=%00",
])
def test_a_nul_in_the_address_is_refused(client, path):
    _refused_clearly(client.get(path))


def test_a_nul_in_a_signin_email_is_refused_and_the_address_kept_without_it(client):
    response = post_form(client, "/login", {"email": "fasi\x00@example.fi", "password": "x"})
    _refused_clearly(response)
    assert ">fasi@example.fi</textarea>" in response.get_data(as_text=True)


def test_a_nul_in_a_joining_name_is_refused_and_nobody_joins(app, client, workshop):
    code = _code(app, workshop)
    response = post_form(client, f"/join/{code}", {
        "display_name": "Mai\x00ja", "affiliation": "resident", "group": ""})
    _refused_clearly(response)
    assert ">Maija</textarea>" in response.get_data(as_text=True)


def test_a_nul_in_a_session_title_is_refused(client, workshop):
    response = post_form(client, "/sessions/new", {
        "title": "Työ\x00paja", "kind": "workshop", "language": "fi",
        "results_visibility": "live"})
    _refused_clearly(response)


def test_a_nul_in_a_json_body_is_refused(client):
    response = client.post("/language", data=json.dumps({"lang": "fi\x00"}),
                           content_type="application/json")
    _refused_clearly(response)


@pytest.mark.parametrize("header", ["Authorization", "HX-Request", "Accept-Language", "Origin"])
def test_a_nul_in_a_header_is_refused(client, header):
    _refused_clearly(client.get("/api/v1/me", headers={header: "Bearer ab\x00cd"}))


def test_a_nul_in_a_cookie_is_refused(client):
    client.set_cookie("lang", "fi\x00")
    _refused_clearly(client.get("/"))


def test_an_api_refusal_for_a_nul_is_json(client):
    response = client.get("/api/v1/sessions/1/results?x=%00")
    assert response.status_code == 422 and "error" in response.get_json()


# --- numbers too big for the database ------------------------------------------------


@pytest.mark.parametrize("value", [HUGE, BEYOND_32_BITS, "-" + HUGE])
def test_a_version_too_big_for_the_database_is_a_form_error(app, make_session, join_as, value):
    session_id = make_session()
    guest, _ = join_as(session_id)
    page = guest.get(f"/p/{session_id}").headers["Location"]
    response = guest.post(f"{page}/slots/1", data={
        "slot-1-csrf_token": csrf_token(guest, page), "slot-1-title": "Tilat",
        "slot-1-reasoning": "Perustelu", "slot-1-version": value})
    _refused_clearly(response)
    assert "Tilat" in response.get_data(as_text=True)  # the typed title is still there


@pytest.mark.parametrize("field", ["version", "to"])
def test_a_move_with_numbers_too_big_is_refused(app, make_session, join_as, field):
    session_id = make_session()
    guest, _ = join_as(session_id)
    page = guest.get(f"/p/{session_id}").headers["Location"]
    data = {"version": "0", "to": "2", field: HUGE}
    response = guest.post(f"{page}/slots/1/move",
                          data={"csrf_token": csrf_token(guest, page), **data})
    _refused_clearly(response)


def test_moving_a_participant_to_a_group_id_beyond_32_bits_is_refused(client, scene):
    session_id = scene["session"]
    response = post_form(client, f"/sessions/{session_id}/participants/{scene['member']}/group",
                         {"group": BEYOND_32_BITS}, page=f"/sessions/{session_id}/dashboard")
    _refused_clearly(response)


def test_merging_items_with_ids_beyond_32_bits_is_refused(client, scene):
    session_id, theme_id = scene["session"], scene["themes"][0]
    page = f"/sessions/{session_id}/themes/{theme_id}/aggregate"
    response = post_form(client, f"{page}/merge", {"items": [HUGE, BEYOND_32_BITS]}, page=page)
    _refused_clearly(response)


def test_moving_ideas_with_ids_beyond_32_bits_is_refused(app, client, workshop, make_session):
    brainstorm = make_session(kind="brainstorm", themes=("Kysymys",))
    with app.app_context():
        from app.sessions.models import Theme

        theme_id = db.session.scalar(sa.select(Theme.id).where(Theme.session_id == brainstorm))
    page = f"/sessions/{brainstorm}/ideas/{theme_id}"
    token = csrf_token(client, page)
    response = client.post(f"{page}/move", data={
        "bulk-csrf_token": token, "bulk-ideas": [HUGE], "bulk-cluster": ""})
    _refused_clearly(response)


# --- dates out of range ----------------------------------------------------------------


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59", "1899-05-01T10:00"])
def test_a_date_no_session_can_have_is_a_form_error(client, workshop, moment):
    response = post_form(client, "/sessions/new", {
        "title": "Työpaja", "kind": "workshop", "language": "fi",
        "results_visibility": "live", "scheduled_at": moment})
    _refused_clearly(response)
    assert "Give a date between" in response.get_data(as_text=True)
