"""The results page explains every project in plain words and shows what the other rule would
have funded, from what the count stored (no page counts again)."""

from __future__ import annotations

import re

import pytest

import app.budgets.explanations
import app.tally.counting


def page_text(client, made, lang: str = "en") -> str:
    response = client.get(f"/budgets/{made.process_id}/results",
                          headers={"Accept-Language": lang})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u202f", " ")


def test_each_mes_project_is_explained_with_its_supporters_money(client, counted):
    made, _ = counted
    text = page_text(client, made)
    # Keskusta: MES + cost + add1-greedy. Add1 ran Equal Shares with a larger budget.
    assert "ran with a budget of 1,296 €" in text
    assert ("Funded by Equal Shares in round 1: its supporters still had 648 € of their "
            "shares, enough for its cost of 300 €.") in text
    assert ("in round 2 its supporters had only 498 € left of their shares, less than its "
            "cost of 500 €. They had spent 150 € of their shares on projects funded before it: "
            "Puisto (150 €).") in text
    assert "Funded with the money Equal Shares left over" in text  # Valot, by the completion
    assert "Effective support 99 per cent" in text  # Kirjasto


def test_each_greedy_project_is_explained_by_its_rank_and_the_money_left(client, counted):
    made, _ = counted
    text = page_text(client, made)
    assert ("Number 2 in order of votes. It cost 1,200 € but only 1,100 € of the budget was "
            "left, so it was not funded.") in text


def test_the_other_rules_outcome_is_shown_beside(client, counted):
    made, _ = counted
    text = page_text(client, made)
    assert ("What greedy counting would have funded Funded here, but not by greedy counting "
            "(most votes first): Penkit Valot Greedy counting would have funded these "
            "instead: Kirjasto It would have spent 800 € of 1,000 €.") in text
    assert "The Method of Equal Shares would have funded the same projects." in text


def test_the_explanations_are_in_the_readers_language(client, counted):
    made, _ = counted
    finnish, swedish = page_text(client, made, "fi"), page_text(client, made, "sv")
    assert "Rahoitettiin tasaosuusmenetelmällä kierroksella 1" in finnish
    assert "Mitä ahne laskenta olisi rahoittanut" in finnish
    assert "Finansierades med metoden med lika andelar i omgång 1" in swedish
    assert "Nummer 2 efter antal röster." in swedish


def test_the_results_page_reads_the_stored_count(client, counted, monkeypatch):
    made, _ = counted

    def no_counting(*args, **kwargs):
        raise AssertionError("the results page counted again")

    monkeypatch.setattr(app.tally.counting, "equal_shares", no_counting)
    monkeypatch.setattr(app.budgets.explanations, "explain", no_counting)
    monkeypatch.setattr(app.budgets.explanations, "compare", no_counting)
    assert "Effective support" in page_text(client, made)
    assert client.get(f"/api/v1/budgets/{made.process_id}/results").status_code == 200


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_count_stored_before_explanations_still_shows_its_results(app, client, counted,
                                                                    lang):
    """Counts stored before the explanations existed show their outcome without them."""
    from app.budgets.ballot_models import CountRun
    from app.extensions import db

    made, _ = counted
    with app.app_context():
        run = db.session.query(CountRun).one()
        run.result = {key: {k: v for k, v in area.items()
                            if k not in ("explanations", "comparison", "mes_budget")}
                      for key, area in run.result.items()}
        db.session.commit()
    text = page_text(client, made, lang)
    assert "Puisto" in text and "1,296" not in text and "1 296" not in text
    doc = client.get(f"/api/v1/budgets/{made.process_id}/results").get_json()
    assert {a["mes_budget"] for a in doc["areas"]} == {None}


def test_the_projects_download_as_a_formula_safe_csv(app, client, counted):
    from app.budgets.models import Proposal
    from app.extensions import db

    made, _ = counted
    with app.app_context():
        db.session.get(Proposal, made.proposals["Valot"]).title = "=HYPERLINK(\"x\")"
        db.session.commit()
    response = client.get(f"/budgets/{made.process_id}/results.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeffArea,Id,Project,Cost,Votes,Outcome")
    lines = body.splitlines()
    assert any(line.startswith(f"Keskusta,{made.proposals['Puisto']},Puisto,300.00,2,Selected,")
               and "Funded by Equal Shares in round 1" in line for line in lines)
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_no_csv_before_the_results(client, make_budget):
    made = make_budget()
    assert client.get(f"/budgets/{made.process_id}/results.csv").status_code == 404
