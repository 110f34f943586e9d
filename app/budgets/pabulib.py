"""The anonymous ballots as a Pabulib file (anyone can recount them), and importing one.

Export: one area's ballots once voting has closed, project ids being the API's ids, with
``votes`` and ``selected`` columns and META ``rule`` as DESIGN.md Contract 5 says.

Import: a Pabulib file becomes a finished process with one area, its projects and its
anonymous ballots, counted with the area's rule; all in one transaction (bulk inserts), so a
broken file leaves nothing behind.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import sqlalchemy as sa

from app.audit.services import record
from app.budgets.ballot_models import Ballot, BallotChoice, BallotSource, CountRun
from app.budgets.counting import AreaBallots, area_ballots, run_count, start_count
from app.budgets.models import (
    MAX_MONEY,
    Area,
    BudgetProcess,
    Completion,
    CountingRule,
    Phase,
    Proposal,
    ProposalStatus,
)
from app.core.tokens import token_hash
from app.extensions import db
from app.organisations.models import Organisation
from app.tally import Election, PabulibError, read_pb, write_pb


def meta_rule(area: Area) -> str:
    """META ``rule`` for an area (Contract 5)."""
    if area.rule == CountingRule.GREEDY:
        thresholds = (area.threshold_votes, area.threshold_percent) != (None, None)
        return "greedy-threshold" if thresholds else "greedy"
    if area.utility.value == "cost" and area.completion == Completion.NONE:
        return "equalshares"
    return "unknown"


def area_pb(process: BudgetProcess, area: Area, run: CountRun) -> str:
    """The area's anonymous ballots as Pabulib text, with the count's selected projects."""
    data: AreaBallots = area_ballots(area)
    election = data.election()
    election.meta.update(_meta(process, area, run))
    if area.max_projects is not None:
        election.meta["max_length"] = str(area.max_projects)
    if area.min_projects:
        election.meta["min_length"] = str(area.min_projects)
    selected = (run.result or {}).get(str(area.id), {}).get("selected", [])
    return write_pb(election, selected=[str(pid) for pid in selected], rule=meta_rule(area))


def _meta(process: BudgetProcess, area: Area, run: CountRun) -> dict[str, str]:
    meta = {
        "description": f"{process.title}: {area.name}", "country": "Finland",
        "unit": process.organisation.name, "instance": str(process.created_at.year),
        "subunit": area.name, "language": "fi", "currency": "EUR",
    }
    # Voting ran from its planned start (or the process's creation) until it closed (at the
    # latest when the count started).
    begin = process.voting_start or process.created_at.date()
    end = process.voting_end or run.created_at.date()
    meta["date_begin"] = begin.strftime("%d.%m.%Y")
    meta["date_end"] = max(begin, end).strftime("%d.%m.%Y")
    return meta


def import_pb(source: str, organisation: Organisation, actor: Any = "import",
              rule: CountingRule | None = None) -> BudgetProcess:
    """Create a finished, counted process from a Pabulib file (path or text).

    Raises :class:`~app.tally.PabulibError` naming the line for a broken file. The caller
    owns the transaction: nothing is written until it commits.
    """
    election = read_pb(source)
    _check_importable(election)
    meta = election.meta
    title = (meta.get("description") or " ".join(
        v for v in (meta.get("unit"), meta.get("subunit"), meta.get("instance")) if v)
        or "Pabulib")[:200]
    process = BudgetProcess(organisation_id=organisation.id, title=title, imported=True,
                            phase=Phase.COUNTING, allow_accounts=False, allow_paper=False)
    db.session.add(process)
    db.session.flush()
    area_rule = rule or (CountingRule.GREEDY if meta.get("rule", "").startswith("greedy")
                         else CountingRule.MES)
    area = Area(process_id=process.id, name=(meta.get("subunit") or meta.get("district")
                                             or meta.get("unit") or title)[:120],
                budget=_money(election.budget), min_projects=0, rule=area_rule,
                completion=(Completion.NONE if area_rule == CountingRule.GREEDY
                            else Completion.ADD1_GREEDY))
    threshold = meta.get("min_project_score_threshold", "").strip()
    if area_rule == CountingRule.GREEDY and threshold.isdigit():
        area.threshold_votes = int(threshold)
    db.session.add(area)
    db.session.flush()
    proposal_ids = _insert_projects(process, area, election)
    _insert_ballots(process, area, election, proposal_ids)
    record(actor, "budget.import", process,
           after={"projects": len(election.projects), "ballots": election.n_voters})
    run = start_count(process, actor)
    db.session.flush()
    run_count(run.id, own_transaction=False)
    return process


def _check_importable(election: Election) -> None:
    if not 0 < election.budget < MAX_MONEY:
        raise PabulibError(0, "the budget must be a positive amount below 100 billion")
    for project in election.projects:
        if not 0 < project.cost < MAX_MONEY:
            raise PabulibError(0, f"project {project.id!r}: the cost must be positive")
        if _money(project.cost) != project.cost:
            raise PabulibError(0, f"project {project.id!r}: the cost has more than two decimals")


def _money(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))


def _insert_projects(process: BudgetProcess, area: Area, election: Election) -> list[int]:
    rows = [{
        "process_id": process.id, "area_id": area.id,
        "title": (p.fields.get("name") or p.id)[:200],
        "description": p.fields.get("description", ""), "cost": _money(p.cost),
        "status": ProposalStatus.FEASIBLE, "external_id": p.id[:64],
        "public_answer": "", "staff_notes": "", "place": "",
    } for p in election.projects]
    return list(db.session.scalars(
        sa.insert(Proposal).returning(Proposal.id, sort_by_parameter_order=True), rows))


def _insert_ballots(process: BudgetProcess, area: Area, election: Election,
                    proposal_ids: list[int]) -> None:
    prefix = token_hash(f"budget-import:{process.id}")[:16]
    ballot_ids = list(db.session.scalars(
        sa.insert(Ballot).returning(Ballot.id, sort_by_parameter_order=True),
        [{"process_id": process.id, "area_id": area.id, "source": BallotSource.IMPORTED,
          "pseudonym": f"{prefix}{i:012d}"} for i in range(election.n_voters)]))
    items = election.items.tolist()
    ptr = election.ptr.tolist()
    choices = [{"ballot_id": ballot_ids[v], "proposal_id": proposal_ids[j], "area_id": area.id}
               for v in range(election.n_voters) for j in items[ptr[v]:ptr[v + 1]]]
    for start in range(0, len(choices), 50_000):
        db.session.execute(sa.insert(BallotChoice), choices[start:start + 50_000])


_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def pb_filename(process: BudgetProcess, area: Area) -> str:
    return _FILENAME_UNSAFE.sub("_", f"budget-{process.id}-area-{area.id}.pb")
