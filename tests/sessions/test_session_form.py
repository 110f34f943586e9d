"""Creating and editing a session: validation errors tied to their fields, Finnish time
stored as UTC, web links only, and the audit log of edits."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.organisations.models import Organisation, Role
from app.organisations.services import add_membership
from app.sessions.models import ResultsVisibility, Session, SessionKind, Stage
from tests.sessions.conftest import post, text_of

VALID = {"title": "Maakuntastrategiatyöpaja", "kind": "workshop", "language": "fi",
         "results_visibility": "live", "description": "Kolme teemaa ryhmissä.",
         "scheduled_at": "2026-03-12T13:00", "meeting_url": "https://meet.example.fi/abc",
         "max_participants": "40"}


def _only_session(app) -> Session:
    with app.app_context():
        session = db.session.scalar(sa.select(Session))
        db.session.expunge(session)
        return session


def test_a_facilitator_creates_a_draft_workshop(app, orgs, sign_in):
    response = post(sign_in("facilitator"), "/sessions/new?org=kunta",
                    {"organisation": "kunta", **VALID})
    assert response.status_code == 302
    session = _only_session(app)
    assert response.location.endswith(f"/sessions/{session.id}")
    assert session.title == "Maakuntastrategiatyöpaja"
    assert session.kind == SessionKind.WORKSHOP and session.stage == Stage.DRAFT
    assert session.max_participants == 40
    assert session.meeting_url == "https://meet.example.fi/abc"
    assert re.fullmatch(r"[A-Z0-9]{6}", session.join_code)


def test_the_time_is_read_as_finnish_time_and_stored_in_utc(app, orgs, sign_in):
    post(sign_in("facilitator"), "/sessions/new", {"organisation": "kunta", **VALID,
                                                   "scheduled_at": "2026-07-01T09:30"})
    # Summer time in Helsinki is UTC+3.
    assert _only_session(app).scheduled_at == datetime(2026, 7, 1, 6, 30, tzinfo=UTC)


def test_the_edit_form_shows_the_time_in_finnish_time(app, orgs, sign_in, make_session):
    session_id = make_session(stage="draft")
    with app.app_context():
        db.session.get(Session, session_id).scheduled_at = datetime(2026, 1, 15, 10, 0,
                                                                    tzinfo=UTC)
        db.session.commit()
    page = sign_in("facilitator").get(f"/sessions/{session_id}/edit").get_data(as_text=True)
    assert 'value="2026-01-15T12:00"' in page  # winter: UTC+2


def test_the_list_shows_the_time_in_the_users_language(app, orgs, sign_in, make_session):
    session_id = make_session(stage="draft")
    with app.app_context():
        db.session.get(Session, session_id).scheduled_at = datetime(2026, 1, 15, 10, 0,
                                                                    tzinfo=UTC)
        db.session.commit()
    client = sign_in("facilitator")
    assert "15.1.2026 klo 12.00" in text_of(client.get("/sessions/",
                                                       headers={"Accept-Language": "fi"}))
    assert "1/15/26 12:00" in text_of(client.get("/sessions/",
                                                 headers={"Accept-Language": "en-GB"}))


def test_the_organisation_is_a_choice_only_for_those_with_several(orgs, sign_in, make_user,
                                                                   app):
    client = sign_in("facilitator")
    assert 'name="organisation" value="kunta"' in client.get("/sessions/new").get_data(
        as_text=True)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "facilitator@example.fi"))
        naapuri = db.session.scalar(sa.select(Organisation).where(Organisation.slug == "naapuri"))
        add_membership(None, naapuri, user, Role.FACILITATOR)
        db.session.commit()
    page = client.get("/sessions/new?org=naapuri").get_data(as_text=True)
    assert '<select id="organisation"' in page
    assert re.search(r'<option selected value="naapuri">|<option value="naapuri" selected',
                     page)


@pytest.mark.parametrize("field,value,message", [
    ("title", "", "This field is required"),
    ("title", "x" * 201, "200"),
    ("meeting_url", "javascript://example.fi/%0aalert(1)", "https://"),
    ("meeting_url", "ftp://files.example.fi/x", "https://"),
    ("meeting_url", "not a link", "web address"),
    ("max_participants", "0", "1"),
    ("scheduled_at", "huomenna", "datetime"),
    ("kind", "party", "valid choice"),
    ("language", "de", "valid choice"),
])
def test_bad_input_is_refused_with_the_error_next_to_its_field(app, orgs, sign_in, field,
                                                               value, message):
    client = sign_in("facilitator")
    with app.app_context():  # English messages to compare with
        db.session.scalar(sa.select(User)).locale = "en"
        db.session.commit()
    response = post(client, "/sessions/new", {"organisation": "kunta", **VALID, field: value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(rf'id="{field}-error">([^<]*)<', html)
    assert error, f"no error tied to {field}"
    assert message.lower() in error.group(1).lower()
    assert re.search(rf'aria-describedby="[^"]*{field}-error', html)
    assert 'class="error-summary"' in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Session.id))) == 0


def test_a_refused_form_keeps_what_was_typed(orgs, sign_in):
    response = post(sign_in("facilitator"), "/sessions/new",
                    {"organisation": "kunta", **VALID, "title": ""})
    assert "Kolme teemaa ryhmissä." in response.get_data(as_text=True)


def test_html_in_the_title_is_shown_as_text(app, orgs, sign_in):
    client = sign_in("facilitator")
    post(client, "/sessions/new", {"organisation": "kunta", **VALID,
                                   "title": "<script>alert(1)</script>"})
    session = _only_session(app)
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_edit_is_saved_and_audit_logged(app, orgs, sign_in, make_session):
    session_id = make_session(stage="draft")
    response = post(sign_in("facilitator"), f"/sessions/{session_id}/edit",
                    {**VALID, "title": "Uusi otsikko", "kind": "partnership_table",
                     "results_visibility": "after_close"})
    assert response.status_code == 302
    with app.app_context():
        session = db.session.get(Session, session_id)
        assert session.title == "Uusi otsikko"
        assert session.kind == SessionKind.PARTNERSHIP_TABLE
        assert session.results_visibility == ResultsVisibility.AFTER_CLOSE
        entry = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "session.edited"))
        assert entry.before["title"] == "Strategiatyöpaja"
        assert entry.after["title"] == "Uusi otsikko"
        assert entry.after["kind"] == "partnership_table"
        assert entry.actor_label == "facilitator@example.fi"


def test_the_kind_is_fixed_once_the_session_is_open(app, orgs, sign_in, make_session):
    session_id = make_session(stage="open")
    client = sign_in("facilitator")
    assert 'name="kind"' not in client.get(f"/sessions/{session_id}/edit").get_data(
        as_text=True)
    post(client, f"/sessions/{session_id}/edit", {**VALID, "kind": "brainstorm"})
    with app.app_context():
        assert db.session.get(Session, session_id).kind == SessionKind.WORKSHOP


@pytest.mark.parametrize("stage", ["voting", "results", "closed"])
def test_details_cannot_be_edited_after_group_work(app, orgs, sign_in, make_session, stage):
    session_id = make_session(stage=stage)
    client = sign_in("facilitator")
    assert client.get(f"/sessions/{session_id}/edit").status_code == 409
    response = post(client, f"/sessions/{session_id}/edit", {**VALID, "title": "Myöhässä"})
    assert response.status_code == 409
    assert "Myöhässä" in response.get_data(as_text=True)  # the typed text is kept
    with app.app_context():
        assert db.session.get(Session, session_id).title == "Strategiatyöpaja"
