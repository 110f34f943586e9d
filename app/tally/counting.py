"""``count``: run a counting rule on an election and return its outcome."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import floor, lcm

import numpy as np

from app.tally.add1 import add1
from app.tally.errors import TallyError
from app.tally.greedy import UTILITIES, greedy, passes_threshold
from app.tally.mes import MesEngine
from app.tally.model import Election, Outcome

RULES = ("greedy", "mes")
COMPLETIONS = ("none", "greedy", "add1", "add1-greedy")
# The names the Pabulib reference data (pabutools' outcomes, expected.json) gives the rules:
# name -> (rule, utility, completion).
REFERENCE_RULES = {
    "greedy_cost": ("greedy", "cost", "none"),
    "greedy_card": ("greedy", "cardinality", "none"),
    "mes_cost": ("mes", "cost", "none"),
    "mes_card": ("mes", "cardinality", "none"),
    "mes_cost_greedy": ("mes", "cost", "greedy"),
    "mes_cost_add1": ("mes", "cost", "add1"),
    "mes_cost_add1_greedy": ("mes", "cost", "add1-greedy"),
}


def count(election: Election, rule: str, utility: str = "cost", completion: str = "none", *,
          threshold_votes: int | None = None,
          threshold_percent: Fraction | int | str | None = None) -> Outcome:
    """Count an election.

    ``rule``: ``greedy`` or ``mes``; ``utility``: ``cost`` or ``cardinality``; ``completion``
    (MES): ``none``, ``greedy`` (then greedy by number of supporters), ``add1`` or
    ``add1-greedy``. Thresholds (greedy only): a minimum number of supporters, or a minimum
    percentage of the most-supported project's supporters. Raises :class:`TallyError` for bad
    arguments.
    """
    if rule not in RULES:
        raise TallyError(f"unknown rule {rule!r} (use {' or '.join(RULES)})")
    if utility not in UTILITIES:
        raise TallyError(f"unknown utility {utility!r} (use {' or '.join(UTILITIES)})")
    if completion not in COMPLETIONS:
        raise TallyError(f"unknown completion {completion!r} (use {', '.join(COMPLETIONS)})")
    ids = election.project_ids
    costs = [p.cost for p in election.projects]
    votes = election.vote_counts()
    if rule == "greedy":
        if completion not in ("none", "greedy"):
            raise TallyError(f"completion {completion!r} applies only to the mes rule")
        eligible = eligible_projects(votes, threshold_votes, threshold_percent)
        chosen = greedy(ids, costs, votes, election.budget, utility, eligible=eligible)
        return _outcome(election, chosen)
    if threshold_votes is not None or threshold_percent is not None:
        raise TallyError("thresholds apply only to the greedy rule")
    chosen, mes_budget = equal_shares(election, utility,
                                      add1_completion=completion.startswith("add1"))
    mes_selected = len(chosen)
    if completion in ("greedy", "add1-greedy"):
        chosen = greedy(ids, costs, votes, election.budget, "cost", initial=chosen)
    outcome = _outcome(election, chosen)
    outcome.mes_budget = mes_budget
    outcome.mes_selected = mes_selected
    return outcome


def eligible_projects(votes: list[int], threshold_votes: int | None,
                      threshold_percent: Fraction | int | str | None) -> list[bool] | None:
    """Which projects pass the greedy thresholds (``None``: no threshold); raises
    :class:`TallyError` for a bad threshold."""
    if threshold_votes is None and threshold_percent is None:
        return None
    if threshold_votes is not None and (isinstance(threshold_votes, bool)
                                        or not isinstance(threshold_votes, int)
                                        or threshold_votes < 0):
        raise TallyError("threshold_votes must be a whole number >= 0")
    pct = None
    if threshold_percent is not None:
        try:
            pct = Fraction(threshold_percent)
        except (TypeError, ValueError):
            raise TallyError(f"threshold_percent {threshold_percent!r} is not a number") from None
        if not 0 <= pct <= 100:
            raise TallyError("threshold_percent must be between 0 and 100")
    return passes_threshold(votes, threshold_votes, pct)


def _outcome(election: Election, chosen: list[int]) -> Outcome:
    ids = [election.projects[j].id for j in chosen]
    cost = sum((election.projects[j].cost for j in chosen), Fraction(0))
    return Outcome(selected=sorted(ids), cost=cost, budget=election.budget, order=ids)


@dataclass
class MesSetup:
    """An election prepared for MES: the engine, its money unit and the free projects.

    Amounts in the engine are integers in a unit of ``1 / (n * den)`` currency units: every
    cost is an integer and so is each voter's share ``budget / n``, as ``budget * den``.
    """

    engine: MesEngine
    den: int
    free: list[int]  # supported projects costing 0 with cardinality utilities

    @property
    def unit(self) -> int:
        """Engine units in one currency unit."""
        return self.engine.n * self.den

    def share(self, budget: Fraction) -> int:
        """Each voter's share of ``budget``, in engine units."""
        return int(budget * self.den)


def mes_setup(election: Election, utility: str) -> MesSetup:
    """Prepare MES on an election with ``cost`` or ``cardinality`` utilities."""
    n = election.n_voters
    costs = [p.cost for p in election.projects]
    den = lcm(election.budget.denominator, *(c.denominator for c in costs))
    scaled = [int(c * n * den) for c in costs]
    weights = scaled if utility == "cost" else [1] * len(costs)
    sup = election.supporters()
    engine = MesEngine(sup, scaled, weights, election.project_ids, n)
    # pabutools puts supported projects costing 0 straight into the outcome when their utility
    # is positive, i.e. with cardinality utilities (a cost utility would be 0).
    free = sorted((j for j in range(len(costs))
                   if costs[j] == 0 and len(sup[j]) > 0 and utility == "cardinality"),
                  key=lambda j: election.projects[j].id)
    return MesSetup(engine, den, free)


def equal_shares(election: Election, utility: str,
                 add1_completion: bool = False) -> tuple[list[int], Fraction]:
    """MES (optionally with Add1) on an election: project indices in selection order, and the
    budget of the MES run that selected them (the election's, or where Add1 stopped)."""
    n = election.n_voters
    budget = election.budget
    if n == 0:
        return [], budget  # as pabutools: no ballots, nothing selected
    setup = mes_setup(election, utility)
    engine, free = setup.engine, setup.free
    base = setup.share(budget)
    if not add1_completion:
        return free + engine.run(base), budget
    active_cost = [0] * len(election.projects)
    for j in engine.active:
        active_cost[j] = engine.costs[j]
    chosen, step = add1(engine, base, setup.unit, floor(budget), int(budget * setup.unit),
                        _max_ballot_cost(election, active_cost), free)
    return chosen, budget + step * n  # each step adds one currency unit to every share


def _max_ballot_cost(election: Election, cost: list[int]) -> int:
    """The largest total ``cost`` of the projects on one ballot, exactly."""
    lengths = np.diff(election.ptr)
    if len(election.items) == 0:
        return 0
    dtype = np.int64 if max(cost) * int(lengths.max()) < 2**62 else object
    per_item = np.array(cost, dtype=dtype)[election.items]
    starts = election.ptr[:-1][lengths > 0]
    return int(max(np.add.reduceat(per_item, starts)))
