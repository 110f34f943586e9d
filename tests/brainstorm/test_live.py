"""Live lists: polled fragments answer 304 while nothing changed, 200 after a change,
and 286 (stop polling) once the stage has moved on."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.sessions.models import Session
from tests.brainstorm.conftest import post, text_of

HTMX = {"HX-Request": "true"}


def _poll(client, url, tag=None):
    headers = dict(HTMX)
    if tag:
        headers["If-None-Match"] = tag
    return client.get(url, headers=headers)


def _version(app, session_id):
    with app.app_context():
        return db.session.get(Session, session_id).version


def test_the_board_fragment_is_the_list_only(brainstorm, guest):
    html = text_of(_poll(guest, f"{brainstorm.board}?theme={brainstorm.theme_id}"))
    assert html.lstrip().startswith("<div id=\"idea-list\"")
    assert "<html" not in html and 'id="add-idea"' not in html
    assert 'hx-trigger="every 3s"' in html


def test_board_polling_answers_304_until_someone_adds_an_idea(brainstorm, guest, join_as, app):
    url = f"{brainstorm.board}?theme={brainstorm.theme_id}"
    first = _poll(guest, url)
    tag = first.headers["ETag"]
    assert first.status_code == 200 and tag
    assert first.headers["Cache-Control"] == "no-cache, private"
    assert "HX-Request" in first.headers["Vary"]

    version = _version(app, brainstorm.session_id)
    unchanged = _poll(guest, url, tag)
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    assert _version(app, brainstorm.session_id) == version, "a poll must not write"

    other, _ = join_as(brainstorm.session_id, "Pekka", group=None)
    post(other, brainstorm.add_url(), {"text": "Pekan uusi idea"}, brainstorm.board)
    changed = _poll(guest, url, tag)
    assert changed.status_code == 200
    assert "Pekan uusi idea" in text_of(changed)
    assert changed.headers["ETag"] != tag


@pytest.mark.parametrize("stage", ["voting", "closed"])
def test_board_polling_stops_with_286_when_the_stage_leaves_open(
        brainstorm, guest, add_ideas, set_stage, stage):
    add_ideas(1)
    url = f"{brainstorm.board}?theme={brainstorm.theme_id}"
    tag = _poll(guest, url).headers["ETag"]
    set_stage(brainstorm.session_id, stage)
    for sent in (tag, None):
        response = _poll(guest, url, sent)
        assert response.status_code == 286
        html = text_of(response)
        assert "hx-trigger" not in html and "support-button" not in html
        assert "Pekkan idea 1" in html


def test_the_full_board_page_is_never_a_304(brainstorm, guest):
    first = guest.get(brainstorm.board)
    assert "ETag" not in first.headers
    assert guest.get(brainstorm.board, headers={"If-None-Match": "*"}).status_code == 200


def test_manage_polling_answers_304_200_and_286(brainstorm, facilitator, join_as, set_stage):
    url = brainstorm.manage()
    first = _poll(facilitator, url)
    html = text_of(first)
    assert first.status_code == 200
    assert html.lstrip().startswith('<div id="manage-ideas"')
    tag = first.headers["ETag"]
    assert _poll(facilitator, url, tag).status_code == 304

    guest, _ = join_as(brainstorm.session_id, "Maija", group=None)
    post(guest, brainstorm.add_url(), {"text": "Maijan idea"}, brainstorm.board)
    changed = _poll(facilitator, url, tag)
    assert changed.status_code == 200 and "Maijan idea" in text_of(changed)

    set_stage(brainstorm.session_id, "voting")
    stopped = _poll(facilitator, url, changed.headers["ETag"])
    assert stopped.status_code == 286
    assert "hx-trigger" not in text_of(stopped) and "Maijan idea" in text_of(stopped)


def test_a_poll_for_another_participant_gets_its_own_etag(brainstorm, guest, join_as):
    url = f"{brainstorm.board}?theme={brainstorm.theme_id}"
    other, _ = join_as(brainstorm.session_id, "Pekka", group=None)
    assert _poll(guest, url).headers["ETag"] != _poll(other, url).headers["ETag"]
