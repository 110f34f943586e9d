"""Back up the whole database to one file, and restore it from one.

PostgreSQL: ``pg_dump -Fc`` (its custom format, compressed) and ``pg_restore --clean``
in one transaction, so a restore that fails leaves the database as it was. SQLite: the
sqlite3 online backup API, which copies a consistent snapshot while the app runs.
The password never appears on a command line: the programs get it in PGPASSWORD.
Backups hold personal data, so their files are readable by their owner only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL

from app.config import INSTANCE_DIR
from app.core.errors import DomainError

BACKUP_DIR = INSTANCE_DIR / "backups"
SUFFIXES = {"postgresql": ".dump", "sqlite": ".sqlite3"}


class BackupFailed(DomainError):
    """A backup or restore could not be made; the message says why."""


def default_path(url: URL, now: datetime | None = None) -> Path:
    """instance/backups/yhdessa-20261206-031500.dump (or .sqlite3)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return BACKUP_DIR / f"yhdessa-{stamp}{SUFFIXES.get(url.get_backend_name(), '.backup')}"


def create_backup(url: URL, target: Path) -> Path:
    """Write a backup of the database at *url* to *target* (a new file)."""
    if target.exists():
        raise BackupFailed(f"{target} exists already: choose another file name")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(target.name + ".partial")
    try:
        _backend(url)[0](url, partial)
        partial.chmod(0o600)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore_backup(url: URL, source: Path, engine: sa.Engine | None = None) -> None:
    """Replace the database at *url* with the backup in *source*.

    Pass the app's *engine*: its pooled connections are closed first, so the restore
    does not wait for them (stop the app's workers before restoring a live site).
    """
    if not source.is_file():
        raise BackupFailed(f"{source} is not a file")
    if engine is not None:
        engine.dispose()
    _backend(url)[1](url, source)


# --- PostgreSQL -------------------------------------------------------------------


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The connection string without the password, and an environment that has it."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _run(program: str, *args: str, environment: dict[str, str]) -> str:
    if shutil.which(program) is None:
        raise BackupFailed(f"{program} is not installed (apt-get install postgresql-client)")
    done = subprocess.run([program, *args], env=environment, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise BackupFailed(f"{program} failed: {done.stderr.strip() or done.returncode}")
    return done.stdout


def _pg_dump(url: URL, target: Path) -> None:
    dsn, environment = _libpq(url)
    _run("pg_dump", "--format=custom", f"--file={target}", f"--dbname={dsn}",
         environment=environment)


def _pg_restore(url: URL, source: Path) -> None:
    dsn, environment = _libpq(url)
    _run("pg_restore", "--list", str(source), environment=environment)  # a real archive?
    _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", f"--dbname={dsn}", str(source), environment=environment)


# --- SQLite -------------------------------------------------------------------------


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupFailed("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while others write."""
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    reading.close()
    writing.close()


def _sqlite_backup(url: URL, target: Path) -> None:
    source = _sqlite_file(url)
    if not source.is_file():  # connecting would create an empty database there
        raise BackupFailed(f"there is no database at {source}")
    _copy(source, target)


def _sqlite_restore(url: URL, source: Path) -> None:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            check.execute("SELECT version_num FROM alembic_version").fetchone()
        check.close()
    except sqlite3.DatabaseError as error:
        raise BackupFailed(f"{source} is not a backup of this app: {error}") from error
    _copy(source, _sqlite_file(url))


def _backend(url: URL):
    backends = {"postgresql": (_pg_dump, _pg_restore), "sqlite": (_sqlite_backup, _sqlite_restore)}
    try:
        return backends[url.get_backend_name()]
    except KeyError:
        raise BackupFailed(f"no backup for {url.get_backend_name()} databases") from None
