"""Security headers, CSRF (forms and htmx), size limits and friendly error pages."""

from __future__ import annotations

import pytest

from app.config import ProductionConfig
from tests.conftest import csrf_token


def test_every_page_sends_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_pages_have_no_inline_scripts_or_handlers(client):
    page = client.get("/login").get_data(as_text=True)
    assert "<script>" not in page
    assert " onclick=" not in page and " onsubmit=" not in page
    assert '"allowEval": false' in page


def test_htmx_is_vendored_with_its_license(client):
    for path in ("/static/vendor/htmx/htmx.min.js", "/static/vendor/htmx/LICENSE"):
        with client.get(path) as response:
            assert response.status_code == 200


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig.prepare()


def test_production_uses_secure_cookies_and_hsts(monkeypatch, tmp_path):
    from app import create_app

    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/p.db")
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    response = app.test_client().get("/accessibility")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_production_without_redis_warns_that_limits_are_per_worker(monkeypatch, tmp_path, caplog):
    from app import create_app

    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/p.db")
    monkeypatch.setattr(ProductionConfig, "RATELIMIT_STORAGE_URI", "memory://")
    create_app(ProductionConfig)
    assert "REDIS_URL is not set" in caplog.text
    caplog.clear()
    monkeypatch.setattr(ProductionConfig, "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    create_app(ProductionConfig)
    assert "REDIS_URL is not set" not in caplog.text


def test_form_without_csrf_token_is_refused_and_keeps_the_text(client, make_user):
    make_user()
    response = client.post("/login", data={"email": "fasi@example.fi", "password": "secret",
                                           "next": "/sessions/"})
    main = response.get_data(as_text=True).split("<main")[1]
    assert response.status_code == 400
    assert '<label for="kept-1">E-mail address</label>' in main
    assert ">fasi@example.fi</textarea>" in main
    assert "secret" not in main and "/sessions/" not in main  # no password, no technical field


def test_an_expired_form_keeps_long_text_with_its_label(client):
    thought = "A long thought\nI do not want to lose"
    response = client.post("/sessions/new", data={"csrf_token": "expired", "title": "Työpaja",
                                                  "description": thought})
    main = response.get_data(as_text=True).split("<main")[1]
    assert response.status_code == 400
    assert '<label for="kept-2">Description</label>' in main and thought in main


def test_text_sent_from_another_site_is_not_shown_on_ours(client):
    response = client.post("/sessions/new", data={"description": "Call 0800 and give your PIN"},
                           headers={"Origin": "https://phishing.example"})
    assert response.status_code == 400
    assert "PIN" not in response.get_data(as_text=True)


def test_htmx_request_carries_the_csrf_token_in_a_header(client):
    token = csrf_token(client, "/")
    headers = {"HX-Request": "true"}
    refused = client.post("/language", data={"lang": "sv"}, headers=headers)
    accepted = client.post("/language", data={"lang": "sv"},
                           headers={**headers, "X-CSRFToken": token})
    assert refused.status_code == 400
    assert accepted.status_code == 302


def test_a_refused_htmx_request_answers_in_the_alert_region_not_over_the_form(client):
    response = client.post("/language", data={"lang": "sv"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#htmx-alert"
    body = response.get_data(as_text=True)
    assert "<html" not in body and "alert-error" in body


def test_the_page_puts_the_token_where_htmx_sends_it(client):
    page = client.get("/").get_data(as_text=True)
    assert "hx-headers='{\"X-CSRFToken\": \"" in page


def test_oversized_body_gets_413(client):
    response = client.post("/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Yhdessä" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "path", "status", "finnish"),
    [
        ("get", "/no-such-page", 404, "Sivua ei löytynyt"),
        ("put", "/login", 405, "Toiminto ei ole sallittu"),
    ],
)
def test_error_pages_are_friendly_and_translated(client, method, path, status, finnish):
    response = getattr(client, method)(path, headers={"Accept-Language": "fi"})
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert finnish in page
    assert '<html lang="fi">' in page


@pytest.mark.parametrize(("status", "finnish"), [
    (403, "Ei käyttöoikeutta"), (409, "Toimintoa ei voitu tehdä"),
    (422, "Tarkista antamasi tiedot"),
])
def test_refusals_have_friendly_finnish_pages(app, status, finnish):
    from app.core.errors import error_response

    with app.test_request_context("/", headers={"Accept-Language": "fi"}):
        response = error_response(status)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert f"<h1>{finnish}</h1>" in page and '<html lang="fi">' in page


def test_unexpected_errors_show_no_stack_trace(app, client, monkeypatch):
    import app.pages.routes as routes

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(routes, "render_template", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/privacy")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in page and "Traceback" not in page


@pytest.mark.parametrize("path", ["/sessions/99999999999999999999",
                                  "/api/v1/sessions/2147483648/results",
                                  "/p/9223372036854775808/themes/1"])
def test_an_id_too_big_for_the_database_is_not_found(client, path):
    assert client.get(path).status_code == 404
