"""The account page: who sees it, the header's link to it, and downloading one's data."""

from __future__ import annotations

import json

import sqlalchemy as sa

from app.api.services import issue_token
from app.auth.services import find_user
from app.extensions import db
from app.organisations.models import Organisation, Role
from app.organisations.services import add_membership
from tests.conftest import flash_text, post_form

EMAIL = "fasi@example.fi"


def test_the_account_page_needs_a_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/account/data.json").status_code == 302


def test_the_header_links_to_the_account_page(client, make_user, login):
    login(make_user())
    home = client.get("/").get_data(as_text=True)
    assert 'href="/account"' in home and "Your account" in home


def test_the_account_page_shows_the_details_and_links_to_the_password_page(client, make_user,
                                                                           login):
    login(make_user(EMAIL, locale="sv"))
    page = client.get("/account").get_data(as_text=True)
    assert EMAIL in page and "Fasi Litaattori" in page and "Svenska" in page
    assert 'href="/account/password"' in page
    password_page = client.get("/account/password").get_data(as_text=True)
    assert 'href="/account"' in password_page  # back to the account page


def test_a_changed_password_returns_to_the_account_page(client, make_user, login):
    login(make_user())
    response = post_form(client, "/account/password", {
        "current_password": "correct horse battery staple",
        "new_password": "a new long passphrase", "confirm": "a new long passphrase"})
    assert response.headers["Location"] == "/account"
    assert "Your password has been changed" in flash_text(
        client.get("/account").get_data(as_text=True))


def test_download_my_data_is_a_json_file_no_cache_keeps(client, make_org, make_user, login):
    make_org("kunta")
    login(make_user(EMAIL, org="kunta", role="staff"))
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == EMAIL
    assert [m["slug"] for m in data["memberships"]] == ["kunta"]
    assert set(data) >= {"sign_ins", "api_tokens", "participation", "participatory_budgeting",
                         "audit"}


def test_the_download_is_only_ones_own(client, make_user, login):
    make_user("toinen@example.fi", name="Toinen Henkilö")
    login(make_user(EMAIL))
    dumped = client.get("/account/data.json").get_data(as_text=True)
    assert "toinen@example.fi" not in dumped and "Toinen Henkilö" not in dumped


def test_the_account_page_reads_as_many_queries_with_ten_tokens_as_with_one(
        app, client, make_org, make_user, login, count_queries):
    make_org("kunta")
    login(make_user(EMAIL, org="kunta", role="admin"))

    def add(tokens: int) -> None:
        with app.app_context():
            for number in range(tokens):
                issue_token(find_user(EMAIL), f"Raportti {number}")
            db.session.commit()

    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/account").status_code == 200
        return len(statements)

    add(1)
    small = queries()
    add(9)
    for slug in ("a", "b", "c"):
        make_org(slug, f"Kunta {slug}")
        with app.app_context():
            add_membership(None, db.session.scalar(sa.select(Organisation).where(
                Organisation.slug == slug)), find_user(EMAIL), Role.ADMIN)
            db.session.commit()
    assert queries() == small


def test_the_account_page_tells_what_deleting_does_to_comments(client, make_user, login):
    login(make_user(EMAIL, locale="fi"))
    page = client.get("/account").get_data(as_text=True)
    assert ("kommenttisi jäävät, ja niiden kirjoittajaksi näytetään ”Poistettu käyttäjä”; "
            "peukutuksesi ja ilmoituksesi asiattomista kommenteista poistetaan") in page
