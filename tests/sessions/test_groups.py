"""Groups: add, rename, reorder, "make N groups", and delete only while empty."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from app.audit.models import AuditEntry
from app.extensions import db
from app.sessions.models import Group, Session
from tests.sessions.conftest import post, text_of


@pytest.fixture
def workshop(orgs, make_session, ids):
    return ids(make_session(groups=3))


@pytest.fixture
def client(sign_in):
    return sign_in("facilitator")


def _names(app, session_id):
    with app.app_context():
        return [g.name for g in db.session.scalars(
            sa.select(Group).where(Group.session_id == session_id)
            .order_by(Group.position, Group.id))]


def test_make_groups_continues_the_numbering(app, workshop, client):
    response = post(client, f"/sessions/{workshop['s']}/groups/make", {"make-count": "2"},
                    prefix="make")
    assert response.status_code == 302 and response.location.endswith("#groups")
    with app.test_request_context(), force_locale("fi"):  # the session's language
        new = [gettext("Group %(n)s", n=n) for n in (4, 5)]
    assert _names(app, workshop["s"]) == ["Ryhmä 1", "Ryhmä 2", "Ryhmä 3", *new]
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "groups.created"))
        assert entry.after == {"names": new}


def test_make_groups_uses_the_sessions_language_and_skips_taken_names(app, orgs,
                                                                      make_session, client):
    session_id = make_session(groups=0, stage="draft")
    with app.app_context():
        db.session.get(Session, session_id).language = "en"
        db.session.add(Group(session_id=session_id, name="Group 2", position=0))
        db.session.commit()
    post(client, f"/sessions/{session_id}/groups/make", {"make-count": "2"}, prefix="make")
    assert _names(app, session_id) == ["Group 2", "Group 3", "Group 4"]


@pytest.mark.parametrize("count", ["0", "31", "kolme", ""])
def test_make_groups_needs_a_sensible_number(app, workshop, client, count):
    response = post(client, f"/sessions/{workshop['s']}/groups/make", {"make-count": count},
                    prefix="make")
    assert response.status_code == 422
    assert 'id="make-count-error"' in response.get_data(as_text=True)
    assert len(_names(app, workshop["s"])) == 3


def test_a_group_is_added_and_renamed(app, workshop, client):
    post(client, f"/sessions/{workshop['s']}/groups", {"new-group-name": "Keltaiset"},
         prefix="new-group")
    prefix = f"group-{workshop['g']}"
    response = post(client, f"/sessions/{workshop['s']}/groups/{workshop['g']}/rename",
                    {f"{prefix}-name": "Punaiset"}, prefix=prefix)
    assert response.status_code == 302
    assert _names(app, workshop["s"]) == ["Punaiset", "Ryhmä 2", "Ryhmä 3", "Keltaiset"]
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "group.renamed"))
        assert (entry.before, entry.after) == ({"name": "Ryhmä 1"}, {"name": "Punaiset"})


def test_two_groups_cannot_share_a_name(app, workshop, client):
    prefix = f"group-{workshop['g']}"
    response = post(client, f"/sessions/{workshop['s']}/groups/{workshop['g']}/rename",
                    {f"{prefix}-name": "ryhmä 2"}, prefix=prefix)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{prefix}-name-error"' in html and "already has a group" in html
    assert 'value="ryhmä 2"' in html
    response = post(client, f"/sessions/{workshop['s']}/groups", {"new-group-name": "Ryhmä 3"},
                    prefix="new-group")
    assert response.status_code == 422
    assert _names(app, workshop["s"]) == ["Ryhmä 1", "Ryhmä 2", "Ryhmä 3"]


def test_an_empty_name_is_refused(app, workshop, client):
    prefix = f"group-{workshop['g']}"
    response = post(client, f"/sessions/{workshop['s']}/groups/{workshop['g']}/rename",
                    {f"{prefix}-name": "  "}, prefix=prefix)
    assert response.status_code == 422


def test_groups_move_down(app, workshop, client):
    post(client, f"/sessions/{workshop['s']}/groups/{workshop['g']}/move", {"direction": "down"})
    assert _names(app, workshop["s"]) == ["Ryhmä 2", "Ryhmä 1", "Ryhmä 3"]


def test_the_last_group_does_not_move_further_down(app, workshop, client):
    with app.app_context():
        last = db.session.scalar(sa.select(Group.id).where(Group.name == "Ryhmä 3"))
    post(client, f"/sessions/{workshop['s']}/groups/{last}/move", {"direction": "down"})
    assert _names(app, workshop["s"]) == ["Ryhmä 1", "Ryhmä 2", "Ryhmä 3"]


def test_an_empty_group_is_deleted(app, workshop, client):
    response = post(client, f"/sessions/{workshop['s']}/groups/{workshop['g']}/delete")
    assert response.status_code == 302
    assert _names(app, workshop["s"]) == ["Ryhmä 2", "Ryhmä 3"]


def test_a_group_with_participants_is_not_deleted(app, workshop, client, join_as):
    join_as(workshop["s"], "Maija", group="Ryhmä 1")
    response = post(client, f"/sessions/{workshop['s']}/groups/{workshop['g']}/delete")
    assert response.status_code == 409
    assert "has participants or answers" in text_of(response)
    assert "Back to “Strategiatyöpaja”" in text_of(response)
    assert _names(app, workshop["s"]) == ["Ryhmä 1", "Ryhmä 2", "Ryhmä 3"]
    page = client.get(f"/sessions/{workshop['s']}").get_data(as_text=True)
    assert 'aria-label="Delete “Ryhmä 1”"' not in page
    assert 'aria-label="Delete “Ryhmä 2”"' in page
