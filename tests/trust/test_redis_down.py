"""Redis out of reach: signing in and joining go on with limits counted in each process,
Flask-Limiter says so once in the log, and /healthz reports Redis down (still 200).
tests/trust/test_faults.py stops and restarts a real Redis."""

from __future__ import annotations

import logging

import pytest

from app.extensions import db
from app.sessions.models import Session
from tests.conftest import PASSWORD, post_form
from tests.trust.conftest import CLOSED_REDIS


@pytest.fixture
def redisless(app_with_redis):
    return app_with_redis(CLOSED_REDIS)


def test_sign_in_works_and_is_still_limited(redisless, make_user, caplog):
    caplog.set_level(logging.WARNING)
    email = make_user()
    client = redisless.test_client()
    wrong = [post_form(client, "/login", {"email": email, "password": "väärä"}).status_code
             for _ in range(6)]
    assert wrong == [422] * 5 + [429]  # the test limit: 5 a minute, counted in the process
    fresh = redisless.test_client()
    fresh.environ_base["REMOTE_ADDR"] = "10.0.0.7"
    assert post_form(fresh, "/login", {"email": email, "password": PASSWORD}).status_code == 302
    unreachable = [r for r in caplog.records if "storage unreachable" in r.getMessage()]
    assert len(unreachable) == 1 and unreachable[0].levelno == logging.WARNING


def test_joining_works(app, redisless, make_session):
    session_id = make_session()
    with app.app_context():
        code = db.session.get(Session, session_id).join_code
    client = redisless.test_client()
    response = post_form(client, f"/join/{code}", {
        "display_name": "Maija", "affiliation": "resident", "group": ""})
    assert response.status_code == 303


def test_healthz_reports_redis_down_and_still_serves(redisless):
    response = redisless.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "down"}


def test_healthz_leaves_redis_out_without_redis_url(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
