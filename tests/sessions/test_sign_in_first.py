"""A signed-out facilitator who opens a facilitator's page signs in and lands back on it;
signed-in outsiders still get 404, and the way back is only ever a path on this site."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import PASSWORD, csrf_token


def _sign_in(client, email, next_path):
    login = f"/login?next={next_path}"
    return client.post(login, data={"csrf_token": csrf_token(client, login), "email": email,
                                    "password": PASSWORD, "next": next_path})


@pytest.fixture
def facilitated(make_org, make_user, make_session):
    make_org()
    email = make_user(org="kunta")
    return make_session(), email


@pytest.mark.parametrize("page", ["dashboard", "projector", "", "edit"])
def test_a_signed_out_facilitator_signs_in_and_returns_to_the_page(client, facilitated, page):
    session_id, email = facilitated
    path = f"/sessions/{session_id}/{page}".rstrip("/")
    response = client.get(path)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [path]
    assert "Sign in to see this page." in client.get("/login").get_data(as_text=True)
    signed_in = _sign_in(client, email, path)
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == path
    assert client.get(path).status_code == 200


def test_a_signed_out_visitor_is_told_the_same_whether_or_not_the_session_exists(
        client, facilitated):
    session_id, _ = facilitated
    real = client.get(f"/sessions/{session_id}/dashboard")
    made_up = client.get(f"/sessions/{session_id + 999}/dashboard")
    assert real.status_code == made_up.status_code == 302
    assert urlsplit(made_up.headers["Location"]).path == "/login"


def test_a_signed_in_outsider_still_gets_404(client, facilitated, make_org, make_user):
    session_id, _ = facilitated
    make_org("toinen", "Toinen kunta")
    outsider = make_user("ulkopuolinen@example.fi", org="toinen")
    _sign_in(client, outsider, "/")
    assert client.get(f"/sessions/{session_id}/dashboard").status_code == 404


def test_a_signed_out_htmx_poll_or_form_post_is_refused_not_redirected(client, facilitated):
    session_id, _ = facilitated
    poll = client.get(f"/sessions/{session_id}/dashboard", headers={"HX-Request": "true"})
    assert poll.status_code == 404
    post = client.post(f"/sessions/{session_id}/participants/1/group",
                       data={"csrf_token": csrf_token(client, "/login"), "group": "1"})
    assert post.status_code == 404


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)"])
def test_only_a_local_path_is_followed_after_signing_in(client, facilitated, unsafe):
    _, email = facilitated
    response = _sign_in(client, email, unsafe)
    assert response.status_code == 302 and response.headers["Location"] == "/"
