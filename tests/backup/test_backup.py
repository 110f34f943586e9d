"""``flask backup create`` / ``backup restore``: a seeded database comes back row for row.

Runs on the tests' database: SQLite by default, PostgreSQL with TEST_DATABASE_URL
(pg_dump and pg_restore of the same major version as the server are needed there).
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.sessions.models import Participant, Session


def _every_row(app) -> dict[str, list[tuple]]:
    """Every row of every table of the app, in primary-key order."""
    with app.app_context():
        tables = {}
        with db.engine.connect() as connection:
            for table in db.metadata.sorted_tables:
                query = sa.select(table).order_by(*table.primary_key.columns)
                tables[table.name] = [tuple(row) for row in connection.execute(query)]
            tables["alembic_version"] = connection.execute(
                sa.text("SELECT version_num FROM alembic_version")).all()
        return tables


def _change_everything(app) -> None:
    """What a restore must undo: a new session, a deleted participant, a renamed one."""
    with app.app_context():
        session = db.session.scalars(sa.select(Session).order_by(Session.id)).first()
        session.title = "Muutettu otsikko"
        db.session.delete(db.session.scalars(sa.select(Participant)).first())
        db.session.add(Session(organisation_id=session.organisation_id, title="Uusi",
                               kind=session.kind, join_code="QQQQQQ"))
        db.session.commit()


@pytest.fixture
def seeded(app, runner) -> dict[str, list[tuple]]:
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    rows = _every_row(app)
    assert len(rows["participants"]) > 5 and len(rows["priorities"]) > 5
    return rows


def test_a_backup_restores_every_row(app, runner, seeded, tmp_path):
    backup = tmp_path / "yhdessa.backup"
    created = runner.invoke(args=["backup", "create", str(backup)])
    assert created.exit_code == 0, created.output
    assert created.output.strip() == str(backup)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # it holds personal data

    _change_everything(app)
    assert _every_row(app) != seeded

    restored = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert _every_row(app) == seeded
    # The app goes on using the restored database.
    assert app.test_client().get("/healthz").status_code == 200


def test_a_backup_without_a_name_goes_to_the_instance_folder(app, runner, seeded, monkeypatch,
                                                            tmp_path):
    from app.backup import services

    monkeypatch.setattr(services, "BACKUP_DIR", tmp_path / "backups")
    created = runner.invoke(args=["backup", "create"])
    assert created.exit_code == 0, created.output
    written = Path(created.output.strip())
    assert written.parent == tmp_path / "backups" and written.name.startswith("yhdessa-")


def test_a_backup_never_overwrites_a_file(runner, tmp_path):
    existing = tmp_path / "old.backup"
    existing.write_text("keep me")
    result = runner.invoke(args=["backup", "create", str(existing)])
    assert result.exit_code != 0 and "exists already" in result.output
    assert existing.read_text() == "keep me"


def test_restoring_a_file_that_is_no_backup_changes_nothing(app, runner, seeded, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    result = runner.invoke(args=["backup", "restore", str(bogus), "--yes"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert _every_row(app) == seeded


def test_restore_asks_first(app, runner, seeded, tmp_path):
    backup = tmp_path / "yhdessa.backup"
    runner.invoke(args=["backup", "create", str(backup)])
    _change_everything(app)
    changed = _every_row(app)
    result = runner.invoke(args=["backup", "restore", str(backup)], input="n\n")
    assert result.exit_code != 0
    assert _every_row(app) == changed


def test_a_missing_sqlite_database_is_not_created_by_a_backup(tmp_path):
    from sqlalchemy.engine import make_url

    from app.backup.services import BackupFailed, create_backup

    missing = tmp_path / "nowhere.db"
    with pytest.raises(BackupFailed, match="no database"):
        create_backup(make_url(f"sqlite:///{missing}"), tmp_path / "copy.sqlite3")
    assert not missing.exists() and not (tmp_path / "copy.sqlite3").exists()
