"""A process's lifecycle and its areas' rules: create, configure, move phase by phase."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit.services import record
from app.budgets.ballot_models import Ballot
from app.budgets.errors import IllegalPhaseMove, InvalidRules, RulesLocked
from app.budgets.models import (
    MAX_MONEY,
    PHASES,
    Area,
    AreaRule,
    BudgetProcess,
    Completion,
    CountingRule,
    Phase,
    Utility,
)
from app.extensions import db
from app.organisations.models import Organisation


def create_process(organisation: Organisation, actor: Any, title: str, description: str = "",
                   area_rule: AreaRule = AreaRule.EVERY, **settings: Any) -> BudgetProcess:
    process = BudgetProcess(organisation_id=organisation.id, title=title,
                            description=description, area_rule=area_rule, **settings)
    db.session.add(process)
    db.session.flush()
    record(actor, "budget.create", process, after={"title": title})
    return process


@dataclass
class AreaRules:
    """An area's ballot and counting rules, as staff set them."""

    budget: Decimal
    min_projects: int = 1
    max_projects: int | None = None
    min_share_percent: int | None = None
    rule: CountingRule = CountingRule.MES
    utility: Utility = Utility.COST
    completion: Completion = Completion.ADD1_GREEDY
    threshold_votes: int | None = None
    threshold_percent: int | None = None

    def check(self) -> None:
        """Refuse rules that cannot work together (the schema refuses them too)."""
        if not Decimal(0) < self.budget < MAX_MONEY:
            raise InvalidRules(_message("budget"))
        if self.min_projects < 0 or (self.max_projects is not None
                                     and self.max_projects < max(self.min_projects, 1)):
            raise InvalidRules(_message("projects"))
        if self.min_share_percent is not None and not 0 <= self.min_share_percent <= 100:
            raise InvalidRules(_message("share"))
        if self.rule == CountingRule.GREEDY and self.completion not in (Completion.NONE,
                                                                        Completion.GREEDY):
            raise InvalidRules(_message("completion"))
        thresholds = (self.threshold_votes, self.threshold_percent)
        if self.rule == CountingRule.MES and thresholds != (None, None):
            raise InvalidRules(_message("threshold"))
        if (self.threshold_votes or 0) < 0 or not 0 <= (self.threshold_percent or 0) <= 100:
            raise InvalidRules(_message("threshold"))

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _message(what: str) -> str:
    return {
        "budget": _("The budget must be a positive amount in euros."),
        "projects": _("The largest number of projects must be at least one and at least the "
                      "smallest number."),
        "share": _("The share of the budget to use must be between 0 and 100 %."),
        "completion": _("Greedy counting has no Add1 completion; choose none or greedy."),
        "threshold": _("A vote threshold applies only to greedy counting: a number of votes "
                       "of 0 or more, or a percentage between 0 and 100."),
    }[what]


def add_area(process: BudgetProcess, actor: Any, name: str, rules: AreaRules,
             citywide: bool = False, description: str = "") -> Area:
    lock_rules(process)
    rules.check()
    position = db.session.scalar(
        sa.select(sa.func.count(Area.id)).where(Area.process_id == process.id)) or 0
    area = Area(process_id=process.id, name=name, description=description, citywide=citywide,
                position=position, **rules.as_dict())
    db.session.add(area)
    db.session.flush()
    record(actor, "budget.area.create", area, after={"name": name, **_jsonable(rules)},
           organisation_id=process.organisation_id)
    return area


def change_rules(area: Area, actor: Any, rules: AreaRules) -> Area:
    """Change an area's ballot and counting rules; refused once any ballot exists."""
    lock_rules(area.process)
    rules.check()
    before = _jsonable(AreaRules(**{f.name: getattr(area, f.name) for f in fields(AreaRules)}))
    for key, value in rules.as_dict().items():
        setattr(area, key, value)
    db.session.flush()
    record(actor, "budget.area.rules", area, before=before, after=_jsonable(rules),
           organisation_id=area.process.organisation_id)
    return area


def lock_rules(process: BudgetProcess) -> None:
    """Lock the process row and refuse if a ballot exists: the rules are fixed from then on.

    Casting a ballot holds a shared lock on the same row, so a rule change and the first
    ballot cannot cross.
    """
    db.session.execute(sa.select(BudgetProcess.id).where(BudgetProcess.id == process.id)
                       .with_for_update())
    if has_ballots(process.id):
        raise RulesLocked()


def has_ballots(process_id: int) -> bool:
    return db.session.scalar(
        sa.select(sa.exists().where(Ballot.process_id == process_id))) or False


def next_phase(process: BudgetProcess) -> Phase | None:
    index = PHASES.index(process.phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def move_phase(process: BudgetProcess, target: Phase, actor: Any) -> BudgetProcess:
    """Move to the next phase only (under a row lock); every move is in the audit log."""
    db.session.execute(sa.select(BudgetProcess.id).where(BudgetProcess.id == process.id)
                       .with_for_update())
    db.session.refresh(process, ["phase"])
    if target != next_phase(process):
        raise IllegalPhaseMove()
    before = process.phase
    process.phase = target
    process.touch()
    db.session.flush()
    record(actor, "budget.phase", process, before={"phase": before.value},
           after={"phase": target.value})
    return process


def _jsonable(rules: AreaRules) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in rules.as_dict().items()}
