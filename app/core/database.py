"""Database helpers: engine tuning, UTC timestamps and the one commit per request."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

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


def is_outage(error: BaseException) -> bool:
    """The database could not be reached or gave the request up: it is down or
    restarting, the connection broke, or no pooled connection came free in time."""
    return isinstance(error, OperationalError | InterfaceError | PoolTimeout) and not (
        is_lock_error(error))


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
        # We emit BEGIN ourselves (see _sqlite_begin): pysqlite's own transaction
        # handling starts transactions late and breaks savepoints.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(app.config['SQLITE_BUSY_TIMEOUT_MS'])}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def _sqlite_begin(connection: Any) -> None:
    """Writes take SQLite's write lock at their first statement, reads never do.

    SQLite has no row locks (``SELECT ... FOR UPDATE`` is ignored), so a request
    that may write (POST, PUT, DELETE) begins with ``BEGIN IMMEDIATE``: its check
    of a stage or a version and its write cannot interleave with another
    writer's. Other writers wait up to the busy timeout; readers go on (WAL).
    """
    writes = (has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
              and not g.get("read_only"))
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def read_only_from_now() -> None:
    """The rest of this request only reads (e.g. renders the "busy" page)."""
    g.read_only = True


def _end_session(_error: BaseException | None) -> None:
    """Close the request's session; a connection the database dropped meanwhile (it shut
    down or restarted after the answer was made) is thrown away, not a 500.

    Registered after Flask-SQLAlchemy's own teardown, so it runs first (teardowns run in
    reverse order) and leaves that one nothing to close.
    """
    try:
        db.session.remove()
    except (OperationalError, InterfaceError):
        if db.session.registry.has():
            with suppress(OperationalError, InterfaceError):  # already gone
                db.session.registry().invalidate()
        db.session.registry.clear()


def configure_engine(app: Flask) -> None:
    """Foreign keys, WAL, a busy timeout and real transactions for SQLite connections;
    a session closed safely at the end of every request."""
    app.teardown_appcontext(_end_session)
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_on_connect(app))
            event.listen(engine, "begin", _sqlite_begin)


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
