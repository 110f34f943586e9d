"""Faults under a running app: its PostgreSQL stopped and started again (alone, and
under load on gunicorn), its Redis stopped and started again, its gunicorn workers
killed with ``kill -9`` in the middle of writes. The app answers 503 (database) or goes
on with limits counted in the process (Redis), recovers by itself without a restart, and
loses no committed write nor leaves a half-written one.

These start servers of their own (tests/trust/services.py), so they are marked
``faults`` and run apart from the default suite: ``make test-faults``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.auth.services import create_user
from app.config import TestConfig
from app.extensions import db
from tests.conftest import PASSWORD, post_form
from tests.trust.served import GROUPS, Client, Gunicorn, Workshop, prepare_workshop, submissions
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


# --- under load, on gunicorn -------------------------------------------------------


@pytest.fixture
def served(own_postgres, own_limiter) -> Iterator[tuple[Flask, Gunicorn, Workshop]]:
    """A prepared workshop on the test's own PostgreSQL, served by gunicorn (two sync
    workers); the test's own app reads the same database."""

    class OwnDatabase(TestConfig):
        SQLALCHEMY_DATABASE_URI = own_postgres.url

    app = create_app(OwnDatabase)
    with app.app_context():
        upgrade()
    workshop = prepare_workshop(app)
    server = Gunicorn(own_postgres.url, TestConfig.SECRET_KEY)
    yield app, server, workshop
    server.stop()
    with app.app_context():
        db.engine.dispose()


def _submit(server: Gunicorn, workshop: Workshop, group: int, start) -> int | str:
    """Group *group*'s member presses Submit (after the others have their pages open)."""
    browser = Client(server.url, [workshop.cookies[group]])
    token = browser.csrf(workshop.page)
    start.wait()
    try:
        return browser.post(f"{workshop.page}/submit", {"csrf_token": token})[0]
    except OSError as cut:  # the worker died under the request
        return type(cut).__name__


def test_workers_killed_in_the_middle_of_submits_lose_no_saved_list_and_half_save_none(
        served):
    app, server, workshop = served
    start = threading.Barrier(GROUPS + 1)
    with ThreadPoolExecutor(GROUPS) as pool:
        answers = [pool.submit(_submit, server, workshop, group, start)
                   for group in range(GROUPS)]
        start.wait()
        kills = 0
        for _ in range(3000):  # bounded; usually the first kill already cuts requests off
            if all(answer.done() for answer in answers) or kills == 5 or any(
                    isinstance(answer.result(), str) for answer in answers if answer.done()):
                break
            if any(answer.done() for answer in answers) and len(server.workers()) == 2:
                # The first lists are saved, so the workers are busy with more: kill -9.
                assert len(server.kill_workers()) == 2
                kills += 1
            time.sleep(0.01)
        statuses = [answer.result() for answer in answers]
    cut = [status for status in statuses if isinstance(status, str)]
    assert cut, "the kill cut no request off"
    assert all(isinstance(status, str) or status in (200, 302, 303, 503)
               for status in statuses), statuses

    stored = submissions(app, workshop.theme_id)
    saved = sum(1 for status in statuses if status in (200, 302, 303))
    submitted = [places for state, places in stored.values() if state == "submitted"]
    assert len(submitted) >= saved  # every acknowledged submit is there (and maybe a cut one)
    for state, places in stored.values():  # whole or nothing
        assert len(places) == 3
        if state == "submitted":
            assert None not in places and len(set(places)) == 3
        else:
            assert places == [None, None, None]

    # The master starts new workers; the cut-off members press Submit again.
    for _ in range(300):
        if len(server.workers()) == 2 and Client(server.url).get("/healthz")[0] == 200:
            break
        time.sleep(0.1)
    again = threading.Barrier(1)
    for group, status in enumerate(statuses):
        if not isinstance(status, int) or status not in (200, 302, 303):
            assert _submit(server, workshop, group, again) in (200, 302, 303, 409)
    stored = submissions(app, workshop.theme_id)
    assert [state for state, _ in stored.values()] == ["submitted"] * GROUPS
    assert all(None not in places for _, places in stored.values())


def test_the_database_restarted_under_load_gives_503s_and_the_workers_recover(served,
                                                                              own_postgres):
    app, server, workshop = served
    workers = server.workers()
    browsers = [Client(server.url, [workshop.cookies[group]]) for group in range(4)]
    tokens = [browser.csrf(workshop.page) for browser in browsers]
    answers: list[tuple[int, dict]] = []
    stop = threading.Event()

    def keep_working(number: int) -> None:
        browser, token = browsers[number], tokens[number]
        for round_number in range(2000):  # bounded: the test ends it much earlier
            if stop.is_set():
                return
            status, headers, _ = browser.get(workshop.page)
            answers.append((status, headers))
            status, headers, _ = browser.post(f"{workshop.page}/slots/1", {
                "slot-1-csrf_token": token, "slot-1-title": f"Asia {round_number}",
                "slot-1-reasoning": "Perustelu", "slot-1-version": 0})
            answers.append((status, headers))

    with ThreadPoolExecutor(len(browsers)) as pool:
        running = [pool.submit(keep_working, n) for n in range(len(browsers))]
        own_postgres.stop()
        during = len(answers)
        for _ in range(300):  # until the outage has been answered a few times
            if sum(1 for status, _ in answers[during:] if status == 503) >= 8:
                break
            time.sleep(0.05)
        own_postgres.start()
        after = len(answers)
        for _ in range(600):  # until the pages are served again
            if sum(1 for status, _ in answers[after:] if status == 200) >= 8:
                break
            time.sleep(0.05)
        stop.set()
        for done in running:
            done.result()

    statuses = [status for status, _ in answers]
    assert 500 not in statuses, "\n".join(
        line for line in server.log().splitlines() if "Database unavailable" not in line)
    assert set(statuses) <= {200, 409, 503}, set(statuses)
    outage = [headers for status, headers in answers if status == 503]
    assert len(outage) >= 8 and all(int(headers["Retry-After"]) > 0 for headers in outage)
    assert sum(1 for status in statuses[after:] if status == 200) >= 8
    assert server.workers() == workers  # recovered without a restart
