"""Each organisation's admin sets how long guests' names are kept, on the organisation's
privacy settings page; the nightly purge uses that period."""

from __future__ import annotations

import html

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.organisations.models import Organisation
from tests.conftest import flash_text, post_form

PAGE = "/organisations/kunta/privacy"


@pytest.fixture
def admin(client, make_org, make_user, login):
    make_org("kunta")
    make_org("muu", "Muu kunta")
    login(make_user("admin@example.fi", org="kunta", role="admin"))
    return client


def days(app, slug: str = "kunta") -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Organisation.guest_retention_days)
                                 .where(Organisation.slug == slug))


@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 302), ("outsider", 404), ("other_org_admin", 404), ("staff", 403),
    ("facilitator", 403), ("admin", 200), ("superuser", 200)])
def test_only_the_organisations_admins_set_the_period(client, make_org, make_user, login,
                                                      who, status):
    make_org("kunta")
    make_org("muu", "Muu kunta")
    roles = {"staff": ("kunta", "staff"), "facilitator": ("kunta", "facilitator"),
             "admin": ("kunta", "admin"), "other_org_admin": ("muu", "admin")}
    if who in roles:
        org, role = roles[who]
        login(make_user(org=org, role=role))
    elif who == "outsider":
        login(make_user())
    elif who == "superuser":
        login(make_user(superuser=True))
    assert client.get(PAGE).status_code == status
    response = client.post(PAGE, data={"days": "7"})  # no CSRF token: never saved
    assert response.status_code in (400, 302, 403, 404)


def test_the_page_shows_the_default_of_90_days(admin):
    page = admin.get(PAGE).get_data(as_text=True)
    assert "90 days after the session closes" in page
    assert 'value="90"' in page


def test_the_members_page_links_to_it(admin):
    assert f'href="{PAGE}"' in admin.get("/organisations/kunta/members").get_data(as_text=True)


def test_saving_a_period_is_kept_and_audit_logged(app, admin):
    response = post_form(admin, PAGE, {"days": "30"})
    assert response.status_code == 302
    assert days(app) == 30 and days(app, "muu") == 90
    assert "Guests' names are now kept for 30 days" in html.unescape(flash_text(
        admin.get(PAGE).get_data(as_text=True)))
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "privacy.retention_changed"))
        assert (entry.actor_label, entry.before, entry.after) == (
            "admin@example.fi", {"days": 90}, {"days": 30})


@pytest.mark.parametrize("value", ["-1", "3651", "abc", "", "99999999999999999999", "1.5"])
def test_a_period_out_of_range_is_refused(app, admin, value):
    response = post_form(admin, PAGE, {"days": value})
    assert response.status_code == 422
    assert "There is a problem" in response.get_data(as_text=True)
    assert days(app) == 90


def test_the_purge_uses_the_period_set_on_the_page(app, admin, runner, make_session, join_as,
                                                   close, names):
    post_form(admin, PAGE, {"days": "10"})
    session_id = make_session(org="kunta")
    join_as(session_id, "Maija", affiliation="resident")
    close(session_id, days_ago=9)
    runner.invoke(args=["privacy", "purge"])
    assert names(session_id) == ["Maija"]
    close(session_id, days_ago=11)
    result = runner.invoke(args=["privacy", "purge"])
    assert "Sessions purged: 1." in result.output
    assert names(session_id) == ["Vieras 1"]
