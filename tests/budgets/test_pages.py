"""The budget pages as a resident, a code voter and staff use them (without JavaScript and
with htmx)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.budgets.ballot_models import Ballot, BallotSource, CountRun, CountState
from app.budgets.codes import generate_codes
from app.budgets.models import Area, BudgetProcess, Phase, Proposal, ProposalStatus
from app.extensions import db
from tests.budgets.conftest import Made
from tests.conftest import csrf_token, post_form

HX = {"HX-Request": "true"}


@pytest.fixture
def resident(make_user, login):
    make_user("asukas@example.fi")
    login("asukas@example.fi")


@pytest.fixture
def staff(make_user, login, make_budget):
    made = make_budget()
    make_user("virka@example.fi", org="kunta", role="staff")
    login("virka@example.fi")
    return made


def ballot_url(made, area="Keskusta") -> str:
    return f"/budgets/{made.process_id}/vote/{made.areas[area]}"


def ticked(html: str) -> set[str]:
    """The ticked projects of a ballot page (whatever the order of the inputs' attributes)."""
    inputs = re.findall(r'<input[^>]*name="projects"[^>]*>', html)
    return {re.search(r'value="(\d+)"', tag).group(1) for tag in inputs
            if re.search(r"\schecked(\s|>|=)", tag)}


def test_a_resident_votes_with_the_meter_and_gets_a_receipt(client, make_budget, resident):
    made = make_budget()
    page = client.get(ballot_url(made))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "1,000 € left" in html and 'hx-get="' in html
    over = [made.proposals[t] for t in ("Puisto", "Kirjasto", "Valot")]
    meter = client.get(ballot_url(made) + "/meter", query_string={"projects": over},
                       headers=HX)
    assert "200 € over the budget" in meter.get_data(as_text=True)
    refused = post_form(client, ballot_url(made), {"projects": over, "declare": "y"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "cost more than the area&#39;s budget" in text
    assert ticked(text) == {str(i) for i in over}  # the choices are kept
    assert "200 € over the budget" in text  # recomputed without JavaScript
    undeclared = post_form(client, ballot_url(made), {"projects": over[:2]})
    assert undeclared.status_code == 422
    assert "Confirm that you may vote" in undeclared.get_data(as_text=True)
    saved = post_form(client, ballot_url(made), {"projects": over[:2], "declare": "y"})
    assert saved.status_code == 200
    receipt = re.search(r'class="pb-receipt-code">([A-Z0-9-]+)<', saved.get_data(as_text=True))
    assert receipt
    again = client.get(ballot_url(made)).get_data(as_text=True)
    assert ticked(again) == {str(i) for i in over[:2]}
    assert 'name="declare"' not in again  # declared once, with the first ballot
    areas = client.get(f"/budgets/{made.process_id}/vote").get_data(as_text=True)
    assert "You have voted here" in areas


def test_a_code_opens_the_ballot_and_guessing_codes_is_limited(app, client, make_budget):
    made = make_budget()
    with app.app_context():
        code = generate_codes(db.session.get(BudgetProcess, made.process_id), None, 1)[0]
        db.session.commit()
    sign_in = f"/budgets/{made.process_id}/code"
    assert post_form(client, sign_in, {"code": "WRONG-CODE-0000"}).status_code == 404
    response = post_form(client, sign_in, {"code": code.lower()})
    assert response.status_code == 303
    assert post_form(client, ballot_url(made),
                     {"projects": [made.proposals["Puisto"]]}).status_code == 200
    guesser = app.test_client()
    statuses = [post_form(guesser, sign_in, {"code": f"AAAA-AAAA-{i:04d}"}).status_code
                for i in range(12)]
    assert statuses[:9] == [404] * 9 and statuses[-1] == 429


def test_no_ballot_page_outside_voting_or_without_a_voter(client, make_budget, resident, app):
    made = make_budget(phase="review")
    assert client.get(ballot_url(made)).status_code == 409
    with app.app_context():
        db.session.get(BudgetProcess, made.process_id).phase = Phase.VOTING
        db.session.commit()
    anonymous = app.test_client()
    assert anonymous.get(ballot_url(made)).status_code == 303


def test_a_resident_proposes_and_a_bad_cost_keeps_the_text(client, make_budget, resident):
    made = make_budget(phase="proposals")
    url = f"/budgets/{made.process_id}/propose"
    data = {"title": "Koirapuisto", "description": "Aidattu alue koirille.",
            "area": made.areas["Keskusta"], "cost": "-50", "place": "Ranta"}
    refused = post_form(client, url, data)
    assert refused.status_code == 422
    assert "Aidattu alue koirille." in refused.get_data(as_text=True)
    saved = post_form(client, url, {**data, "cost": "450"})
    assert saved.status_code == 303
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Koirapuisto" in page and "Waiting for review" in page


def test_staff_review_and_enter_paper_ballots(app, client, staff):
    made = staff
    with app.app_context():
        process = db.session.get(BudgetProcess, made.process_id)
        process.phase = Phase.REVIEW
        db.session.commit()
    url = f"/budgets/{made.process_id}/proposals/{made.proposals['Valot']}/review"
    refused = post_form(client, url, {"cost": "400", "decision": "unfeasible"})
    assert refused.status_code == 422  # a public answer is needed
    saved = post_form(client, url, {"cost": "400", "decision": "unfeasible",
                                    "public_answer": "Valot uusitaan jo."})
    assert saved.status_code == 303
    with app.app_context():
        assert db.session.get(Proposal, made.proposals["Valot"]).status == \
            ProposalStatus.UNFEASIBLE
        db.session.get(BudgetProcess, made.process_id).phase = Phase.VOTING
        db.session.commit()
    paper = f"/budgets/{made.process_id}/paper/{made.areas['Keskusta']}"
    assert post_form(client, paper, {"projects": [made.proposals["Puisto"]]}).status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(Ballot.source)) == BallotSource.PAPER


def test_staff_make_a_printable_sheet_of_codes(client, staff):
    made = staff
    response = post_form(client, f"/budgets/{made.process_id}/codes", {"count": 3},
                         page=f"/budgets/{made.process_id}/manage")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(re.findall(r'class="pb-slip-code">', html)) == 3
    assert html.count('<svg role="img"') == 3


@pytest.mark.parametrize(("email", "role", "status"), [
    (None, None, 404), ("other@example.fi", None, 404), ("fasi@example.fi", "facilitator", 403),
])
def test_staff_pages_are_refused_to_others(client, make_budget, make_user, login, email, role,
                                           status):
    made = make_budget()
    if email:
        make_user(email, org="kunta" if role else None, role=role or "staff")
        login(email)
    for path in (f"/budgets/{made.process_id}/manage",
                 f"/budgets/{made.process_id}/paper/{made.areas['Keskusta']}"):
        response = client.get(path)
        assert response.status_code == (302 if email is None else status)


def test_staff_count_with_progress_and_the_results_page(app, client, staff, vote):
    made = staff
    receipts = vote(made, "Keskusta", [["Puisto"], ["Kirjasto"], ["Puisto", "Penkit"]])
    with app.app_context():
        db.session.get(BudgetProcess, made.process_id).phase = Phase.COUNTING
        db.session.commit()
    manage = f"/budgets/{made.process_id}/manage"
    started = post_form(client, f"/budgets/{made.process_id}/count", {}, page=manage)
    assert started.status_code == 303
    fragment = client.get(f"/budgets/{made.process_id}/count", headers=HX)
    assert fragment.status_code == 286  # done: htmx stops polling
    with app.app_context():
        assert db.session.scalar(sa.select(CountRun.state)) == CountState.DONE
    results = app.test_client().get(f"/budgets/{made.process_id}/results")
    html = results.get_data(as_text=True)
    assert results.status_code == 200
    assert "Method of Equal Shares" in html and "Spent" in html
    found = app.test_client().get(f"/budgets/{made.process_id}/receipts",
                                  query_string={"code": receipts[0]})
    assert "your ballot was counted" in found.get_data(as_text=True)
    missing = app.test_client().get(f"/budgets/{made.process_id}/receipts",
                                    query_string={"code": "AAAA-BBBB-CCCC-DDDD"})
    assert "Not found" in missing.get_data(as_text=True)


def test_results_are_not_shown_before_the_process_is_finished(client, make_budget):
    made = make_budget()
    assert client.get(f"/budgets/{made.process_id}/results").status_code == 404
    assert client.get(f"/budgets/{made.process_id}/receipts").status_code == 404


def test_a_draft_process_is_hidden_from_the_public(client, make_budget):
    made = make_budget(phase="draft")
    assert client.get(f"/budgets/{made.process_id}").status_code == 404
    assert csrf_token(client, "/login")


def test_public_pages_make_the_same_number_of_queries_for_more_proposals(
        app, client, make_budget, vote, close_and_count, count_queries):
    def queries(projects: int) -> dict[str, int]:
        areas = {"Iso": ("100000", [(f"Hanke {i}", 100) for i in range(projects)], {})}
        made = make_budget(title=f"P{projects}", areas=areas)
        vote(made, "Iso", [[f"Hanke {i}"] for i in range(projects)])
        close_and_count(made)
        counts = {}
        for path in ("", "/proposals", "/results"):
            with count_queries() as statements:
                assert client.get(f"/budgets/{made.process_id}{path}").status_code == 200
            counts[path] = len(statements)
        return counts

    assert queries(3) == queries(12)


def test_staff_create_a_process_and_add_areas_until_the_first_ballot(app, client, make_org,
                                                                     make_user, login, vote):
    make_org("kunta")
    make_user("virka@example.fi", org="kunta", role="staff")
    login("virka@example.fi")
    created = post_form(client, "/budgets/new/kunta", {
        "title": "Nuorten budjetti", "description": "Nuoret päättävät.", "area_rule": "one",
        "voters": ["allow_accounts", "allow_codes"], "voting_start": "2027-03-01",
        "voting_end": "2027-03-15"})
    assert created.status_code == 303
    manage = created.headers["Location"].split("#")[0]
    process_id = int(manage.split("/")[-2])
    areas = f"/budgets/{process_id}/areas"
    area = {"name": "Keskusta", "budget": "1000", "min_projects": "1", "rule": "greedy",
            "utility": "cost", "completion": "add1-greedy"}
    refused = post_form(client, areas, area, page=manage)
    assert refused.status_code == 422  # Add1 is for Equal Shares only
    assert "Greedy counting has no Add1 completion" in refused.get_data(as_text=True)
    assert post_form(client, areas, {**area, "completion": "none"}, page=manage).status_code \
        == 303
    with app.app_context():
        process = db.session.get(BudgetProcess, process_id)
        assert process.area_rule.value == "one" and process.allow_codes
        assert not process.allow_paper and str(process.voting_end) == "2027-03-15"
        area_id = db.session.scalar(sa.select(Area.id).where(Area.process_id == process_id))
        db.session.add(Proposal(process_id=process_id, area_id=area_id, title="Penkit",
                                cost=100, status=ProposalStatus.FEASIBLE))
        db.session.get(BudgetProcess, process_id).phase = Phase.VOTING
        db.session.commit()
        proposal_id = db.session.scalar(sa.select(Proposal.id))
    vote(Made(process_id, {"Keskusta": area_id}, {"Penkit": proposal_id}), "Keskusta",
         [["Penkit"]])
    locked = post_form(client, areas, {**area, "name": "Satama", "completion": "none"},
                       page=manage)
    assert locked.status_code == 409
    assert "can no longer change" in locked.get_data(as_text=True)
