"""Fixtures of the trust tests: the live pages' scene, and an app whose database is away."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from app import create_app
from app.config import TestConfig
from app.extensions import db, limiter
from tests.live.fixtures import (  # noqa: F401
    client_as,
    ids,
    scene,
    submit_list,
    workshop,
)

DEAD_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"


CLOSED_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def own_limiter() -> Iterator[None]:
    """The rate limiter is one object that every app of the process binds to its own
    storage: put back the test suite's (and its state) after an app of a test's own."""
    saved = dict(vars(limiter))
    yield
    vars(limiter).clear()
    vars(limiter).update(saved)


@pytest.fixture
def dead_app(own_limiter) -> Flask:
    """An app whose database is a closed port (nothing listens on port 1)."""

    class Unreachable(TestConfig):
        SQLALCHEMY_DATABASE_URI = DEAD_DATABASE

    return create_app(Unreachable)


@pytest.fixture
def app_with_redis(app, own_limiter) -> Iterator[Callable[[str], Flask]]:
    """app_with_redis(redis_url): an app on the tests' database whose rate limits live in
    Redis at *redis_url*. Its database connections are closed after the test."""
    made: list[Flask] = []

    def make(redis_url: str) -> Flask:
        class WithRedis(TestConfig):
            SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
            REDIS_URL = redis_url
            RATELIMIT_STORAGE_URI = redis_url

        made.append(create_app(WithRedis))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()
