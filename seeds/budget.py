"""The demo PB process "Osallistuva budjetointi": two areas, proposals of which some are
promoted from the seed-000 workshop, synthetic ballots (some on paper), counted.

The ballots are made with a fixed random seed, so the demo is the same every time.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.aggregation.models import AggregateItem
from app.budgets.ballots import VoterIdentity, ballot_proposals, cast_ballot, enter_paper_ballot
from app.budgets.codes import find_code, generate_codes
from app.budgets.counting import run_count, start_count
from app.budgets.models import (
    Area,
    AreaRule,
    BudgetProcess,
    Completion,
    CountingRule,
    ImplementationState,
    Phase,
    Proposal,
    ProposalStatus,
)
from app.budgets.phases import AreaRules, add_area, create_process, move_phase
from app.budgets.proposals import add_status_update, promote_aggregate, submit_proposal
from app.budgets.review import review_proposal
from app.extensions import db
from app.organisations.models import Organisation
from app.sessions.models import Session, Theme

TITLE = "Osallistuva budjetointi"
ACTOR = "seed"
ONLINE_VOTERS, PAPER_VOTERS = 280, 40

AREAS = [
    {"name": "Oulun seutu", "citywide": False,
     "rules": AreaRules(budget=Decimal(150000), max_projects=4),
     "description": "Hankkeet Oulun seudun kunnissa."},
    {"name": "Koko maakunta", "citywide": True,
     "rules": AreaRules(budget=Decimal(250000), max_projects=3, rule=CountingRule.GREEDY,
                        completion=Completion.NONE),
     "description": "Hankkeet, jotka palvelevat koko Pohjois-Pohjanmaata."},
]

# Residents' own proposals: (area, title, cost, place, description).
PROPOSALS = [
    ("Oulun seutu", "Järjestötalon kohtaamispaikka", 60000, "Oulun keskusta",
     "Maksuton tila, jossa yhdistykset voivat pitää kokouksia ja avoimia iltoja."),
    ("Oulun seutu", "Liikkuva palveluohjaus kyliin", 45000, "Kiiminki ja Yli-Ii",
     "Palveluohjaaja kiertää kylätaloilla kerran viikossa ja kertoo myös järjestöjen "
     "toiminnasta."),
    ("Oulun seutu", "Vertaistukiryhmien ohjaajakoulutus", 25000, "",
     "Koulutus vapaaehtoisille, jotka haluavat vetää vertaistukiryhmiä."),
    ("Oulun seutu", "Esteetön kulku kirjastoon", 70000, "Haukiputaan kirjasto",
     "Luiska ja automaattiovet, jotta kaikki pääsevät kirjaston tapahtumiin."),
    ("Oulun seutu", "Nuorten iltapäiväkerho", 30000, "Kaakkuri",
     "Turvallinen paikka koululaisille iltapäivisin, järjestöjen vetämänä."),
    ("Koko maakunta", "Järjestöjen yhteinen tapahtumakalenteri", 40000, "",
     "Yksi verkkopalvelu, josta löytää kaikkien järjestöjen tapahtumat."),
    ("Koko maakunta", "Kokemusasiantuntijoiden verkosto", 90000, "",
     "Koulutetut kokemusasiantuntijat mukaan palvelujen kehittämiseen eri puolilla "
     "maakuntaa."),
    ("Koko maakunta", "Kylätalojen etäyhteydet", 120000, "Maakunnan kylätalot",
     "Laitteet ja yhteydet, jotta kylätaloilta voi osallistua etätapahtumiin ja "
     "-vastaanotoille."),
    ("Koko maakunta", "Avustushakujen neuvontapiste", 80000, "",
     "Neuvontaa pienille yhdistyksille avustusten hakemiseen."),
]

# Promoted from the workshop's combined list (its first three items), with a cost.
PROMOTED = [("Oulun seutu", 55000), ("Koko maakunta", 100000), ("Oulun seutu", 40000)]
UNFEASIBLE = ("Esteetön kulku kirjastoon",
              "Kirjaston peruskorjaus on jo päätetty, ja siinä tehdään esteettömyystyöt.")


def seed_budget(organisation: Organisation, workshop: Session) -> BudgetProcess:
    existing = db.session.scalar(sa.select(BudgetProcess).where(
        BudgetProcess.organisation_id == organisation.id, BudgetProcess.title == TITLE))
    if existing is not None:
        return existing
    process = create_process(
        organisation, ACTOR, TITLE, area_rule=AreaRule.EVERY, allow_codes=True,
        description="Pohjois-Pohjanmaan asukkaat päättävät, mihin 400 000 euroa käytetään "
                    "järjestöjen ja asukkaiden hyvinvointia tukeviin hankkeisiin.",
        proposals_start=date(2026, 9, 1), review_start=date(2026, 10, 1),
        voting_start=date(2026, 11, 2), voting_end=date(2026, 11, 22),
        results_date=date(2026, 11, 30))
    areas = {spec["name"]: add_area(process, ACTOR, spec["name"], spec["rules"],
                                    citywide=spec["citywide"], description=spec["description"])
             for spec in AREAS}
    move_phase(process, Phase.PROPOSALS, ACTOR)
    _promote(process, areas, workshop)
    for area, title, cost, place, description in PROPOSALS:
        submit_proposal(process, areas[area], None, title, description, cost, place)
    move_phase(process, Phase.REVIEW, ACTOR)
    _review(process)
    move_phase(process, Phase.VOTING, ACTOR)
    _vote(process, list(areas.values()))
    move_phase(process, Phase.COUNTING, ACTOR)
    run = start_count(process, ACTOR)
    run_count(run.id, own_transaction=False)
    _implementation(process)
    return process


def _promote(process: BudgetProcess, areas: dict[str, Area], workshop: Session) -> None:
    theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == workshop.id)
                              .order_by(Theme.position))
    items = db.session.scalars(sa.select(AggregateItem).where(AggregateItem.theme_id == theme.id)
                               .order_by(AggregateItem.id)).all()
    for item, (area, cost) in zip(items, PROMOTED, strict=False):
        promote_aggregate(process, areas[area], ACTOR, item, cost)


def _review(process: BudgetProcess) -> None:
    for proposal in db.session.scalars(sa.select(Proposal).where(
            Proposal.process_id == process.id).order_by(Proposal.id)):
        feasible = proposal.title != UNFEASIBLE[0]
        review_proposal(proposal, ACTOR, feasible=feasible, cost=proposal.cost,
                        public_answer="" if feasible else UNFEASIBLE[1])


def _vote(process: BudgetProcess, areas: list[Area]) -> None:
    rng = random.Random(2026)
    on_ballot = {area.id: ballot_proposals(area) for area in areas}
    # Some projects are more popular than others.
    weights = {p.id: rng.uniform(0.2, 1.0) for ps in on_ballot.values() for p in ps}
    codes = generate_codes(process, ACTOR, ONLINE_VOTERS)
    for code in codes:
        identity = VoterIdentity(code_id=find_code(process, code).id)
        for area in areas:
            if rng.random() < 0.8:
                cast_ballot(process, area, identity, _choose(rng, area, on_ballot[area.id],
                                                            weights))
    for _ in range(PAPER_VOTERS):
        area = rng.choice(areas)
        enter_paper_ballot(process, area, ACTOR, _choose(rng, area, on_ballot[area.id], weights))


def _choose(rng: random.Random, area: Area, proposals: list[Proposal],
            weights: dict[int, float]) -> list[int]:
    """A ballot that follows the area's rules: liked projects while they fit."""
    chosen, total = [], Decimal(0)
    for proposal in sorted(proposals, key=lambda p: rng.random() * weights[p.id], reverse=True):
        if len(chosen) == (area.max_projects or len(proposals)):
            break
        if total + proposal.cost <= area.budget and rng.random() < weights[proposal.id]:
            chosen.append(proposal.id)
            total += proposal.cost
    if not chosen:
        chosen.append(min(proposals, key=lambda p: p.cost).id)
    return chosen


def _implementation(process: BudgetProcess) -> None:
    selected = db.session.scalar(sa.select(Proposal).where(
        Proposal.process_id == process.id, Proposal.status == ProposalStatus.SELECTED)
        .order_by(Proposal.id))
    if selected is not None:
        add_status_update(selected, ACTOR, ImplementationState.PLANNED, date(2026, 12, 15),
                          "Hankkeen suunnittelu on alkanut yhdessä ehdottajien kanssa.")
        add_status_update(selected, ACTOR, ImplementationState.IN_PROGRESS, date(2027, 3, 1),
                          "Työt ovat käynnissä.")
