"""Forgotten passwords: a single-use link, for an hour, sent only to the account's address."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.auth.models import PasswordReset, SignIn
from app.core.database import utcnow
from app.extensions import db
from tests.conftest import PASSWORD, flash_text, link_in, post_form

FORGOT = "/password/forgot"
NEW = "an entirely new passphrase"


def ask(client, email, **kwargs):
    return post_form(client, FORGOT, {"email": email}, **kwargs)


def test_a_known_and_an_unknown_address_get_the_same_answer(app, client, make_user, outbox):
    make_user("kirsi@city.fi")
    answers = []
    for email in ("kirsi@city.fi", "nobody@city.fi"):
        response = ask(client, email)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        flash = flash_text(page)
        answers.append((response.status_code, response.headers["Location"],
                        flash.replace(email, "EMAIL")))
    assert answers[0] == answers[1]
    assert "a link to choose a new password is on its way" in answers[0][2]
    assert [mail.to for mail in outbox] == ["kirsi@city.fi"]


def test_the_link_sets_a_new_password_once_and_signs_out_other_devices(app, client, make_user,
                                                                      login, outbox):
    make_user("kirsi@city.fi")
    other_device = app.test_client()
    post_form(other_device, "/login", {"email": "kirsi@city.fi", "password": PASSWORD})
    ask(client, "kirsi@city.fi")
    link = link_in(outbox[0])
    assert "kirsi@city.fi" in client.get(link).get_data(as_text=True)

    response = post_form(client, link, {"new_password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert "Signed in as" in client.get("/").get_data(as_text=True)
    assert "Signed in as" not in other_device.get("/").get_data(as_text=True)
    assert client.get(link).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PasswordReset.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(SignIn.id))) == 1

    fresh = app.test_client()
    assert post_form(fresh, "/login", {"email": "kirsi@city.fi", "password": PASSWORD}
                     ).status_code == 422
    assert post_form(fresh, "/login", {"email": "kirsi@city.fi", "password": NEW}
                     ).status_code == 302


def test_an_expired_link_is_refused_with_words(app, client, make_user, outbox):
    make_user("kirsi@city.fi")
    ask(client, "kirsi@city.fi")
    with app.app_context():
        db.session.execute(sa.update(PasswordReset).values(
            expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = client.get(link_in(outbox[0]))
    assert response.status_code == 404
    assert "This link has expired" in response.get_data(as_text=True)


def test_a_short_password_is_refused_and_the_link_still_works(app, client, make_user, outbox):
    make_user("kirsi@city.fi")
    ask(client, "kirsi@city.fi")
    link = link_in(outbox[0])
    response = post_form(client, link, {"new_password": "short", "confirm": "short"})
    assert response.status_code == 422
    assert client.get(link).status_code == 200


def test_asking_too_often_for_one_address_is_limited_whoever_asks(app, make_user, outbox):
    make_user("kirsi@city.fi")
    statuses = []
    for n in range(5):
        asker = app.test_client()
        asker.environ_base["REMOTE_ADDR"] = f"10.0.0.{n}"
        statuses.append(ask(asker, "kirsi@city.fi").status_code)
    assert statuses == [302, 302, 302, 429, 429]
    assert len(outbox) == 3
    # An unknown address is limited the same way, so a 429 tells nothing either.
    statuses = []
    for n in range(4):
        asker = app.test_client()
        asker.environ_base["REMOTE_ADDR"] = f"10.0.1.{n}"
        statuses.append(ask(asker, "nobody@city.fi").status_code)
    assert statuses == [302, 302, 302, 429]


def test_a_disabled_account_gets_no_link(app, client, make_user, outbox):
    from app.auth.models import User

    make_user("gone@city.fi")
    with app.app_context():
        db.session.execute(sa.update(User).values(is_enabled=False))
        db.session.commit()
    assert ask(client, "gone@city.fi").status_code == 302
    assert outbox == []


def test_the_sign_in_page_links_to_the_reset(client):
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)
