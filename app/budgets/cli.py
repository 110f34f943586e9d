"""``flask pb import`` (a Pabulib file as a finished process) and ``flask budgets worker``."""

from __future__ import annotations

import json
import time

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from app.budgets.ballot_models import Ballot
from app.budgets.counting import latest_count
from app.budgets.models import CountingRule
from app.budgets.pabulib import import_pb
from app.core.database import commit
from app.extensions import db
from app.organisations.models import Organisation
from app.tally import PabulibError

pb_cli = AppGroup("pb", help="Participatory budgeting files (Pabulib).")
budgets_cli = AppGroup("budgets", help="Participatory budgeting: the counting worker.")


@pb_cli.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--org", "slug", required=True, help="Slug of the organisation it belongs to.")
@click.option("--rule", type=click.Choice([r.value for r in CountingRule]),
              help="Counting rule (default: greedy if the file's META says so, else MES "
                   "with cost utilities and Add1 then greedy).")
def import_command(path: str, slug: str, rule: str | None) -> None:
    """Import a Pabulib .pb file as a finished, counted process with one area."""
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        raise click.ClickException(f"no organisation with the slug {slug!r}")
    started = time.perf_counter()
    try:
        process = import_pb(path, organisation, rule=CountingRule(rule) if rule else None)
    except PabulibError as error:
        db.session.rollback()
        raise click.ClickException(f"{path}: {error} (nothing was imported)") from None
    run = latest_count(process.id, done=True)
    ballots = db.session.scalar(sa.select(sa.func.count(Ballot.id))
                                .where(Ballot.process_id == process.id))
    commit()
    click.echo(json.dumps({
        "budget_id": process.id, "title": process.title, "ballots": ballots,
        "selected": next(iter(run.result.values()))["selected"] if run and run.result else [],
        "ballots_sha256": run.ballots_sha256 if run else None,
        "seconds": round(time.perf_counter() - started, 1),
    }, ensure_ascii=False))


@budgets_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run an RQ worker for the counting queue on REDIS_URL (in this app's context)."""
    from redis import Redis
    from rq import Queue, Worker

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: counts run inline, no worker needed.")
    connection = Redis.from_url(url)
    queue = Queue(current_app.config["BUDGET_QUEUE"], connection=connection)
    Worker([queue], connection=connection).work(burst=burst)
