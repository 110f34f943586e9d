"""A facilitator promotes a workshop's combined-list item or one group's priority to a budget
proposal; the proposal shows where it came from with a link back, and the workshop's pages
show where its priorities went."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.budgets.models import BudgetProcess, Phase, Proposal
from app.extensions import db
from app.organisations.models import Role
from tests.conftest import PASSWORD, post_form


@pytest.fixture
def facilitator(client, make_user, login):
    email = make_user("fasi@example.fi", org="kunta", role=Role.FACILITATOR)
    login(email)
    return email


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_a_facilitator_promotes_an_item_and_the_workshop_shows_where_it_went(
        app, client, make_budget, workshop, facilitator):
    made = make_budget(phase="proposals")
    aggregate = f"/sessions/{workshop['session']}/themes/{workshop['theme']}/aggregate"
    listing = client.get(aggregate)
    assert f"/budgets/promote/{workshop['item']}" in listing.get_data(as_text=True)
    url = f"/budgets/promote/{workshop['item']}"
    refused = post_form(client, url, {"area": str(made.areas["Keskusta"]), "cost": "-5"})
    assert refused.status_code == 422 and "Lähiliikunta" in text(refused)
    done = post_form(client, url, {"area": str(made.areas["Keskusta"]), "cost": "800"})
    assert done.status_code == 303
    with app.app_context():
        proposal = db.session.scalar(sa.select(Proposal).where(Proposal.title == "Lähiliikunta"))
        assert proposal.source_aggregate_id == workshop["item"]
    page = client.get(done.headers["Location"])
    shown = text(page)
    assert "Where this proposal comes from" in shown and "Strategiatyöpaja" in shown
    assert "Ryhmä 1, place 1: Liikuntapaikat Perustelu Ryhmä 1" in shown
    assert aggregate in page.get_data(as_text=True)  # the link back, for its facilitator
    # The combined list and the memo link to the proposal.
    link = f"/budgets/{made.process_id}/proposals/{proposal.id}"
    assert link in client.get(aggregate).get_data(as_text=True)
    assert link in app.test_client().get(f"/sessions/{workshop['session']}/memo").get_data(
        as_text=True)
    # The public sees the link back to the workshop's memo (the session shows results).
    public = app.test_client().get(link).get_data(as_text=True)
    assert f"/sessions/{workshop['session']}/memo" in public


def test_one_groups_priority_becomes_a_proposal_with_its_rank_and_reasoning(
        app, client, make_budget, workshop, facilitator):
    made = make_budget(phase="review")
    url = f"/budgets/promote/priority/{workshop['priorities'][1]}"
    form = client.get(url)
    assert form.status_code == 200 and "Ryhmä 2, place 2" in text(form)
    done = post_form(client, url, {"area": str(made.areas["Koko kaupunki"]), "cost": "950"})
    assert done.status_code == 303
    with app.app_context():
        proposal = db.session.scalar(sa.select(Proposal).where(
            Proposal.source_priority_id == workshop["priorities"][1]))
        assert proposal.provenance["groups"] == [
            {"group": "Ryhmä 2", "rank": 2, "title": "Liikuntapaikat",
             "reasoning": "Perustelu Ryhmä 2"}]
    assert "Ryhmä 2, place 2" in text(client.get(done.headers["Location"]))


def test_promotion_is_refused_where_it_does_not_belong(app, client, make_budget, make_user,
                                                      login, workshop):
    made = make_budget(phase="voting")
    resident = make_user("asukas@example.fi")
    login(resident)
    assert client.get(f"/budgets/promote/{workshop['item']}").status_code == 404
    assert client.get("/budgets/promote/999999").status_code == 404
    assert client.get("/budgets/promote/priority/999999").status_code == 404
    facilitator = app.test_client()
    make_user("fasi@example.fi", org="kunta", role=Role.FACILITATOR)
    post_form(facilitator, "/login", {"email": "fasi@example.fi", "password": PASSWORD})
    # Voting has started: no process takes proposals, and an area id from it is refused.
    page = facilitator.get(f"/budgets/promote/{workshop['item']}")
    assert "No budgeting process of this organisation takes proposals now" in text(page)
    refused = post_form(facilitator, f"/budgets/promote/{workshop['item']}",
                        {"area": str(made.areas["Keskusta"]), "cost": "800"},
                        page=f"/budgets/promote/{workshop['item']}")
    assert refused.status_code != 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Proposal.id)).where(
            Proposal.source_session_id.is_not(None))) == 0


def test_a_draft_process_keeps_its_promoted_proposals_from_the_public(
        app, client, make_budget, workshop, facilitator):
    made = make_budget(phase="draft")
    done = post_form(client, f"/budgets/promote/{workshop['item']}",
                     {"area": str(made.areas["Keskusta"]), "cost": "800"})
    assert done.status_code == 303
    assert "/aggregate" in done.headers["Location"]  # the facilitator cannot see the draft
    with app.app_context():
        proposal = db.session.scalar(sa.select(Proposal))
        assert db.session.get(BudgetProcess, proposal.process_id).phase == Phase.DRAFT
    memo = app.test_client().get(f"/sessions/{workshop['session']}/memo")
    assert f"/proposals/{proposal.id}" not in memo.get_data(as_text=True)
