"""Signing in and out, passwords, invitations."""

from __future__ import annotations

import re

from tests.conftest import PASSWORD, post_form

ERROR_RE = re.compile(r'<span id="[^"]+-error">([^<]+)</span>')


def test_facilitator_signs_in_and_sees_their_organisation(client, make_org, make_user, login):
    make_org("oulu", "Oulun kaupunki")
    email = make_user(org="oulu")
    response = login(email, follow_redirects=True)
    assert response.status_code == 200
    assert "Oulun kaupunki" in response.get_data(as_text=True)


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user, login):
    email = make_user()
    wrong_password = login(email, "not the password")
    unknown_email = login("nobody@example.fi", PASSWORD)
    assert wrong_password.status_code == unknown_email.status_code == 422
    errors_a = ERROR_RE.findall(wrong_password.get_data(as_text=True))
    errors_b = ERROR_RE.findall(unknown_email.get_data(as_text=True))
    assert errors_a == errors_b
    assert len(errors_a) == 1


def test_email_is_matched_case_insensitively(client, make_user, login):
    make_user("Anna@Example.fi")
    response = login("ANNA@example.FI")
    assert response.status_code == 302


def test_login_redirects_to_a_local_next_page(client, make_org, make_user, login):
    make_org("oulu")
    email = make_user(org="oulu", role="admin")
    token_page = "/login?next=/organisations/oulu/members"
    response = post_form(client, token_page, {"email": email, "password": PASSWORD,
                                              "next": "/organisations/oulu/members"})
    assert response.headers["Location"] == "/organisations/oulu/members"


def test_login_never_redirects_to_another_site(client, make_user):
    email = make_user()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        response = post_form(client, "/login", {"email": email, "password": PASSWORD,
                                                "next": target})
        assert response.status_code == 302
        assert response.headers["Location"] == "/", target
        post_form(client, "/logout", {}, page="/")


def test_login_rotates_the_session(client, make_user, login):
    email = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert "_user_id" in session


def test_too_many_login_attempts_get_429(client, make_user, login):
    email = make_user()
    statuses = [login(email, "wrong").status_code for _ in range(6)]
    assert statuses[:5] == [422] * 5
    assert statuses[5] == 429
    assert "Retry-After" in login(email, PASSWORD).headers


def test_sign_out_ends_the_session(client, make_user, login):
    email = make_user()
    login(email)
    post_form(client, "/logout", {}, page="/")
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_cookie_copied_before_sign_out_no_longer_works(app, client, make_user, login):
    email = make_user()
    login(email)
    copied = app.test_client()
    copied.set_cookie("session", client.get_cookie("session").value)
    assert copied.get("/account/password").status_code == 200
    post_form(client, "/logout", {}, page="/")
    assert copied.get("/account/password").status_code == 302


def test_signing_out_one_browser_keeps_the_others_signed_in(app, make_user):
    email = make_user()
    laptop, phone = app.test_client(), app.test_client()
    for browser in (laptop, phone):
        post_form(browser, "/login", {"email": email, "password": PASSWORD})
    post_form(phone, "/logout", {}, page="/")
    assert laptop.get("/account/password").status_code == 200
    assert phone.get("/account/password").status_code == 302


def test_too_many_wrong_current_passwords_get_429(client, make_user, login):
    login(make_user())
    statuses = [post_form(client, "/account/password", {
        "current_password": f"guess {n}", "new_password": "a new long passphrase",
        "confirm": "a new long passphrase"}).status_code for n in range(6)]
    assert statuses == [422] * 5 + [429]


def test_password_change_needs_the_current_password(client, make_user, login):
    email = make_user()
    login(email)
    response = post_form(client, "/account/password", {
        "current_password": "wrong", "new_password": "a new long passphrase",
        "confirm": "a new long passphrase"})
    assert response.status_code == 422
    assert login_works(client, email, PASSWORD)


def test_password_change_signs_out_other_devices(app, make_user, login):
    email = make_user()
    other_device = app.test_client()
    post_form(other_device, "/login", {"email": email, "password": PASSWORD})
    assert other_device.get("/account/password").status_code == 200

    this_device = app.test_client()
    post_form(this_device, "/login", {"email": email, "password": PASSWORD})
    response = post_form(this_device, "/account/password", {
        "current_password": PASSWORD, "new_password": "a new long passphrase",
        "confirm": "a new long passphrase"})
    assert response.status_code == 302
    assert this_device.get("/account/password").status_code == 200
    assert other_device.get("/account/password").status_code == 302
    assert login_works(app.test_client(), email, "a new long passphrase")


def test_short_new_password_is_refused(client, make_user, login):
    email = make_user()
    login(email)
    response = post_form(client, "/account/password", {
        "current_password": PASSWORD, "new_password": "short", "confirm": "short"})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def login_works(client, email: str, password: str) -> bool:
    return post_form(client, "/login", {"email": email, "password": password}).status_code == 302


def test_wrong_passwords_for_one_account_from_many_addresses_are_limited(app, make_user):
    """A slow guess spread over many addresses: the account's own limit stops it, and counts
    only failures, so the holder's own sign-ins are not held back by it."""
    make_user("kirsi@example.fi")

    def sign_in(n: int, password: str) -> int:
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = f"10.1.{n // 250}.{n % 250}"
        return post_form(browser, "/login", {"email": "kirsi@example.fi",
                                             "password": password}).status_code

    assert sign_in(0, PASSWORD) == 302
    assert [sign_in(n, "guess") for n in range(1, 11)] == [422] * 10
    assert sign_in(11, "guess") == 429
    assert sign_in(12, PASSWORD) == 429  # the limit holds for the account until it passes
    # Another account is not affected.
    make_user("other@example.fi")
    browser = app.test_client()
    assert post_form(browser, "/login", {"email": "other@example.fi", "password": PASSWORD}
                     ).status_code == 302
