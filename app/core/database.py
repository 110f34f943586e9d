"""Database helpers: engine tuning, UTC timestamps and the one commit per request."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from app.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class DatabaseBusy(Exception):
    """SQLite stayed locked after retries; the request answers 503."""


def is_lock_error(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "locked" in str(error.orig).lower()


def commit() -> None:
    """Commit the request's work.

    SQLite itself retries a locked database until its busy timeout runs out;
    after that the request answers 503 (never 500) and nothing is half-saved.
    """
    try:
        db.session.commit()
    except OperationalError as error:
        db.session.rollback()
        if is_lock_error(error):
            raise DatabaseBusy from error
        raise


def _sqlite_on_connect(app: Flask):
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(app.config['SQLITE_BUSY_TIMEOUT_MS'])}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def configure_engine(app: Flask) -> None:
    """Switch on foreign keys, WAL and a busy timeout for SQLite connections."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_on_connect(app))


def database_is_up() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "down"
        db.session.rollback()
        return False


def enum_column(enum_class: type) -> sa.Enum:
    """A portable enum column that stores the members' values (not their names)."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=max(len(member.value) for member in enum_class) + 8,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
        create_constraint=True,
        name=enum_class.__name__.lower(),
    )
