"""A short, obviously-correct implementation of the counting rules, straight from their
definitions (pabutools 1.2.3 semantics): plain loops and Fractions, no shortcuts.

Used by the property tests to check the fast engine on small elections.
"""

from __future__ import annotations

from fractions import Fraction

from app.tally import Election


def utility_of(utility: str, cost: Fraction) -> Fraction:
    return cost if utility == "cost" else Fraction(1)


def ref_greedy(ids: list[str], costs: dict[str, Fraction], ballots: list[list[str]],
               budget: Fraction, utility: str, initial: list[str] | None = None,
               eligible: set[str] | None = None) -> list[str]:
    """By total utility / cost, best first (a supported project costing 0 with positive
    utility first of all), ties to the smaller id; fund each project that still fits."""

    def key(p: str) -> tuple[int, Fraction, str]:
        total = sum(utility_of(utility, costs[p]) for b in ballots if p in b)
        if total > 0 and costs[p] == 0:
            return (0, Fraction(0), p)
        return (1, -(total / costs[p]) if total > 0 else Fraction(0), p)

    chosen = list(initial or [])
    left = budget - sum(costs[p] for p in chosen)
    for p in sorted(ids, key=key):
        if p in chosen or (eligible is not None and p not in eligible):
            continue
        if costs[p] <= left:
            chosen.append(p)
            left -= costs[p]
    return chosen


def ref_rho(cost: Fraction, money: list[Fraction], u: Fraction) -> Fraction | None:
    """Smallest rho with sum(min(m, rho * u)) == cost, or None if the money is not enough."""
    if sum(money) < cost:
        return None
    money = sorted(money)
    paid = Fraction(0)
    for k, m in enumerate(money):
        rho = (cost - paid) / ((len(money) - k) * u)
        if rho * u <= m:
            assert sum(min(x, rho * u) for x in money) == cost
            return rho
        paid += m
    raise AssertionError("unreachable")


def ref_mes(ids: list[str], costs: dict[str, Fraction], ballots: list[list[str]],
            share: Fraction, utility: str) -> list[str]:
    """MES, every voter starting with ``share``: selected ids in selection order."""
    if not ballots:
        return []
    money = [share] * len(ballots)
    sup = {p: [i for i, b in enumerate(ballots) if p in b] for p in ids}
    # Supported projects costing 0 with positive utility are selected first, as in pabutools.
    chosen = [p for p in sorted(ids) if costs[p] == 0 and sup[p] and utility == "cardinality"]
    remaining = [p for p in sorted(ids) if costs[p] > 0 and sup[p]]
    while True:
        best, best_rho = None, Fraction(0)
        for p in remaining:
            rho = ref_rho(costs[p], [money[i] for i in sup[p]], utility_of(utility, costs[p]))
            if rho is not None and (best is None or rho < best_rho):
                best, best_rho = p, rho
        if best is None:
            return chosen
        pay = best_rho * utility_of(utility, costs[best])
        for i in sup[best]:
            money[i] -= min(money[i], pay)
        remaining.remove(best)
        chosen.append(best)


def ref_add1(ids: list[str], costs: dict[str, Fraction], ballots: list[list[str]],
             budget: Fraction, utility: str) -> list[str]:
    """pabutools' exhaustion_by_budget_increase with budget_step = n, step by step."""
    n = len(ballots)
    if n == 0:
        return []
    previous: list[str] = []
    k = 0
    while budget + k * n <= budget * (n + 1):
        outcome = ref_mes(ids, costs, ballots, (budget + k * n) / n, utility)
        cost = sum(costs[p] for p in outcome)
        if cost > budget:
            return previous
        if all(costs[p] + cost > budget for p in ids if p not in outcome):
            return outcome
        previous = outcome
        k += 1
    return previous


def ref_count(e: Election, rule: str, utility: str, completion: str,
              threshold_votes: int | None = None,
              threshold_percent: Fraction | None = None) -> list[str]:
    """Selected ids, in selection order."""
    ids = e.project_ids
    costs = {p.id: p.cost for p in e.projects}
    ballots = e.ballots()
    if rule == "greedy":
        votes = {p: sum(p in b for b in ballots) for p in ids}
        top = max(votes.values(), default=0)
        eligible = {p for p in ids
                    if (threshold_votes is None or votes[p] >= threshold_votes)
                    and (threshold_percent is None or votes[p] * 100 >= threshold_percent * top)}
        return ref_greedy(ids, costs, ballots, e.budget, utility, eligible=eligible)
    if completion.startswith("add1"):
        chosen = ref_add1(ids, costs, ballots, e.budget, utility)
    else:
        chosen = ref_mes(ids, costs, ballots, e.budget / len(ballots) if ballots else Fraction(0),
                         utility)
    if completion in ("greedy", "add1-greedy"):
        chosen = ref_greedy(ids, costs, ballots, e.budget, "cost", initial=chosen)
    return chosen
