"""``flask privacy purge``: remove guests' names past their retention period (daily)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.core.database import commit
from app.privacy.retention import purge_guest_names

privacy_cli = AppGroup("privacy", help="Privacy: remove personal data past its retention.")


@privacy_cli.command("purge")
def purge() -> None:
    """Remove the names of guests of sessions closed longer ago than their organisation's
    retention period (guest_retention_days). Safe to run again: done sessions are skipped."""
    purged = purge_guest_names()
    commit()
    for done in purged:
        click.echo(f"Session {done.session_id} ({done.title}): {done.guests} guest names removed.")
    click.echo(f"Sessions purged: {len(purged)}.")
