"""``count``: run a counting rule on an election and return its outcome."""

from __future__ import annotations

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
        eligible = _eligible(votes, threshold_votes, threshold_percent)
        chosen = greedy(ids, costs, votes, election.budget, utility, eligible=eligible)
        return _outcome(election, chosen)
    if threshold_votes is not None or threshold_percent is not None:
        raise TallyError("thresholds apply only to the greedy rule")
    chosen = equal_shares(election, utility, add1_completion=completion.startswith("add1"))
    if completion in ("greedy", "add1-greedy"):
        chosen = greedy(ids, costs, votes, election.budget, "cost", initial=chosen)
    return _outcome(election, chosen)


def _eligible(votes: list[int], threshold_votes: int | None,
              threshold_percent: Fraction | int | str | None) -> list[bool] | None:
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


def equal_shares(election: Election, utility: str, add1_completion: bool = False) -> list[int]:
    """MES (optionally with Add1) on an election: project indices in selection order."""
    n = election.n_voters
    if n == 0:
        return []  # as pabutools: no ballots, nothing selected
    costs = [p.cost for p in election.projects]
    budget = election.budget
    # Money unit 1 / (n * D), D the common denominator of the budget and the costs: every cost
    # is an integer and so is each voter's share B/n + k, as (B + k*n) * D.
    den = lcm(budget.denominator, *(c.denominator for c in costs))
    scaled = [int(c * n * den) for c in costs]
    weights = scaled if utility == "cost" else [1] * len(costs)
    sup = election.supporters()
    engine = MesEngine(sup, scaled, weights, election.project_ids, n)
    # pabutools puts supported projects costing 0 straight into the outcome when their utility
    # is positive, i.e. with cardinality utilities (a cost utility would be 0).
    free = sorted((j for j in range(len(costs))
                   if costs[j] == 0 and len(sup[j]) > 0 and utility == "cardinality"),
                  key=lambda j: election.projects[j].id)
    base = int(budget * den)
    if not add1_completion:
        return free + engine.run(base)
    active_cost = [0] * len(costs)
    for j in engine.active:
        active_cost[j] = scaled[j]
    return add1(engine, base, n * den, floor(budget), int(budget * n * den),
                _max_ballot_cost(election, active_cost), free)


def _max_ballot_cost(election: Election, cost: list[int]) -> int:
    """The largest total ``cost`` of the projects on one ballot, exactly."""
    lengths = np.diff(election.ptr)
    if len(election.items) == 0:
        return 0
    dtype = np.int64 if max(cost) * int(lengths.max()) < 2**62 else object
    per_item = np.array(cost, dtype=dtype)[election.items]
    starts = election.ptr[:-1][lengths > 0]
    return int(max(np.add.reduceat(per_item, starts)))
