"""Personal API tokens: made on the account page (shown once, stored hashed), listed with
their name and dates, read-only, revoked."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.api.models import ApiToken
from app.core.database import utcnow
from app.extensions import db
from tests.conftest import csrf_token, flash_text, post_form

TOKEN_RE = re.compile(r'<code id="new-token"[^>]*>([^<]+)</code>')


@pytest.fixture
def signed_in(client, make_user, login):
    login(make_user())
    return client


def create(client, name: str = "Raportti"):
    return post_form(client, "/account/tokens", {"name": name}, page="/account")


def made_token(client, name: str = "Raportti") -> str:
    response = create(client, name)
    assert response.status_code == 200
    match = TOKEN_RE.search(response.get_data(as_text=True))
    assert match, "the new token is not on the page"
    return match.group(1)


def me(client, token: str):
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_a_new_token_is_shown_once_and_reads_the_api(app, signed_in):
    assert create(signed_in, "Ensimmäinen").headers["Cache-Control"] == "no-store"
    token = made_token(signed_in)
    assert token not in signed_in.get("/account").get_data(as_text=True)
    reader = app.test_client()  # a script: no session cookie
    response = me(reader, token)
    assert response.status_code == 200 and response.get_json()["email"] == "fasi@example.fi"


def test_only_a_hash_of_the_token_is_stored(app, signed_in):
    token = made_token(signed_in)
    with app.app_context():
        row = db.session.scalar(sa.select(ApiToken))
        assert row.name == "Raportti"
        assert token not in row.token_hash and row.token_hash != token


def test_a_token_needs_a_name(signed_in):
    response = create(signed_in, "  ")
    assert response.status_code == 422
    assert "Give the token a name." in response.get_data(as_text=True)
    response = create(signed_in, "x" * 81)
    assert response.status_code == 422
    assert "At most 80 characters." in response.get_data(as_text=True)


def test_the_list_shows_name_created_and_last_used(app, signed_in):
    token = made_token(signed_in, "Power BI")
    page = signed_in.get("/account").get_data(as_text=True)
    row = re.search(r"<td>Power BI</td>(.*?)</tr>", page, re.S).group(1)
    assert "Never" in row
    me(app.test_client(), token)
    page = signed_in.get("/account").get_data(as_text=True)
    row = re.search(r"<td>Power BI</td>(.*?)</tr>", page, re.S).group(1)
    assert "Never" not in row


def test_last_use_is_written_at_most_once_an_hour(app, signed_in):
    token = made_token(signed_in)
    reader = app.test_client()
    me(reader, token)
    with app.app_context():
        first = db.session.scalar(sa.select(ApiToken.last_used_at))
    me(reader, token)
    with app.app_context():
        assert db.session.scalar(sa.select(ApiToken.last_used_at)) == first
        db.session.execute(sa.update(ApiToken).values(
            last_used_at=utcnow() - timedelta(hours=2)))
        db.session.commit()
    me(reader, token)
    with app.app_context():
        assert db.session.scalar(sa.select(ApiToken.last_used_at)) > first - timedelta(
            minutes=1)


def test_a_token_only_reads(app, signed_in):
    token = made_token(signed_in)
    response = app.test_client().post("/api/v1/me",
                                      headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 405


def test_a_token_does_not_open_the_pages(app, signed_in):
    token = made_token(signed_in)
    response = app.test_client().get("/account", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 302  # to the sign-in page


def _token_id(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(ApiToken.id))


def test_a_revoked_token_no_longer_reads(app, signed_in):
    token = made_token(signed_in)
    response = post_form(signed_in, f"/account/tokens/{_token_id(app)}/revoke", {},
                         page="/account")
    assert response.status_code == 302
    page = signed_in.get("/account").get_data(as_text=True)
    assert "The token “Raportti” was revoked." in flash_text(page)
    assert me(app.test_client(), token).status_code == 401


def test_nobody_revokes_another_persons_token(app, signed_in, make_user):
    made_token(signed_in)
    other = app.test_client()
    post_form(other, "/login", {"email": make_user("toinen@example.fi"),
                                "password": "correct horse battery staple"})
    response = other.post(f"/account/tokens/{_token_id(app)}/revoke",
                          data={"csrf_token": csrf_token(other, "/account")})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 1


def test_creating_and_revoking_are_in_the_audit_log(app, signed_in):
    from app.audit.models import AuditEntry

    made_token(signed_in)
    post_form(signed_in, f"/account/tokens/{_token_id(app)}/revoke", {}, page="/account")
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action).where(
            AuditEntry.object_type == "api_tokens").order_by(AuditEntry.id)).all()
    assert actions == ["api_token.created", "api_token.revoked"]
