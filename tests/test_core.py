"""Shared helpers: signed tokens, safe redirects and page-or-fragment rendering."""

from __future__ import annotations

import pytest
from jinja2 import ChoiceLoader, DictLoader

from app import create_app
from app.config import TestConfig
from app.core.rendering import render_page
from app.core.tokens import new_token, sign, token_hash, unsign
from app.core.urls import safe_next


def test_signed_token_round_trips_and_rejects_tampering(app):
    with app.app_context():
        token = new_token()
        signed = sign(token, "guest")
        assert unsign(signed, "guest") == token
        assert unsign(signed, "other-purpose") is None
        assert unsign(signed[:-2] + "xx", "guest") is None
        assert unsign(None, "guest") is None


def test_token_hash_is_stable_and_keyed(app):
    with app.app_context():
        assert token_hash("abc") == token_hash("abc")
        assert token_hash("abc") != token_hash("abd")
        assert "abc" not in token_hash("abc")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/sessions/3", "/sessions/3"),
        ("/a?b=c", "/a?b=c"),
        ("https://evil.example/x", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("evil", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_safe_next_keeps_only_local_paths(target, expected):
    assert safe_next(target, "/") == expected


@pytest.fixture
def templated_app(tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'r.db'}"

    application = create_app(Config)
    application.jinja_env.loader = ChoiceLoader([
        DictLoader({"page.html": "PAGE[{% include '_part.html' %}]", "_part.html": "part {{ n }}"}),
        application.jinja_env.loader,
    ])
    return application


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({}, "PAGE[part 1]"),
        ({"HX-Request": "true"}, "part 1"),
        ({"HX-Request": "true", "HX-Boosted": "true"}, "PAGE[part 1]"),
    ],
)
def test_render_page_sends_the_fragment_only_to_htmx(templated_app, headers, body):
    with templated_app.test_request_context(headers=headers):
        response = render_page("page.html", "_part.html", n=1)
    assert response.get_data(as_text=True) == body
    assert "HX-Request" in response.vary
