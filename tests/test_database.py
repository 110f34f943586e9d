"""SQLite settings and a locked database. These use an SQLite app of their own,
so they run whichever database the rest of the suite uses."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.auth.services import create_user
from app.config import TestConfig
from app.extensions import db
from tests.conftest import PASSWORD, post_form


@pytest.fixture
def sqlite_app(tmp_path) -> Iterator[Flask]:
    class SQLiteConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'own.db'}"

    application = create_app(SQLiteConfig)
    with application.app_context():
        upgrade()
        create_user("fasi@example.fi", "Fasi", PASSWORD)
        db.session.commit()
    yield application
    with application.app_context():
        db.engine.dispose()


def test_sqlite_runs_with_foreign_keys_and_wal(sqlite_app):
    with sqlite_app.app_context():
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"


def test_locked_database_answers_503_not_500(sqlite_app):
    client = sqlite_app.test_client()
    post_form(client, "/login", {"email": "fasi@example.fi", "password": PASSWORD})
    sqlite_app.config["SQLITE_BUSY_TIMEOUT_MS"] = 100
    with sqlite_app.app_context():
        db.engine.dispose()
    path = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        response = post_form(client, "/language", {"lang": "sv", "next": "/"}, page="/")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    # Once the lock is gone the same request goes through.
    assert post_form(client, "/language", {"lang": "sv", "next": "/"}, page="/").status_code == 302


def _other_writer_can_start(path: str) -> bool:
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


@pytest.mark.parametrize(("method", "holds_write_lock"), [("POST", True), ("GET", False)])
def test_a_request_that_may_write_holds_the_write_lock_from_its_first_read(
        sqlite_app, method, holds_write_lock):
    """SQLite ignores SELECT ... FOR UPDATE: a POST must lock before it checks anything."""
    path = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with sqlite_app.test_request_context("/", method=method):
        db.session.execute(sa.text("SELECT 1"))
        assert _other_writer_can_start(path) is not holds_write_lock
        db.session.rollback()
    assert _other_writer_can_start(path)


def test_a_savepoint_rolls_back_alone(sqlite_app):
    from app.auth.models import User

    with sqlite_app.test_request_context("/", method="POST"):
        create_user("eka@example.fi", "Eka")
        try:
            with db.session.begin_nested():
                create_user("fasi@example.fi", "Kaksoiskappale")  # unique e-mail
        except sa.exc.IntegrityError:
            pass
        db.session.commit()
        emails = db.session.scalars(sa.select(User.email).order_by(User.email)).all()
    assert emails == ["eka@example.fi", "fasi@example.fi"]
