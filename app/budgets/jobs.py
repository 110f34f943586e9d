"""Counting outside the web request: an RQ job on ``REDIS_URL``, or inline without Redis.

The worker: ``rq worker --url $REDIS_URL yhdessa`` (the job builds the app from the same
environment as the web workers), or ``flask --app wsgi budgets worker``.
"""

from __future__ import annotations

from flask import current_app, has_app_context

from app.budgets.ballot_models import CountRun
from app.budgets.counting import run_count

QUEUE = "yhdessa"


def enqueue_count(run: CountRun) -> None:
    """Start the count: queue it for a worker, or run it now when there is no Redis.

    Call after the request's commit, so the worker finds the run.
    """
    url = current_app.config.get("REDIS_URL")
    if not url:
        run_count(run.id)
        return
    queue = _queue(url, current_app.config.get("BUDGET_QUEUE", QUEUE))
    queue.enqueue(count_job, run.id, job_timeout=3600, result_ttl=86400)


def _queue(url: str, name: str):
    from redis import Redis
    from rq import Queue

    return Queue(name, connection=Redis.from_url(url))


def count_job(count_id: int) -> str:
    """The RQ job: count in an app built from the environment (or the worker's own app)."""
    if has_app_context():
        return _count(count_id)
    from app import create_app

    with create_app().app_context():
        return _count(count_id)


def _count(count_id: int) -> str:
    from app.extensions import db

    try:
        run = run_count(count_id)
        return run.ballots_sha256 or ""
    finally:
        db.session.remove()
