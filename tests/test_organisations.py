"""Who may manage an organisation's members, and what that leaves in the audit log."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.organisations.models import Membership
from tests.conftest import post_form

MEMBERS = "/organisations/oulu/members"


@pytest.fixture
def oulu(make_org):
    make_org("oulu", "Oulun kaupunki")
    make_org("kemi", "Kemin kaupunki")
    return "oulu"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("other_org_admin", 404),
        ("staff", 403),
        ("facilitator", 403),
        ("admin", 200),
        ("superuser", 200),
    ],
)
def test_members_page_access(client, oulu, make_user, login, who, status):
    if who == "outsider":
        login(make_user("outsider@example.fi"))
    elif who == "other_org_admin":
        login(make_user("kemi@example.fi", org="kemi", role="admin"))
    elif who == "superuser":
        login(make_user("root@example.fi", superuser=True))
    elif who != "anonymous":
        login(make_user(f"{who}@example.fi", org="oulu", role=who))
    assert client.get(MEMBERS).status_code == status


def test_unknown_organisation_is_404_even_for_admins(client, oulu, make_user, login):
    login(make_user(org="oulu", role="admin"))
    assert client.get("/organisations/nope/members").status_code == 404


def test_adding_someone_twice_is_a_conflict_with_a_message(client, oulu, make_user, login):
    login(make_user("admin@example.fi", org="oulu", role="admin"))
    make_user("kirsi@example.fi", org="oulu", role="staff")
    response = post_form(client, MEMBERS, {"email": "kirsi@example.fi", "role": "staff"})
    assert response.status_code == 409


def test_invalid_email_shows_a_field_error(client, oulu, make_user, login):
    login(make_user("admin@example.fi", org="oulu", role="admin"))
    response = post_form(client, MEMBERS, {"email": "not-an-email", "role": "staff"})
    assert response.status_code == 422
    assert 'aria-describedby="email-error"' in response.get_data(as_text=True)


def test_the_last_admin_cannot_be_demoted_or_removed(app, client, oulu, make_user, login):
    login(make_user("admin@example.fi", org="oulu", role="admin"))
    with app.app_context():
        membership_id = db.session.scalar(sa.select(Membership.id))
    demote = post_form(client, f"{MEMBERS}/{membership_id}/role", {"role": "staff"}, page=MEMBERS)
    remove = post_form(client, f"{MEMBERS}/{membership_id}/remove", {}, page=MEMBERS)
    assert demote.status_code == remove.status_code == 409


def test_admin_changes_a_role_and_removes_a_member(app, client, oulu, make_user, login):
    login(make_user("admin@example.fi", org="oulu", role="admin"))
    make_user("kirsi@example.fi", org="oulu", role="staff")
    with app.app_context():
        kirsi = db.session.scalar(sa.select(Membership).join(Membership.user).where(
            Membership.role == "staff"))
        kirsi_id = kirsi.id
    post_form(client, f"{MEMBERS}/{kirsi_id}/role", {"role": "facilitator"}, page=MEMBERS)
    with app.app_context():
        assert db.session.get(Membership, kirsi_id).role == "facilitator"
    post_form(client, f"{MEMBERS}/{kirsi_id}/remove", {}, page=MEMBERS)
    with app.app_context():
        assert db.session.get(Membership, kirsi_id) is None
        actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["membership.role_changed", "membership.removed"]


def test_admin_cannot_touch_another_organisations_membership(app, client, oulu, make_user,
                                                             login):
    make_user("kemi-admin@example.fi", org="kemi", role="admin")
    login(make_user("admin@example.fi", org="oulu", role="admin"))
    with app.app_context():
        kemi_id = db.session.scalar(sa.select(Membership.id).join(Membership.organisation).where(
            Membership.organisation.has(slug="kemi")))
    response = post_form(client, f"{MEMBERS}/{kemi_id}/remove", {}, page=MEMBERS)
    assert response.status_code == 404
