"""TRUSTED_PROXIES: how many reverse proxies' X-Forwarded-* headers are believed. Where
none is trusted, a client cannot pose as many addresses to slip past the limits."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from app import create_app
from app.config import ProductionConfig, TestConfig
from app.extensions import db
from tests.conftest import CSRF_RE


@pytest.fixture
def app_behind(own_limiter, tmp_path, monkeypatch):
    """app_behind(hops, production=False): an app that trusts *hops* proxies."""

    def make(hops: int | None, production: bool = False):
        base = ProductionConfig if production else TestConfig
        if production:
            monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
            monkeypatch.setattr(ProductionConfig, "RATELIMIT_STORAGE_URI", "memory://")
        overrides = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/proxies.db",
                     "LOGIN_RATE_LIMIT": "2 per minute"}
        if hops is not None:
            overrides["TRUSTED_PROXIES"] = hops
        app = create_app(type("Behind", (base,), overrides))
        with app.app_context():
            upgrade()
            db.engine.dispose()
        return app

    return make


def _sign_in_statuses(app, forwarded_for: list[str]) -> list[int]:
    """Wrong passwords, each from another address as the X-Forwarded-For header says."""
    client = app.test_client()
    # Over https, as production's secure cookies need.
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    return [client.post("/login", base_url="https://localhost",
                        data={"csrf_token": token, "email": "a@example.fi", "password": "x"},
                        headers={"X-Forwarded-For": address,
                                 "Referer": "https://localhost/login"}).status_code
            for address in forwarded_for]


SPOOFED = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]


def test_no_proxy_is_trusted_by_default(app_behind):
    app = app_behind(None)
    assert app.config["TRUSTED_PROXIES"] == 0
    assert _sign_in_statuses(app, SPOOFED) == [422, 422, 429]


def test_production_trusts_one_proxy_unless_told_otherwise(app_behind):
    assert app_behind(None, production=True).config["TRUSTED_PROXIES"] == 1


def test_production_with_no_proxy_ignores_forwarded_addresses(app_behind):
    app = app_behind(0, production=True)
    assert _sign_in_statuses(app, SPOOFED) == [422, 422, 429]


def test_a_trusted_proxy_gives_each_client_its_own_limits(app_behind):
    app = app_behind(1)
    assert _sign_in_statuses(app, SPOOFED) == [422, 422, 422]


def test_two_trusted_hops_read_the_address_the_outer_proxy_saw(app_behind):
    app = app_behind(2)
    # Each request passes a CDN and a load balancer; the client adds a forged first entry.
    chains = [f"6.6.6.6, {address}, 192.0.2.1" for address in SPOOFED]
    assert _sign_in_statuses(app, chains) == [422, 422, 422]
    same_client = [f"{forged}, 10.0.0.9, 192.0.2.1" for forged in SPOOFED]
    assert _sign_in_statuses(app, same_client) == [422, 422, 429]


@pytest.mark.parametrize("value", ["-1", "one", "1.5"])
def test_a_bad_setting_stops_the_start_with_a_clear_message(monkeypatch, value):
    from app.config import _hops

    monkeypatch.setenv("TRUSTED_PROXIES", value)
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        _hops(0)
