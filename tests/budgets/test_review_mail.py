"""The proposer hears of the review: on the proposal page, and by e-mail once it is saved."""

from __future__ import annotations

import sqlalchemy as sa

from app.budgets.models import BudgetProcess, Phase, Proposal
from app.extensions import db
from app.mail.services import outbox
from tests.conftest import PASSWORD, post_form


def test_the_proposer_gets_an_email_when_the_decision_is_made(app, client, make_budget,
                                                             make_user, login):
    made = make_budget(phase="proposals")
    make_user("asukas@example.fi", locale="fi")
    login("asukas@example.fi")
    propose = f"/budgets/{made.process_id}/propose"
    assert post_form(client, propose, {
        "title": "Kuntoportaat", "description": "Portaat rinteeseen.",
        "area": str(made.areas["Keskusta"]), "cost": "350"}).status_code == 303
    with app.app_context():
        db.session.get(BudgetProcess, made.process_id).phase = Phase.REVIEW
        db.session.commit()
        proposal_id = db.session.scalar(sa.select(Proposal.id).where(
            Proposal.title == "Kuntoportaat"))
        outbox().clear()
    make_user("virka@example.fi", org="kunta", role="staff")
    staff = app.test_client()
    post_form(staff, "/login", {"email": "virka@example.fi", "password": PASSWORD})
    review = f"/budgets/{made.process_id}/proposals/{proposal_id}/review"
    refused = post_form(staff, review, {"cost": "350", "decision": "unfeasible"})
    assert refused.status_code == 422  # a refusal needs its public answer
    with app.app_context():
        assert outbox() == []
    answer = "Rinne on yksityisen maalla."
    assert post_form(staff, review, {"cost": "350", "decision": "unfeasible",
                                     "public_answer": answer}).status_code == 303
    assert post_form(staff, review, {"cost": "350", "decision": "unfeasible",
                                     "public_answer": answer}).status_code == 303
    with app.app_context():
        sent = list(outbox())
    assert len(sent) == 1  # saved again without a new decision: no second message
    assert sent[0].to == "asukas@example.fi"
    assert "Kuntoportaat" in sent[0].subject and "arvioitu" in sent[0].subject
    assert answer in sent[0].body
    assert f"/budgets/{made.process_id}/proposals/{proposal_id}" in sent[0].body
