"""Deleting one's account from the account page: the password again, a confirmation (the
page's dialog with script, a page of its own without), and the last admin refused."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from tests.conftest import PASSWORD, csrf_token, flash_text

EMAIL = "fasi@example.fi"
PROOF_RE = re.compile(r'name="proof" type="hidden" value="([^"]+)"')


@pytest.fixture
def fasi(client, make_org, make_user, login):
    """Fasi, facilitator of "kunta" (whose admin is someone else), signed in."""
    make_org("kunta")
    make_user("paakayttaja@example.fi", org="kunta", role="admin", name="Pää Käyttäjä")
    login(make_user(EMAIL, org="kunta", role="facilitator"))
    return client


def exists(app, email: str = EMAIL) -> bool:
    with app.app_context():
        return db.session.scalar(sa.select(User).where(User.email == email)) is not None


def delete(client, page: str = "/account", **data):
    return client.post("/account/delete", data={"csrf_token": csrf_token(client, page), **data})


def test_with_script_the_password_deletes_the_account_and_signs_out(app, fasi):
    # app.js asked in the page's dialog and dropped confirm_first.
    response = delete(fasi, password=PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not exists(app)
    assert "Your account has been deleted." in flash_text(fasi.get("/").get_data(as_text=True))
    assert fasi.get("/account").status_code == 302


def test_a_wrong_password_deletes_nothing(app, fasi):
    response = delete(fasi, password="wrong", confirm_first="1")
    assert response.status_code == 422
    assert "The password is wrong." in response.get_data(as_text=True)
    assert exists(app)


def test_no_password_deletes_nothing(app, fasi):
    response = delete(fasi)
    assert response.status_code == 422
    assert "Give your password to delete the account." in response.get_data(as_text=True)
    assert exists(app)


def test_without_script_a_page_of_its_own_asks_first(app, fasi):
    response = delete(fasi, password=PASSWORD, confirm_first="1")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Delete your account?" in page and 'name="password"' not in page
    assert exists(app)  # nothing deleted yet
    proof = PROOF_RE.search(page).group(1)
    response = fasi.post("/account/delete", data={
        "csrf_token": csrf_token(fasi, "/account/delete"), "proof": proof})
    assert response.status_code == 302
    assert not exists(app)


def test_the_confirmation_page_without_a_password_first_asks_for_it(app, fasi):
    page = fasi.get("/account/delete").get_data(as_text=True)
    assert 'name="password"' in page and "Cancel" in page
    assert delete(fasi, "/account/delete", password=PASSWORD).status_code == 302
    assert not exists(app)


def test_a_forged_proof_deletes_nothing(app, fasi):
    response = delete(fasi, "/account/delete", proof="not-a-proof")
    assert response.status_code == 422
    assert exists(app)


def test_another_accounts_proof_deletes_nothing(app, fasi, make_user):
    other = app.test_client()
    email = make_user("toinen@example.fi")
    other.post("/login", data={"csrf_token": csrf_token(other), "email": email,
                               "password": PASSWORD})
    page = delete(other, password=PASSWORD, confirm_first="1").get_data(as_text=True)
    proof = PROOF_RE.search(page).group(1)
    response = delete(fasi, "/account/delete", proof=proof)
    assert response.status_code == 422
    assert exists(app) and exists(app, email)


def test_the_last_admin_is_told_why_and_refused(app, client, fasi, login):
    login("paakayttaja@example.fi")
    page = client.get("/account").get_data(as_text=True)
    assert "You are the only admin of Esimerkin kunta." in page
    assert 'action="/account/delete"' not in page
    response = delete(client, password=PASSWORD)
    assert response.status_code == 409
    assert "You are the only admin of Esimerkin kunta." in response.get_data(as_text=True)
    assert exists(app, "paakayttaja@example.fi")
