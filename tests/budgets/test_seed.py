"""The demo PB process of ``flask seed demo`` (Contract 3: ``budget_id``)."""

from __future__ import annotations

import json

import sqlalchemy as sa

from app.budgets.ballot_models import Ballot, BallotSource
from app.budgets.models import Proposal
from app.extensions import db
from tests.conftest import post_form


def test_the_demo_process_is_counted_with_both_rules_and_has_promoted_proposals(
        app, client, runner):
    ids = json.loads(runner.invoke(args=["seed", "demo", "--json"]).output)
    again = json.loads(runner.invoke(args=["seed", "demo", "--json"]).output)
    assert again == ids
    doc = client.get(f"/api/v1/budgets/{ids['budget_id']}/results").get_json()
    assert doc["budget"]["title"] == "Osallistuva budjetointi"
    assert doc["budget"]["phase"] == "finished"
    assert [(a["rule"], a["completion"]) for a in doc["areas"]] == [
        ("mes", "add1-greedy"), ("greedy", "none")]
    mes, greedy = doc["areas"]
    assert mes["mes_budget"] >= mes["budget"] and greedy["mes_budget"] is None
    assert all(isinstance(p["effective_support"], int) for p in mes["projects"])
    page = client.get(f"/budgets/{ids['budget_id']}/results").get_data(as_text=True)
    assert "Funded by Equal Shares in round 1" in page and "in order of votes" in page
    assert "What greedy counting would have funded" in page
    assert "What the Method of Equal Shares would have funded" in page
    for area in doc["areas"]:
        assert any(p["selected"] for p in area["projects"])
        spent = sum(p["cost"] for p in area["projects"] if p["selected"])
        assert spent <= area["budget"]
    with app.app_context():
        sources = db.session.scalars(sa.select(Ballot.source)).all()
        assert len(sources) >= 300 and BallotSource.PAPER in sources
        online = sources.count(BallotSource.ONLINE)
        assert len(doc["receipts"]) == online
        promoted = db.session.scalars(sa.select(Proposal).where(
            Proposal.source_session_id == ids["workshop_id"])).all()
        assert len(promoted) >= 2
        assert all(p.provenance["groups"][0]["reasoning"] for p in promoted)
    # The workshop's memo shows its facilitator where its priorities went.
    post_form(client, "/login", {"email": ids["email"], "password": ids["password"]})
    memo = client.get(f"/sessions/{ids['workshop_id']}/memo")
    assert f"/budgets/{ids['budget_id']}/proposals/{promoted[0].id}" in memo.get_data(
        as_text=True)
