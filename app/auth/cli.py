"""``flask users ...``: create accounts and API tokens from the command line."""

from __future__ import annotations

import secrets

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.api.services import issue_token
from app.auth import services
from app.core.database import commit
from app.extensions import db
from app.organisations.models import Organisation, Role
from app.organisations.services import add_membership

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--org", "org_slug", help="Slug of the organisation to join.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.FACILITATOR.value)
@click.option("--superuser", is_flag=True, help="Platform superuser (no organisation needed).")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--password", default=None, help="Password; a random one is printed if omitted.")
def create(email: str, org_slug: str | None, role: str, superuser: bool, display_name: str,
           password: str | None) -> None:
    """Create an account EMAIL, optionally as a member of --org with --role."""
    if not org_slug and not superuser:
        raise click.UsageError("Give --org SLUG (with --role) or --superuser.")
    if services.find_user(email):
        raise click.UsageError(f"An account for {email} exists already.")
    org = None
    if org_slug:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.slug == org_slug))
        if org is None:
            raise click.UsageError(f"No organisation with slug {org_slug!r}.")
    chosen = password or secrets.token_urlsafe(12)
    user = services.create_user(email, display_name, chosen, superuser=superuser)
    if org is not None:
        add_membership(None, org, user, Role(role))
    commit()
    click.echo(f"Created {user.email}" + (f" ({role} in {org.slug})" if org else " (superuser)"))
    if not password:
        click.echo(f"Password: {chosen}")


@users_cli.command("token")
@click.argument("email")
def token(email: str) -> None:
    """Print a new read-only API token for EMAIL."""
    user = services.find_user(email)
    if user is None:
        raise click.UsageError(f"No account for {email}.")
    value = issue_token(user, "flask users token")
    commit()
    click.echo(value)
