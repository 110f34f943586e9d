"""``flask seed demo``."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from app.core.database import commit

seed_cli = AppGroup("seed", help="Fill the database with demo content.")


@seed_cli.command("demo")
@click.option("--json", "as_json", is_flag=True, help="Print only the contract JSON object.")
@click.option("--in-production", is_flag=True,
              help="Seed even in production (a public demo site); the logins are published.")
def demo(as_json: bool, in_production: bool) -> None:
    """Create (or refresh) the demo organisation, logins and content."""
    if current_app.config["NAME"] == "production" and not in_production:
        raise click.UsageError("The demo logins are public: not seeding a production database "
                               "(use --in-production for a demo site).")
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
