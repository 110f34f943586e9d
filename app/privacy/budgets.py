"""Participatory budgeting in a user's data rights.

The register (:class:`Voter`) says that an account voted in a process; the ballots carry
only a keyed pseudonym of the voter. The export says where the person voted, never how.
Deleting the account removes the register rows and gives the person's ballots a fresh
random pseudonym: they stay counted and their receipts stay published, but nothing links
them to the account any more, nor to a later account that gets the same id.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.auth.models import User
from app.budgets.ballot_models import Ballot, Voter
from app.budgets.ballots import VoterIdentity, pseudonym
from app.budgets.models import Area, BudgetProcess, Proposal
from app.core.tokens import new_token, token_hash
from app.extensions import db


def budget_data(user: User) -> dict[str, Any]:
    """The user's proposals (as submitted and answered) and the processes they voted in."""
    proposals = db.session.execute(
        sa.select(Proposal, BudgetProcess.title, Area.name)
        .join(BudgetProcess, BudgetProcess.id == Proposal.process_id)
        .join(Area, Area.id == Proposal.area_id)
        .where(Proposal.author_id == user.id).order_by(Proposal.created_at, Proposal.id)).all()
    home = aliased(Area)
    votes = db.session.execute(
        sa.select(BudgetProcess.title, home.name)
        .join(Voter, Voter.process_id == BudgetProcess.id)
        .outerjoin(home, home.id == Voter.home_area_id)
        .where(Voter.user_id == user.id).order_by(BudgetProcess.id)).all()
    return {
        "proposals": [{
            "process": process, "area": area, "title": proposal.title,
            "description": proposal.description, "place": proposal.place,
            "cost": str(proposal.cost), "status": proposal.status.value,
            "public_answer": proposal.public_answer,
            "created_at": proposal.created_at.isoformat(),
        } for proposal, process, area in proposals],
        # Whether they voted, and the home area they gave; never what their ballot says.
        "votes": [{"process": process, "voted": True, "home_area": home_area}
                  for process, home_area in votes],
    }


def detach_budgets(user: User) -> None:
    """Keep the user's ballots (counted, anonymous) and proposals; drop what names them."""
    for voter in db.session.scalars(sa.select(Voter).where(Voter.user_id == user.id)
                                    .with_for_update()):
        old = pseudonym(voter.process_id, VoterIdentity(user_id=user.id))
        fresh = token_hash(f"budget-deleted:{new_token()}")
        db.session.execute(sa.update(Ballot).where(Ballot.process_id == voter.process_id,
                                                   Ballot.pseudonym == old)
                           .values(pseudonym=fresh))
        db.session.delete(voter)
    db.session.execute(sa.update(Proposal).where(Proposal.author_id == user.id)
                       .values(author_id=None))
