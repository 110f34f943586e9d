"""Participatory budgeting and a user's data rights: what the export says about their
proposals and votes (whether they voted, never how), and what deleting the account keeps."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.services import find_user
from app.budgets.ballot_models import Ballot, BallotChoice, CountRun, Voter
from app.budgets.ballots import VoterIdentity, cast_ballot, pseudonym
from app.budgets.models import Area, BudgetProcess, Phase, Proposal
from app.budgets.proposals import submit_proposal
from app.budgets.results import results_document
from app.extensions import db
from app.privacy.data_rights import delete_account, export_user_data
from tests.budgets.conftest import close_and_count, make_budget, vote  # noqa: F401 (fixtures)

EMAIL = "asukas@example.fi"


@pytest.fixture
def resident(app, make_budget, vote, make_user):  # noqa: F811
    """Asukas proposed "Koirapuisto" and voted Puisto + Kirjasto in Keskusta with their
    account; three others voted there with codes."""
    made = make_budget(phase="proposals")
    make_user(EMAIL, name="Aino Asukas")
    with app.app_context():
        user = find_user(EMAIL)
        process = db.session.get(BudgetProcess, made.process_id)
        area = db.session.get(Area, made.areas["Keskusta"])
        proposal = submit_proposal(process, area, user, "Koirapuisto",
                                   "Aidattu alue koirille.", "200")
        made.proposals["Koirapuisto"] = proposal.id
        process.phase = Phase.VOTING
        cast_ballot(process, area, VoterIdentity(user_id=user.id),
                    [made.proposals["Puisto"], made.proposals["Kirjasto"]])
        db.session.commit()
        made.user_id = user.id
    vote(made, "Keskusta", [["Kirjasto"], ["Penkit", "Puisto"], ["Valot"]])
    return made


def _ballots(app, made) -> list[tuple[str, list[int]]]:
    """Each ballot of the process as (receipt hash, chosen proposal ids)."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(Ballot.receipt_hash, BallotChoice.proposal_id)
            .join(BallotChoice, BallotChoice.ballot_id == Ballot.id)
            .where(Ballot.process_id == made.process_id)
            .order_by(Ballot.receipt_hash, BallotChoice.proposal_id)).all()
    ballots: dict[str, list[int]] = {}
    for receipt, proposal_id in rows:
        ballots.setdefault(receipt, []).append(proposal_id)
    return sorted(ballots.items())


def test_the_export_lists_their_proposals_and_where_they_voted(app, resident):
    with app.app_context():
        data = export_user_data(find_user(EMAIL))
    budgets = data["participatory_budgeting"]
    assert [(p["title"], p["area"], p["cost"], p["status"]) for p in budgets["proposals"]] == [
        ("Koirapuisto", "Keskusta", "200.00", "submitted")]
    assert budgets["proposals"][0]["description"] == "Aidattu alue koirille."
    assert [(v["process"], v["voted"]) for v in budgets["votes"]] == [
        ("Osallistuva budjetointi", True)]


def test_the_export_never_says_how_they_voted(app, resident):
    with app.app_context():
        dumped = json.dumps(export_user_data(find_user(EMAIL)))
    assert "Puisto" not in dumped and "Kirjasto" not in dumped
    assert "receipt" not in dumped and "pseudonym" not in dumped


def test_deleting_a_voter_keeps_their_ballot_anonymous_and_counted(app, resident,
                                                                   close_and_count):  # noqa: F811
    before = _ballots(app, resident)
    with app.app_context():
        delete_account(find_user(EMAIL))
        db.session.commit()
    assert _ballots(app, resident) == before  # same ballots, same receipts: still verifiable
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Voter).where(
            Voter.user_id == resident.user_id)) == 0
        old_name = pseudonym(resident.process_id, VoterIdentity(user_id=resident.user_id))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot).where(
            Ballot.pseudonym == old_name)) == 0
    count_id = close_and_count(resident)
    with app.app_context():
        process = db.session.get(BudgetProcess, resident.process_id)
        document = results_document(process, db.session.get(CountRun, count_id))
    [centre] = [area for area in document["areas"] if area["name"] == "Keskusta"]
    votes = {project["title"]: project["votes"] for project in centre["projects"]}
    assert (votes["Puisto"], votes["Kirjasto"], votes["Penkit"]) == (2, 2, 1)

def test_a_new_account_never_takes_over_a_deleted_voters_ballot(app, resident, make_user):
    with app.app_context():
        delete_account(find_user(EMAIL))
        db.session.commit()
    make_user("uusi@example.fi", name="Uusi Asukas")
    with app.app_context():
        newcomer = find_user("uusi@example.fi")
        name = pseudonym(resident.process_id, VoterIdentity(user_id=newcomer.id))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot).where(
            Ballot.pseudonym == name)) == 0


def test_their_proposal_stays_attributed_to_a_deleted_user(app, resident):
    with app.app_context():
        delete_account(find_user(EMAIL))
        db.session.commit()
        proposal = db.session.get(Proposal, resident.proposals["Koirapuisto"])
        assert (proposal.title, proposal.author_id) == ("Koirapuisto", None)
        submitted = db.session.scalar(sa.select(AuditEntry).where(
            AuditEntry.action == "budget.proposal.submit"))
        assert submitted.actor_label == f"deleted user {resident.user_id}"
