"""Stage moves: buttons that say what happens, a confirmation page without script,
illegal moves refused with 409, every move in the audit log."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.sessions.models import STAGE_MOVES, Session, Stage
from app.sessions.moves import STAGE_ACTIONS
from tests.sessions.conftest import post, text_of


@pytest.fixture
def client(sign_in):
    return sign_in("facilitator")


def _stage(app, session_id) -> Stage:
    with app.app_context():
        return db.session.get(Session, session_id).stage


def test_every_legal_move_has_a_button_text():
    assert set(STAGE_ACTIONS) == {(a, b) for a, targets in STAGE_MOVES.items() for b in targets}


@pytest.mark.parametrize("stage,button", [
    ("draft", "Open the session for joining"),
    ("open", "Start voting (group work freezes)"),
    ("voting", "Show results"),
    ("results", "Close and archive"),
])
def test_the_session_page_offers_the_next_move(orgs, make_session, client, stage, button):
    page = client.get(f"/sessions/{make_session(stage=stage)}").get_data(as_text=True)
    assert f">{button}</button>" in page
    assert "data-confirm=" in page and 'name="confirm_first" value="1"' in page


@pytest.mark.parametrize("stage,button", [
    ("open", "Start voting (adding ideas ends)"),
    ("voting", "Reopen for ideas"),
])
def test_a_brainstorm_speaks_of_ideas_not_group_work(orgs, make_session, client, stage, button):
    session_id = make_session(kind="brainstorm", stage=stage, themes=("Kysymys",))
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert f">{button}</button>" in page
    assert "group work" not in page.lower() and "groups can" not in page.lower()


def test_a_move_goes_through_and_is_audit_logged(app, orgs, make_session, client):
    session_id = make_session(stage="open")
    with app.app_context():
        version = db.session.get(Session, session_id).version
    response = post(client, f"/sessions/{session_id}/stage", {"stage": "voting"})
    assert response.status_code == 302
    assert response.location.endswith(f"/sessions/{session_id}#stage")
    assert _stage(app, session_id) == Stage.VOTING
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "session.stage_moved"))
        assert (entry.before, entry.after) == ({"stage": "open"}, {"stage": "voting"})
        assert entry.actor_label == "facilitator@example.fi"
        assert db.session.get(Session, session_id).version > version


@pytest.mark.parametrize("stage,target", [("draft", "voting"), ("open", "closed"),
                                          ("closed", "open"), ("draft", "draft")])
def test_an_illegal_move_is_refused(app, orgs, make_session, client, stage, target):
    session_id = make_session(stage=stage)
    response = post(client, f"/sessions/{session_id}/stage", {"stage": target})
    assert response.status_code == 409
    assert "cannot move to that stage" in text_of(response)
    assert _stage(app, session_id) == Stage(stage)
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "session.stage_moved")) is None


def test_an_unknown_stage_is_refused(orgs, make_session, client):
    response = post(client, f"/sessions/{make_session()}/stage", {"stage": "party"})
    assert response.status_code == 422


def test_without_script_the_button_leads_to_a_confirmation_page(app, orgs, make_session,
                                                                client):
    session_id = make_session(stage="open")
    response = post(client, f"/sessions/{session_id}/stage",
                    {"stage": "voting", "confirm_first": "1"})
    assert response.status_code == 303
    assert response.location.endswith(f"/sessions/{session_id}/stage?to=voting")
    assert _stage(app, session_id) == Stage.OPEN
    page = client.get(response.location)
    assert page.status_code == 200
    text = text_of(page)
    assert "Are you sure?" in text and "Groups can no longer change" in text
    html = page.get_data(as_text=True)
    assert 'name="stage" value="voting"' in html and "confirm_first" not in html


def test_the_confirmation_page_refuses_an_illegal_move(orgs, make_session, client):
    session_id = make_session(stage="draft")
    assert client.get(f"/sessions/{session_id}/stage?to=closed").status_code == 409
    assert client.get(f"/sessions/{session_id}/stage?to=party").status_code == 422


def test_a_move_returns_to_a_safe_next_page(app, orgs, make_session, client):
    session_id = make_session(stage="draft")
    response = post(client, f"/sessions/{session_id}/stage",
                    {"stage": "open", "next": "/live/1/dashboard"})
    assert response.location == "/live/1/dashboard"
    response = post(client, f"/sessions/{session_id}/stage",
                    {"stage": "voting", "next": "https://evil.example/"})
    assert response.location.endswith(f"/sessions/{session_id}#stage")


def test_the_confirmation_page_keeps_the_next_page(orgs, make_session, client):
    session_id = make_session(stage="open")
    response = post(client, f"/sessions/{session_id}/stage",
                    {"stage": "voting", "confirm_first": "1", "next": "/live/1/dashboard"})
    html = client.get(response.location).get_data(as_text=True)
    assert 'name="next" value="/live/1/dashboard"' in html


def test_a_closed_session_offers_no_moves(orgs, make_session, client):
    page = text_of(client.get(f"/sessions/{make_session(stage='closed')}"))
    assert "The session is closed and archived." in page
