"""Fixtures of the security suite: one seeded world per module, requests that leave no trace.

Modules that set ``KEEPS_WORLD = True`` share one world among their tests (it is
emptied when the module ends, not after every test); each request they send runs
inside a transaction that is rolled back afterwards (``untouched``), so a permitted
"delete" or "close the round" in one cell leaves the world the same for the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask

from app.extensions import db, limiter
from tests.conftest import _empty_tables
from tests.security.world import World, build_world


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """As the suite's own, except in modules whose tests share one world."""
    yield
    if getattr(request.module, "KEEPS_WORLD", False) or "app" not in request.fixturenames:
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        _empty_tables()
        limiter.reset()
        application.extensions.pop("mail_outbox", None)


@pytest.fixture(scope="module")
def world(app: Flask) -> Iterator[World]:
    built = build_world(app)
    yield built
    with app.app_context():
        db.session.remove()
        _empty_tables()
    limiter.reset()
    app.extensions.pop("mail_outbox", None)


@contextmanager
def untouched(app: Flask) -> Iterator[None]:
    """Whatever the requests inside commit is rolled back at the end.

    The app's sessions run on one connection inside an outer transaction; their
    commits only release savepoints (SQLAlchemy's "join an external transaction").
    """
    with app.app_context():
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        outer = connection.begin()
        factory = db.session.session_factory
        saved_mode = factory.kw.get("join_transaction_mode")
        factory.kw["join_transaction_mode"] = "create_savepoint"
        engines[None] = connection
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
            engines[None] = engine
            if saved_mode is None:
                factory.kw.pop("join_transaction_mode", None)
            else:
                factory.kw["join_transaction_mode"] = saved_mode
        outer.rollback()
        connection.close()


@contextmanager
def settings(app: Flask, **values) -> Iterator[None]:
    """Change app settings (and whether rate limits apply) for the block."""
    saved = {key: app.config.get(key) for key in values}
    saved_enabled = limiter.enabled
    limiter.enabled = values.pop("RATELIMIT_ENABLED", saved_enabled)
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(saved)
        limiter.enabled = saved_enabled
