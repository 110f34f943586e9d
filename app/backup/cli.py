"""``flask backup create [FILE]`` and ``flask backup restore FILE``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.backup import services
from app.extensions import db

backup_cli = AppGroup("backup", help="Back up the database, or restore it from a backup.")


@backup_cli.command("create")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def create(file: Path | None) -> None:
    """Write a backup to FILE (default: instance/backups/yhdessa-<time>.dump or .sqlite3)."""
    url = db.engine.url
    try:
        written = services.create_backup(url, file or services.default_path(url))
    except services.BackupFailed as failed:
        raise click.ClickException(str(failed.message)) from failed
    click.echo(str(written))


@backup_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="This replaces everything in the database with the backup. "
                                  "Continue?")
def restore(file: Path) -> None:
    """Replace the whole database with the backup in FILE (stop the app's workers first)."""
    try:
        services.restore_backup(db.engine.url, file, engine=db.engine)
    except services.BackupFailed as failed:
        raise click.ClickException(str(failed.message)) from failed
    click.echo(f"Restored from {file}.")
