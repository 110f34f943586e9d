"""``flask seed demo``."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from app.core.database import commit

seed_cli = AppGroup("seed", help="Fill the database with demo content.")


@seed_cli.command("demo")
@click.option("--json", "as_json", is_flag=True, help="Print only the contract JSON object.")
def demo(as_json: bool) -> None:
    """Create (or refresh) the demo organisation, logins and content."""
    # Imported here: the demo content is loaded only when it is seeded.
    from seeds.demo import ADMIN, FACILITATOR, seed_demo

    logins = seed_demo()
    contract = logins.as_contract()
    commit()
    if as_json:
        click.echo(json.dumps(contract))
        return
    click.echo(f"Demo organisation: {logins.organisation.name} ({logins.organisation.slug})")
    click.echo(f"Facilitator login: {FACILITATOR['email']} / {FACILITATOR['password']}")
    click.echo(f"Admin login:       {ADMIN['email']} / {ADMIN['password']}")
