"""GET /api/v1/budgets/{id}/results and .../areas/{area_id}/ballots.pb (Contract 5)."""

from __future__ import annotations

import hashlib
from fractions import Fraction

import pytest
from pabulib.checker import Checker

from app.budgets.models import BudgetProcess, Phase
from app.extensions import db
from app.tally import count, parse_pb
from tests.tally.pabutools_explain import pabutools_explanations

PROJECT_KEYS = {"id", "title", "cost", "votes", "selected", "effective_support"}
AREA_KEYS = {"id", "name", "budget", "rule", "utility", "completion", "mes_budget", "projects"}


def test_results_follow_the_contract(client, counted):
    made, receipts = counted
    response = client.get(f"/api/v1/budgets/{made.process_id}/results")
    assert response.status_code == 200
    doc = response.get_json()
    assert set(doc) == {"budget", "areas", "receipts"}
    assert doc["budget"] == {"id": made.process_id, "title": "Osallistuva budjetointi",
                             "phase": "finished"}
    assert [a["name"] for a in doc["areas"]] == ["Keskusta", "Koko kaupunki"]
    for area in doc["areas"]:
        assert set(area) == AREA_KEYS
        for project in area["projects"]:
            assert set(project) == PROJECT_KEYS
    centre, city = doc["areas"]
    assert (centre["rule"], centre["utility"], centre["completion"], centre["budget"]) == (
        "mes", "cost", "add1-greedy", 1000)
    assert city["rule"] == "greedy"
    assert city["mes_budget"] is None
    assert {p["effective_support"] for p in city["projects"]} == {None}
    assert isinstance(centre["mes_budget"], int) and centre["mes_budget"] >= 1000
    assert all(isinstance(p["effective_support"], int) for p in centre["projects"])
    votes = {p["title"]: p["votes"] for p in centre["projects"]}
    assert votes == {"Puisto": 2, "Kirjasto": 2, "Penkit": 2, "Valot": 1}
    assert [p["title"] for p in city["projects"] if p["selected"]] == ["Uimaranta"]
    assert sorted(doc["receipts"]) == doc["receipts"]
    assert sorted(doc["receipts"]) == sorted(hashlib.sha256(r.encode()).hexdigest()
                                             for r in receipts)


@pytest.mark.parametrize("phase", ["draft", "proposals", "review", "voting", "counting"])
def test_no_count_leaves_the_server_before_the_process_is_finished(client, make_budget, vote,
                                                                   app, phase):
    made = make_budget()
    vote(made, "Keskusta", [["Puisto"]])
    with app.app_context():
        db.session.get(BudgetProcess, made.process_id).phase = Phase(phase)
        db.session.commit()
    for path in (f"/api/v1/budgets/{made.process_id}/results",
                 f"/api/v1/budgets/{made.process_id}/areas/{made.areas['Keskusta']}/ballots.pb"):
        response = client.get(path)
        assert response.status_code == 404
        assert "error" in response.get_json()


def test_unknown_process_or_area_is_a_json_404(client, counted):
    made, _ = counted
    assert client.get("/api/v1/budgets/999999/results").status_code == 404
    other = client.get(f"/api/v1/budgets/{made.process_id}/areas/999999/ballots.pb")
    assert other.status_code == 404 and "error" in other.get_json()


@pytest.mark.parametrize("area", ["Keskusta", "Koko kaupunki"])
def test_the_ballots_file_passes_the_checker_and_recounts_to_the_published_winners(
        client, counted, area):
    made, _ = counted
    doc = client.get(f"/api/v1/budgets/{made.process_id}/results").get_json()
    published = next(a for a in doc["areas"] if a["name"] == area)
    response = client.get(
        f"/api/v1/budgets/{made.process_id}/areas/{made.areas[area]}/ballots.pb")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    election = parse_pb(text)
    assert election.project_ids == [str(p["id"]) for p in published["projects"]]
    # MES with Add1 is "unknown" to the checker (its Add1 stops differently).
    assert election.meta["rule"] == {"mes": "unknown", "greedy": "greedy"}[published["rule"]]
    assert [p.fields["votes"] for p in election.projects] == [
        str(p["votes"]) for p in published["projects"]]
    recount = count(election, published["rule"], published["utility"], published["completion"])
    winners = sorted(str(p["id"]) for p in published["projects"] if p["selected"])
    assert recount.selected == winners
    assert [p.id for p in election.projects if p.fields["selected"] == "1"] == winners
    report = Checker().process_files([text])
    results = [v for k, v in report.items() if k not in ("metadata", "summary")]
    assert report["metadata"]["invalid"] == 0
    assert results[0]["results"]["errors"] == {}


def test_the_openapi_document_describes_the_budget_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    results = paths["/budgets/{budget_id}/results"]["get"]
    schema = results["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"budget", "areas", "receipts"}
    area = schema["properties"]["areas"]["items"]["properties"]
    assert set(area) == AREA_KEYS
    assert set(area["projects"]["items"]["properties"]) == PROJECT_KEYS
    assert "/budgets/{budget_id}/areas/{area_id}/ballots.pb" in paths


def test_mes_budget_and_effective_supports_equal_pabutools_on_the_published_ballots(
        client, counted):
    """Contract 5: the MES run's budget (where Add1 stopped) and the integer percents of
    pabutools' calculate_effective_supports(final_budget=mes_budget), on the .pb download."""
    made, _ = counted
    doc = client.get(f"/api/v1/budgets/{made.process_id}/results").get_json()
    centre = next(a for a in doc["areas"] if a["name"] == "Keskusta")
    text = client.get(f"/api/v1/budgets/{made.process_id}/areas/{made.areas['Keskusta']}"
                      "/ballots.pb").get_data(as_text=True)
    theirs = pabutools_explanations(text, "cost", "add1")
    assert Fraction(theirs["mes_budget"]) == centre["mes_budget"]
    assert theirs["effective_supports"] == {
        str(p["id"]): p["effective_support"] for p in centre["projects"]}
    # A project MES selected is supported at least 100 per cent.
    mes_selected = set(theirs["selected"])
    assert all(p["effective_support"] >= 100 for p in centre["projects"]
               if str(p["id"]) in mes_selected)
