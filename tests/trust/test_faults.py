"""Faults under a running app: its PostgreSQL stopped and started again, its Redis
stopped and started again. The app answers 503 (database) or goes on with limits
counted in the process (Redis), and recovers by itself, without a restart.

These start servers of their own (tests/trust/services.py), so they are marked
``faults`` and run apart from the default suite: ``make test-faults``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.auth.services import create_user
from app.config import TestConfig
from app.extensions import db
from tests.conftest import PASSWORD, post_form
from tests.trust.services import OwnPostgres, OwnRedis

pytestmark = pytest.mark.faults


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    server = OwnPostgres()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    server = OwnRedis()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def app_on_own_postgres(own_postgres, own_limiter) -> Iterator[Flask]:
    """An app on its own PostgreSQL with one account (migrated here, before the test's
    log capture starts: Alembic sets up logging of its own)."""

    class OwnDatabase(TestConfig):
        SQLALCHEMY_DATABASE_URI = own_postgres.url

    app = create_app(OwnDatabase)
    with app.app_context():
        upgrade()
        create_user("fasi@example.fi", "Fasi Litaattori", PASSWORD)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def _problems(caplog) -> list[logging.LogRecord]:
    """Log records above a warning, or with a traceback."""
    return [r for r in caplog.records if r.levelno > logging.WARNING or r.exc_info]


def test_the_database_restarted_gives_503s_then_the_app_recovers(app_on_own_postgres,
                                                                 own_postgres, caplog):
    client = app_on_own_postgres.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    assert post_form(client, "/login", {"email": "fasi@example.fi",
                                        "password": PASSWORD}).status_code == 302
    assert client.get("/account/password").status_code == 200

    own_postgres.stop()
    caplog.clear()
    caplog.set_level(logging.WARNING)
    page = client.get("/account/password", headers={"Accept-Language": "fi"})
    api = client.get("/api/v1/me")
    health = client.get("/healthz")
    assert page.status_code == 503 and int(page.headers["Retry-After"]) > 0
    assert "tietokantaansa" in page.get_data(as_text=True)
    assert api.status_code == 503 and set(api.get_json()) == {"error"}
    assert health.status_code == 503
    assert _problems(caplog) == []
    assert [r.levelno for r in caplog.records if r.name == "app.core.errors"] == [
        logging.WARNING, logging.WARNING]

    own_postgres.start()
    again = client.get("/account/password")
    assert again.status_code == 200 and "Fasi Litaattori" in again.get_data(as_text=True)
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    assert _problems(caplog) == []


def _wrong_sign_ins(app, address: str, times: int) -> list[int]:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return [post_form(client, "/login", {"email": "fasi@example.fi",
                                         "password": "väärä"}).status_code
            for _ in range(times)]


def test_redis_stopped_and_started_keeps_the_limits_working(own_redis, app_with_redis,
                                                            make_user, caplog):
    make_user()
    limited = app_with_redis(own_redis.url)
    health = limited.test_client()
    assert health.get("/healthz").get_json()["redis"] == "ok"
    assert _wrong_sign_ins(limited, "10.0.0.1", 6) == [422] * 5 + [429]
    assert own_redis.keys() > 0  # counted in Redis

    own_redis.stop()
    caplog.set_level(logging.WARNING)
    assert _wrong_sign_ins(limited, "10.0.0.2", 6) == [422] * 5 + [429]
    assert health.get("/healthz").status_code == 200
    assert health.get("/healthz").get_json()["redis"] == "down"
    unreachable = [r for r in caplog.records if "storage unreachable" in r.getMessage()]
    assert len(unreachable) == 1

    own_redis.start()
    assert health.get("/healthz").get_json()["redis"] == "ok"
    # Flask-Limiter looks for Redis again after a pause that doubles each time.
    deadline = time.monotonic() + 60
    while own_redis.keys() == 0 and time.monotonic() < deadline:
        _wrong_sign_ins(limited, "10.0.0.3", 1)
        time.sleep(0.5)
    assert own_redis.keys() > 0, "the limits did not go back to Redis"
    assert _wrong_sign_ins(limited, "10.0.0.4", 6) == [422] * 5 + [429]
