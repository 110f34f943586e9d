"""The session page and the list: what they show, in a constant number of queries,
and the links between a session's pages."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import url_for

from app.extensions import db
from app.sessions.models import BackgroundItem, Theme
from tests.sessions.conftest import text_of


@pytest.fixture
def client(sign_in):
    return sign_in("facilitator")


def test_the_session_page_shows_code_link_qr_themes_and_groups(orgs, make_session, client):
    session_id = make_session(themes=("Palvelulupaus", "Rakenteet"))
    response = client.get(f"/sessions/{session_id}")
    html = response.get_data(as_text=True)
    text = text_of(response)
    assert "Join code" in text and "/join/" in html and "<svg" in html
    assert "Palvelulupaus: tausta 1" in text and "PoPSTer-lausunto" in text
    assert "Ryhmä 3" in html and "Current theme" in text
    assert 'aria-current="page"' in html and ">Setup</a>" in html


def _setup(make_session, join_as, size: int) -> int:
    session_id = make_session(themes=tuple(f"Teema {n}" for n in range(size)), groups=size)
    for n in range(1, size + 1):
        join_as(session_id, f"Osallistuja {n}", group=f"Ryhmä {n}")
    return session_id


def test_the_session_page_uses_the_same_number_of_queries_for_2_and_8(
        app, orgs, make_session, join_as, client, count_queries):
    counts = []
    for size in (2, 8):
        session_id = _setup(make_session, join_as, size)
        with app.app_context():
            theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
            db.session.add_all(BackgroundItem(theme_id=theme.id, text=f"Lisä {n}")
                               for n in range(size))
            db.session.commit()
        client.get(f"/sessions/{session_id}")  # warm up
        with count_queries() as statements:
            assert client.get(f"/sessions/{session_id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_list_uses_the_same_number_of_queries_for_2_and_8_sessions(
        app, orgs, make_session, client, count_queries):
    counts = []
    for size in (2, 8):
        for n in range(size - (2 if counts else 0)):
            make_session(title=f"Työpaja {n}")
        with count_queries() as statements:
            assert client.get("/sessions/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_list_shows_kind_stage_and_links(orgs, make_session, client):
    session_id = make_session(kind="partnership_table", stage="draft", title="Kumppanuuspöytä")
    response = client.get("/sessions/")
    text = text_of(response)
    assert "Partnership table" in text and "Being prepared" in text and "Not scheduled" in text
    html = response.get_data(as_text=True)
    assert f'href="/sessions/{session_id}"' in html
    assert 'href="/sessions/new?org=kunta"' in html


def test_facilitators_see_the_sessions_link_and_staff_do_not(orgs, sign_in):
    assert 'href="/sessions/"' in sign_in("facilitator").get("/").get_data(as_text=True)
    home = sign_in("staff").get("/").get_data(as_text=True)
    assert 'href="/sessions/"' not in home


def test_the_front_page_links_to_each_facilitated_organisations_sessions(orgs, sign_in):
    home = sign_in("facilitator").get("/").get_data(as_text=True)
    assert 'href="/sessions/#org-kunta"' in home


def test_session_nav_links_to_the_pages_that_exist(app, orgs, make_session, ids, client):
    """Pages built elsewhere (dashboard, projector, combined list, ideas) get a link
    as soon as their endpoint exists, and no broken link before."""
    workshop = ids(make_session())
    brainstorm = ids(make_session(kind="brainstorm", title="Ideoidaan"))
    expected = [
        (workshop, "live.dashboard", "Dashboard", {}),
        (workshop, "live.projector", "Projector view", {}),
        (workshop, "aggregation.theme", "Combined list", {"theme_id": workshop["t"]}),
        (brainstorm, "brainstorm.manage", "Ideas", {"theme_id": brainstorm["t"]}),
    ]
    for where, endpoint, label, values in expected:
        html = client.get(f"/sessions/{where['s']}").get_data(as_text=True)
        if endpoint in app.view_functions:
            with app.test_request_context():
                href = url_for(endpoint, session_id=where["s"], **values)
            assert re.search(rf'<a href="{re.escape(href)}"\s*>{label}</a>', html)
        else:
            assert f">{label}</a>" not in html
    assert "Ideas</a>" not in client.get(f"/sessions/{workshop['s']}").get_data(as_text=True)


def test_optional_url_is_none_for_a_missing_endpoint_or_wrong_arguments(app):
    from app.sessions.routes import optional_url

    with app.test_request_context():
        assert optional_url("nowhere.page", session_id=1) is None
        assert optional_url("sessions.detail") is None  # session_id missing
        assert optional_url("sessions.detail", session_id=3) == "/sessions/3"
