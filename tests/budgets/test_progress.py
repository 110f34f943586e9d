"""Implementation tracking: staff publish dated updates (planned, in progress, done) on a
selected project; the project's page and the process page show them to everyone."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.budgets.models import Proposal, ProposalStatus, StatusUpdate
from app.extensions import db
from tests.conftest import post_form


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_staff_publish_dated_updates_that_everyone_sees(app, client, make_budget, make_user,
                                                       login):
    made = make_budget(phase="finished")
    with app.app_context():
        db.session.get(Proposal, made.proposals["Puisto"]).status = ProposalStatus.SELECTED
        db.session.get(Proposal, made.proposals["Valot"]).status = ProposalStatus.NOT_SELECTED
        db.session.commit()
    make_user("virka@example.fi", org="kunta", role="staff")
    login("virka@example.fi")
    page = f"/budgets/{made.process_id}/proposals/{made.proposals['Puisto']}"
    url = page + "/updates"
    assert "Publish an update" in text(client.get(page))
    bad = post_form(client, url, {"state": "planned", "day": "5.1.2027", "note": ""}, page=page,
                    follow_redirects=True)
    assert "Give the date as yyyy-mm-dd." in text(bad)
    for state, day, note in (("in_progress", "2027-05-02", "Rakennus alkoi"),
                             ("planned", "2027-01-05", "")):
        assert post_form(client, url, {"state": state, "day": day, "note": note},
                         page=page).status_code == 303
    public = app.test_client()
    shown = text(public.get(page))
    assert "Progress Jan 5, 2027 Planned May 2, 2027 In progress Rakennus alkoi" in shown
    assert "Publish an update" not in shown
    process = text(public.get(f"/budgets/{made.process_id}"))
    assert re.search(r"Puisto In progress May 2, 2027\s?: Rakennus alkoi", process)
    # A project that was not selected gets no updates.
    other = f"/budgets/{made.process_id}/proposals/{made.proposals['Valot']}"
    refused = post_form(client, other + "/updates",
                        {"state": "done", "day": "2027-06-01", "note": ""}, page=page)
    assert refused.status_code == 409
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(StatusUpdate.id))) == 2


def test_only_staff_publish_updates(app, client, make_budget, make_user, login):
    made = make_budget(phase="finished")
    with app.app_context():
        db.session.get(Proposal, made.proposals["Puisto"]).status = ProposalStatus.SELECTED
        db.session.commit()
    make_user("asukas@example.fi")
    login("asukas@example.fi")
    page = f"/budgets/{made.process_id}/proposals/{made.proposals['Puisto']}"
    response = post_form(client, page + "/updates",
                         {"state": "done", "day": "2027-06-01", "note": ""}, page=page)
    assert response.status_code in (403, 404)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(StatusUpdate.id))) == 0
