"""Memo, CSV and JSON of a session with a vote: content, safety and who may read them."""

from __future__ import annotations

import csv
import io

import pytest

from app.exports.spreadsheet import neutralise
from app.extensions import db
from app.sessions.models import Session, Stage
from app.sessions.services import move_stage


@pytest.mark.parametrize(("cell", "shown"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+358 40", "'+358 40"), ("-1", "'-1"), ("@x", "'@x"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("Tilat = kaikille", "Tilat = kaikille"),
    (3, 3), ("", ""),
])
def test_a_cell_that_would_start_a_formula_is_neutralised(cell, shown):
    assert neutralise(cell) == shown


@pytest.fixture
def voted(app, in_voting, open_vote, vote_round, voters, cast, submit_list):
    round_id = open_vote(in_voting)
    options = list(vote_round(round_id)["options"].values())
    cast(round_id, voters[0][1], {options[0]: 2, options[1]: 1})
    cast(round_id, voters[1][1], {options[1]: 1})
    with app.app_context():
        move_stage(db.session.get(Session, in_voting), Stage.RESULTS, "fasi")
        db.session.commit()
    return in_voting, round_id


def test_the_csv_has_a_row_per_priority_and_per_vote_result_with_a_bom(client, voted):
    session_id, _ = voted
    response = client.get(f"/sessions/{session_id}/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    kinds = [row[0] for row in rows[1:]]
    # The session is Finnish: so is its CSV.
    assert rows[0][:3] == ["Rivi", "Teema", "Ryhmä"]
    assert kinds.count("prioriteetti") == 9
    assert kinds.count("äänestystulos") == 9
    top = next(row for row in rows if row[0] == "äänestystulos")
    assert (top[4], top[5], top[7], top[8], top[9]) == ("1", "Tilat", "2", "2", "0")


def test_a_title_that_looks_like_a_formula_is_neutralised_in_the_csv(app, client, workshop,
                                                                     submit_list):
    submit_list(workshop, "Ryhmä 1", ["=HYPERLINK(\"x\")", "+1", "@kaikki"])
    body = client.get(f"/sessions/{workshop}/export.csv").get_data().decode("utf-8")
    assert "'=HYPERLINK" in body and ",'+1," in body and ",'@kaikki," in body


def test_the_memo_is_in_the_sessions_language_with_counts_never_names(client, voted, voters):
    session_id, _ = voted
    html = client.get(f"/sessions/{session_id}/memo",
                      headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert '<html lang="fi">' in html
    assert "Muistio" in html and "Yhdistetty lista" in html and "Äänestys" in html
    assert "Asukas 7" in html  # five voters and a member of each other group
    for name in ("Aino", "Bertta", "Cecilia"):
        assert name not in html
    assert "Perustelu: Tilat" in html  # each group's priorities with reasoning


def test_the_api_gives_the_closed_rounds_results_as_contract_5_says(client, voted):
    session_id, round_id = voted
    document = client.get(f"/api/v1/sessions/{session_id}/results").get_json()
    [theme] = [t for t in document["themes"] if t["rounds"]]
    [vote] = theme["rounds"]
    assert (vote["id"], vote["mode"], vote["closed"]) == (round_id, "dots", True)
    first, second = theme["aggregate"][:2]
    assert vote["results"][:3] == [
        {"item_id": first["id"], "title": first["title"], "count": 2},
        {"item_id": second["id"], "title": second["title"], "count": 2},
        {"item_id": theme["aggregate"][2]["id"], "title": theme["aggregate"][2]["title"],
         "count": 0},
    ]
    titles = {a["title"] for a in theme["aggregate"]}
    assert {r["title"] for r in vote["results"]} == titles
    assert set(vote["results"][0]) == {"item_id", "title", "count"}


@pytest.mark.parametrize("path", ["memo", "export.csv", "export.json"])
def test_before_results_only_facilitators_export(client, client_as, in_voting, voters, path):
    assert client.get(f"/sessions/{in_voting}/{path}").status_code == 200
    assert voters[0][0].get(f"/sessions/{in_voting}/{path}").status_code == 403
    assert client_as("staff", in_voting).get(f"/sessions/{in_voting}/{path}").status_code == 403
    signed_out = client_as("anonymous", in_voting).get(f"/sessions/{in_voting}/{path}")
    assert signed_out.status_code == 302  # sign in first, then back to the memo or export
    assert signed_out.headers["Location"].startswith("/login?next=")
    assert client_as("outsider", in_voting).get(
        f"/sessions/{in_voting}/{path}").status_code == 404


@pytest.mark.parametrize("path", ["memo", "export.csv", "export.json"])
def test_once_results_are_shown_participants_export_too(voted, voters, path):
    session_id, _ = voted
    assert voters[0][0].get(f"/sessions/{session_id}/{path}").status_code == 200


def test_the_dashboard_and_the_results_page_link_to_the_exports(client, voted, voters):
    session_id, _ = voted
    for html in (client.get(f"/sessions/{session_id}/dashboard").get_data(as_text=True),
                 voters[0][0].get(f"/p/{session_id}/results").get_data(as_text=True)):
        for path in ("memo", "export.csv", "export.json"):
            assert f'href="/sessions/{session_id}/{path}"' in html


def test_participants_see_results_their_groups_list_and_the_vote_on_their_phone(client, voted,
                                                                                voters):
    session_id, _ = voted
    home = voters[0][0].get(f"/p/{session_id}")
    assert home.headers["Location"].endswith(f"/p/{session_id}/results")
    html = voters[0][0].get(f"/p/{session_id}/results").get_data(as_text=True)
    assert "Your group's list: Ryhmä 1" in html and "Perustelu: Palveluohjaus" in html
    assert "3 ballots" not in html and "2 ballots" in html
    assert "Combined list" in html and "Dot vote" in html


def test_the_results_page_says_when_results_come_before_they_are_shown(in_voting, voters):
    html = voters[0][0].get(f"/p/{in_voting}/results").get_data(as_text=True)
    assert "when the facilitator shows them" in html


def test_the_memo_reads_in_a_constant_number_of_queries(client, voted, count_queries, app,
                                                       submit_list, ids):
    session_id, _ = voted

    def queries() -> int:
        with count_queries() as statements:
            assert client.get(f"/sessions/{session_id}/memo").status_code == 200
        return len(statements)

    small = queries()
    with app.app_context():
        db.session.get(Session, session_id).stage = Stage.OPEN
        db.session.commit()
    for index in range(3):
        submit_list(session_id, f"Ryhmä {index + 1}", [f"a{index}", f"b{index}", f"c{index}"],
                    theme=1)
    with app.app_context():
        db.session.get(Session, session_id).stage = Stage.RESULTS
        db.session.commit()
    assert queries() == small
