"""The demo organisation and its logins. Idempotent: running it again changes nothing
that is already there (the demo passwords are reset to the printed ones)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.auth import services as accounts
from app.auth.models import User
from app.budgets.models import BudgetProcess
from app.extensions import db
from app.organisations.models import Level, Membership, Organisation, Role
from app.organisations.services import add_membership, create_organisation
from app.sessions.models import Session
from seeds.brainstorm import seed_brainstorm
from seeds.brand import DEMO_BRAND_COLOUR, seed_brand
from seeds.budget import seed_budget
from seeds.comments import seed_comments
from seeds.votes import seed_votes
from seeds.workshop import seed_workshop

ORGANISATION = {"name": "Pohjois-Pohjanmaan liitto (demo)", "slug": "demo", "level": Level.REGION}
FACILITATOR = {"email": "fasilitaattori@demo.yhdessa.fi", "name": "Demo Fasilitaattori",
               "password": "yhdessa-demo-2026"}
__all__ = ["DEMO_BRAND_COLOUR", "DemoLogins", "seed_demo"]

ADMIN = {"email": "admin@demo.yhdessa.fi", "name": "Demo Ylläpitäjä",
         "password": "yhdessa-admin-2026"}


@dataclass
class DemoLogins:
    organisation: Organisation
    facilitator: User
    admin: User
    workshop: Session
    brainstorm: Session
    budget: BudgetProcess

    def as_contract(self) -> dict:
        """The JSON object of DESIGN.md Contracts 3 (ids null until their feature exists)."""
        return {
            "email": FACILITATOR["email"],
            "password": FACILITATOR["password"],
            "organisation": self.organisation.slug,
            "workshop_id": self.workshop.id,
            "brainstorm_id": self.brainstorm.id,
            "budget_id": self.budget.id,
            "county_id": None,
        }


def _organisation() -> Organisation:
    organisation = db.session.scalar(
        sa.select(Organisation).where(Organisation.slug == ORGANISATION["slug"])
    )
    return organisation or create_organisation(
        ORGANISATION["name"], ORGANISATION["slug"], ORGANISATION["level"]
    )


def _member(organisation: Organisation, spec: dict, role: Role) -> User:
    user = accounts.find_user(spec["email"])
    if user is None:
        user = accounts.create_user(spec["email"], spec["name"], spec["password"], locale="fi")
    elif not user.check_password(spec["password"]):
        user.set_password(spec["password"])
    has_membership = db.session.scalar(
        sa.select(Membership.id).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation.id
        )
    )
    if not has_membership:
        add_membership("seed", organisation, user, role)
    return user


def seed_demo() -> DemoLogins:
    organisation = _organisation()
    facilitator = _member(organisation, FACILITATOR, Role.FACILITATOR)
    admin = _member(organisation, ADMIN, Role.ADMIN)
    seed_brand(organisation)
    workshop, brainstorm = seed_workshop(organisation), seed_brainstorm(organisation)
    seed_votes(workshop, brainstorm)
    budget = seed_budget(organisation, workshop)
    seed_comments(workshop, budget, admin)
    return DemoLogins(
        organisation=organisation, facilitator=facilitator, admin=admin, workshop=workshop,
        brainstorm=brainstorm, budget=budget,
    )
