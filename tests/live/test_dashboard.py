"""The facilitator's dashboard: who is where, how far each group is, and the overrides."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.aggregation.models import AggregateItem
from app.audit.models import AuditEntry
from app.extensions import db
from app.groupwork import services as groupwork
from app.groupwork.models import Submission, SubmissionState
from app.sessions.models import Participant, Session, Stage, Theme
from tests.conftest import post_form

HTMX = {"HX-Request": "true"}


def _dashboard(client, session_id: int, **headers) -> str:
    response = client.get(f"/sessions/{session_id}/dashboard", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _set_stage(app, session_id: int, stage: Stage) -> None:
    with app.app_context():
        db.session.get(Session, session_id).stage = stage
        db.session.commit()


def _states(page: str) -> list[str]:
    return re.findall(r'class="state state-(\w+)"', page)


def test_dashboard_shows_code_members_affiliations_and_empty_states(client, workshop, join_as,
                                                                    app):
    join_as(workshop, "Maija", group="Ryhmä 1")
    join_as(workshop, "Pekka", group="Ryhmä 2", affiliation="association")
    join_as(workshop, "Liisa", group="Ryhmä 2", affiliation="resident")
    page = _dashboard(client, workshop)
    with app.app_context():
        code = db.session.get(Session, workshop).join_code
    assert code in page and f"/join/{code}" in page
    assert "3 participants" in page
    assert "Resident: <strong>2</strong>" in page
    assert "Association or NGO: <strong>1</strong>" in page
    assert "Maija" in page and "Pekka" in page
    assert _states(page) == ["empty"] * 6  # 3 groups × 2 themes
    assert "not started" in page


def test_a_brainstorms_dashboard_leads_to_the_ideas_of_each_question(
        client, workshop, make_session, join_as, app):
    session_id = make_session(org="kunta", kind="brainstorm", themes=("Mitä toivotte?",))
    join_as(session_id, "Ulla", group=None)
    with app.app_context():
        theme_id = db.session.scalar(sa.select(Theme.id).where(Theme.session_id == session_id))
    page = client.get(f"/sessions/{session_id}/dashboard").get_data(as_text=True)
    assert (f'<a href="/sessions/{session_id}/ideas/{theme_id}" lang="fi">Mitä toivotte?</a>'
            in page)
    assert "Who has joined" in page and "Ulla" in page
    assert "Groups" not in page and "Combined lists" not in page and "Not in a group" not in page


def test_each_theme_shows_drafting_submitted_or_paper(client, workshop, join_as, submit_list,
                                                      app):
    _, member = join_as(workshop, "Maija", group="Ryhmä 1")
    with app.app_context():
        session = db.session.get(Session, workshop)
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == workshop,
                                                         Theme.position == 1))
        groupwork.save_slot(session, db.session.get(Participant, member), theme, 1, "Tilat",
                            "Koska", 0)
        db.session.commit()
    submit_list(workshop, "Ryhmä 2", ["A", "B", "C"])
    submit_list(workshop, "Ryhmä 3", ["D", "E", "F"], paper=True)
    page = _dashboard(client, workshop)
    # rows are groups 1..3, columns the two themes
    assert _states(page) == ["empty", "drafting", "submitted", "empty", "paper", "empty"]
    assert "in progress" in page and "submitted on paper" in page
    assert page.count(">Unlock<") == 2
    assert "Last activity" in page and "<time datetime=" in page


def test_fragment_is_only_the_board_and_keeps_polling(client, workshop):
    fragment = _dashboard(client, workshop, **HTMX)
    assert "<html" not in fragment and 'id="board"' in fragment
    assert 'hx-trigger="every 3s"' in fragment


def test_poll_answers_304_until_something_changes(client, workshop, join_as):
    url = f"/sessions/{workshop}/dashboard"
    first = client.get(url, headers=HTMX)
    tag = first.headers["ETag"].strip('"')
    assert f'data-etag="{tag}"' in first.get_data(as_text=True)
    again = client.get(url, headers={**HTMX, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    join_as(workshop, "Uusi Osallistuja")
    changed = client.get(url, headers={**HTMX, "If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert "Uusi Osallistuja" in changed.get_data(as_text=True)


def test_poll_reads_the_user_the_session_and_its_versions_only(client, workshop, count_queries):
    url = f"/sessions/{workshop}/dashboard"
    tag = client.get(url, headers=HTMX).headers["ETag"]
    with count_queries() as queries:
        assert client.get(url, headers={**HTMX, "If-None-Match": tag}).status_code == 304
    assert "FROM sessions" in " ".join(queries)
    # the user, their memberships, the session row and one query of sums and counts
    assert len(queries) <= 4
    [versions] = [query for query in queries if "FROM participants" in query]
    assert "count(participants.id)" in versions and "sum(submissions.version)" in versions
    assert not [query for query in queries if "priorities" in query]


def test_poll_stops_with_286_once_the_session_is_closed(client, workshop, app):
    url = f"/sessions/{workshop}/dashboard"
    tag = client.get(url, headers=HTMX).headers["ETag"]
    _set_stage(app, workshop, Stage.CLOSED)
    response = client.get(url, headers={**HTMX, "If-None-Match": tag})
    assert response.status_code == 286
    assert "hx-trigger" not in response.get_data(as_text=True)
    assert "hx-trigger" not in _dashboard(client, workshop)


def test_stage_buttons_post_to_the_stage_move_and_come_back(client, workshop):
    page = _dashboard(client, workshop)
    assert f'action="/sessions/{workshop}/stage"' in page
    assert 'name="stage" value="voting"' in page
    assert f'name="next" value="/sessions/{workshop}/dashboard"' in page


def test_unlock_returns_the_list_to_draft_and_takes_it_out_of_the_aggregate(
        client, scene, app, item_titles):
    session_id, groups, theme = scene["session"], scene["groups"], scene["themes"][0]
    response = post_form(client, f"/sessions/{session_id}/groups/{groups['Ryhmä 2']}/themes/"
                         f"{theme}/unlock", {}, page="/login", follow_redirects=True)
    assert "Ryhmä 2 can edit its list" in response.get_data(as_text=True)
    with app.app_context():
        submission = db.session.scalar(sa.select(Submission).where(
            Submission.group_id == groups["Ryhmä 2"], Submission.theme_id == theme))
        assert submission.state == SubmissionState.DRAFT
        assert db.session.scalar(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc())
                                 .limit(1)) == "submission.unlocked"
        merged = db.session.get(AggregateItem, scene["merged"])
        assert merged is not None  # still holds Ryhmä 1's member
    assert item_titles(session_id) == ["Palveluohjaus", "Tilat", "Tuki"]
    assert _states(_dashboard(client, session_id))[2] == "drafting"


def test_unlock_is_refused_once_group_work_has_ended(client, scene, app):
    _set_stage(app, scene["session"], Stage.VOTING)
    groups, theme = scene["groups"], scene["themes"][0]
    response = post_form(client, f"/sessions/{scene['session']}/groups/{groups['Ryhmä 1']}"
                         f"/themes/{theme}/unlock", {}, page="/login")
    assert response.status_code == 409
    assert ">Unlock<" not in _dashboard(client, scene["session"])


def test_moving_a_participant_changes_their_group_and_is_audited(client, scene, app):
    response = post_form(client, f"/sessions/{scene['session']}/participants/{scene['member']}"
                         "/group", {"group": str(scene["groups"]["Ryhmä 3"])}, page="/login",
                         follow_redirects=True)
    assert "is now in Ryhmä 3" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, scene["member"]).group_id == scene["groups"]["Ryhmä 3"]
        assert "participant.moved" in db.session.scalars(sa.select(AuditEntry.action)).all()


def test_moving_is_refused_after_group_work(client, scene, app):
    _set_stage(app, scene["session"], Stage.VOTING)
    response = post_form(client, f"/sessions/{scene['session']}/participants/{scene['member']}"
                         "/group", {"group": str(scene["groups"]["Ryhmä 3"])}, page="/login")
    assert response.status_code == 409
    assert 'class="inline-form move-form"' not in _dashboard(client, scene["session"])


@pytest.mark.parametrize("value", ["", "kolme"])
def test_moving_without_a_group_number_is_refused(client, scene, value):
    response = post_form(client, f"/sessions/{scene['session']}/participants/{scene['member']}"
                         "/group", {"group": value}, page="/login")
    assert response.status_code == 422


def test_html_in_names_is_shown_as_text(client, workshop, join_as):
    join_as(workshop, "<script>alert(1)</script>")
    page = _dashboard(client, workshop)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
