"""The version queries of unchanged polls, read on PostgreSQL connections of their own.

A poll's version query (``read_versions`` in app/core/live.py) is one indexed lookup that
PostgreSQL answers in a few tens of microseconds; through the ORM it also costs a pool
checkout with its pre-ping round trip, an ORM session and SQLAlchemy's execution. The layer
that answers unchanged polls before Flask (app/core/unchanged_polls.py) reads it here
instead: the same SQLAlchemy statement, compiled once, run as a prepared statement on a
psycopg connection in autocommit mode (as ``read_versions`` runs it), its columns converted
by the statement's own result processors (a stage comes back as a ``Stage``).

The connections are few and never waited for: at most :data:`MOST_CONNECTIONS` per worker
process, opened when first needed. A poll that finds them all busy, or whose connection
fails, raises :class:`Unavailable`, and the layer sends it on to Flask, which reads through
the pool as before (and answers 503 when the database is down).
"""

from __future__ import annotations

import os
import queue
import threading
import weakref
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Dialect

# Per worker process: gunicorn's gthread workers in the README run 8 threads.
MOST_CONNECTIONS = 8
CONNECT_TIMEOUT_S = 5


class Unavailable(Exception):
    """No direct read now: the caller reads the usual way."""


class DirectReads:
    """``read(query, params)`` → the query's first row as a tuple, or None."""

    def __init__(self, url: sa.URL) -> None:
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.dialect: Dialect = url.get_dialect()()
        self.compiled: dict[sa.Select, tuple[str, Any, list]] = {}
        self.lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        if getattr(self, "closer", None):  # after a fork: the parent's connections are
            self.closer.detach()           # its own, not ours to close
        self.pid = os.getpid()
        self.idle: queue.SimpleQueue[psycopg.Connection] = queue.SimpleQueue()
        self.open = 0
        self.closer = weakref.finalize(self, _close_idle, self.idle)

    def __call__(self, query: sa.Select, params: dict[str, Any]) -> tuple | None:
        sql, compiled, processors = self._compile(query)
        connection = self._take()
        try:
            row = connection.execute(sql, compiled.construct_params(params),
                                     prepare=True).fetchone()
        except psycopg.Error as error:
            self._discard(connection)
            raise Unavailable from error
        self.idle.put(connection)
        if row is None:
            return None
        return tuple(process(value) if process else value
                     for process, value in zip(processors, row, strict=True))

    def _compile(self, query: sa.Select) -> tuple[str, Any, list]:
        """The statement's SQL, compiled form and result processors, once per statement
        (the features build each poll statement once: ``functools.lru_cache``)."""
        found = self.compiled.get(query)
        if found is None:
            compiled = query.compile(dialect=self.dialect)
            processors = [column.type.dialect_impl(self.dialect)
                          .result_processor(self.dialect, None)
                          for column in query.selected_columns]
            found = self.compiled.setdefault(query, (str(compiled), compiled, processors))
        return found

    def _take(self) -> psycopg.Connection:
        if self.pid != os.getpid():  # forked: the parent's connections are not ours
            with self.lock:
                if self.pid != os.getpid():
                    self._reset()
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            pass
        with self.lock:
            if self.open >= MOST_CONNECTIONS:
                raise Unavailable
            self.open += 1
        try:
            return psycopg.connect(self.conninfo, autocommit=True,
                                   connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as error:
            with self.lock:
                self.open -= 1
            raise Unavailable from error

    def _discard(self, connection: psycopg.Connection) -> None:
        try:
            connection.close()
        finally:
            with self.lock:
                self.open -= 1


def _close_idle(idle: queue.SimpleQueue) -> None:
    """Close the idle connections when the app is gone (or at exit)."""
    while not idle.empty():
        idle.get_nowait().close()


def direct_reads(url: str) -> DirectReads | None:
    """Direct reads for a PostgreSQL database reached through psycopg; None otherwise (the
    embedded SQLite database is read through the ORM)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "postgresql" or parsed.get_driver_name() != "psycopg":
        return None
    return DirectReads(parsed)
