"""Fixtures of the trust tests: the live pages' scene, and an app whose database is away."""

from __future__ import annotations

import pytest
from flask import Flask

from app import create_app
from app.config import TestConfig
from tests.live.fixtures import (  # noqa: F401
    client_as,
    ids,
    scene,
    submit_list,
    workshop,
)

DEAD_DATABASE = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"


@pytest.fixture
def dead_app() -> Flask:
    """An app whose database is a closed port (nothing listens on port 1)."""

    class Unreachable(TestConfig):
        SQLALCHEMY_DATABASE_URI = DEAD_DATABASE

    return create_app(Unreachable)
