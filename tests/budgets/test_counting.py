"""Counting: each area by its own rule, deterministic, with the hash of what was counted."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid

import pytest
import sqlalchemy as sa
from flask import Flask

from app.budgets.ballot_models import CountRun, CountState
from app.budgets.counting import area_ballots, run_count, start_count
from app.budgets.errors import CountNotPossible
from app.budgets.models import Area, BudgetProcess, Phase, Proposal, ProposalStatus
from app.extensions import db
from app.tally import count


def test_each_area_is_counted_by_its_rule_and_the_process_finishes(app_ctx, counted):
    made, _ = counted
    run = db.session.scalar(sa.select(CountRun))
    assert run.state == CountState.DONE and run.done_areas == run.total_areas == 2
    result = run.result[str(made.areas["Keskusta"])]
    area = db.session.get(Area, made.areas["Keskusta"])
    expected = count(area_ballots(area).election(), "mes", "cost", "add1-greedy")
    assert result["selected"] == sorted(int(i) for i in expected.selected)
    assert result["selected"]
    greedy = run.result[str(made.areas["Koko kaupunki"])]
    # Greedy by votes: Uimaranta (2 votes, 900), then Pyörätiet (1200) no longer fits 2000.
    assert greedy["selected"] == [made.proposals["Uimaranta"]] and greedy["cost"] == "900"
    assert greedy["votes"] == {str(made.proposals["Uimaranta"]): 2,
                               str(made.proposals["Pyörätiet"]): 1}
    statuses = {p.title: p.status for p in db.session.scalars(sa.select(Proposal))}
    for title, status in statuses.items():
        wanted = made.proposals[title] in result["selected"] + greedy["selected"]
        assert status == (ProposalStatus.SELECTED if wanted else ProposalStatus.NOT_SELECTED)
    assert db.session.get(BudgetProcess, made.process_id).phase == Phase.FINISHED


def test_counting_again_gives_the_same_result_and_ballot_hash(app_ctx, counted):
    made, _ = counted
    first = db.session.scalar(sa.select(CountRun))
    process = db.session.get(BudgetProcess, made.process_id)
    process.phase = Phase.COUNTING
    again = start_count(process, "staff")
    db.session.commit()
    run_count(again.id)
    db.session.expire_all()
    runs = db.session.scalars(sa.select(CountRun).order_by(CountRun.id)).all()
    assert runs[1].result == runs[0].result
    assert runs[1].ballots_sha256 == first.ballots_sha256 and len(first.ballots_sha256) == 64


def test_the_recorded_hash_is_that_of_the_ballots_counted(app_ctx, counted):
    made, _ = counted
    run = db.session.scalar(sa.select(CountRun))
    lines = []
    for name in ("Keskusta", "Koko kaupunki"):
        lines += area_ballots(db.session.get(Area, made.areas[name])).digest_lines()
    assert len(lines) == 7
    assert run.ballots_sha256 == hashlib.sha256("".join(f"{line}\n" for line in lines)
                                                .encode()).hexdigest()


@pytest.mark.parametrize("phase", ["proposals", "voting", "finished"])
def test_a_count_starts_only_when_voting_has_closed(app_ctx, make_budget, phase):
    made = make_budget(phase=phase)
    with pytest.raises(CountNotPossible):
        start_count(db.session.get(BudgetProcess, made.process_id), "staff")


def test_a_real_rq_worker_counts_a_queued_job(app: Flask, make_budget, vote):
    """Queue the count on Redis (db 7) and let ``rq worker --burst`` run it."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/7"
    connection = redis.Redis.from_url(url)
    connection.ping()
    queue = f"yhdessa-test-{uuid.uuid4().hex[:8]}"
    made = make_budget()
    vote(made, "Keskusta", [["Puisto"], ["Kirjasto"]])
    with app.app_context():
        from app.budgets.jobs import enqueue_count
        from app.budgets.phases import move_phase

        process = db.session.get(BudgetProcess, made.process_id)
        move_phase(process, Phase.COUNTING, "staff")
        run = start_count(process, "staff")
        db.session.commit()
        app.config.update(REDIS_URL=url, BUDGET_QUEUE=queue)
        try:
            enqueue_count(run)
        finally:
            app.config.update(REDIS_URL=None, BUDGET_QUEUE="yhdessa")
        count_id = run.id
        assert db.session.get(CountRun, count_id).state == CountState.QUEUED
        db.session.remove()
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": app.config["SECRET_KEY"], "YHDESSA_ENV": "development"}
    env.pop("REDIS_URL", None)
    worker = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "rq"), "worker", "--burst", "--url", url,
         queue], env=env, capture_output=True, text=True, timeout=120)
    assert worker.returncode == 0, worker.stderr
    with app.app_context():
        run = db.session.get(CountRun, count_id)
        assert run.state == CountState.DONE, run.error
        assert run.ballots_sha256
        assert db.session.get(BudgetProcess, made.process_id).phase == Phase.FINISHED
    connection.delete(f"rq:queue:{queue}")
