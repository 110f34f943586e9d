"""Greedy counting ("greedy with skipping"), as pabutools' ``greedy_utilitarian_welfare``.

Projects are taken in decreasing order of total utility per cost and funded while they fit; a
project that no longer fits is skipped and the next one is tried. With cost utilities a
project's total utility per cost is its number of supporters; with cardinality utilities it is
supporters / cost. A supported project costing 0 comes first with cardinality utilities (its
density is infinite) but has density 0 with cost utilities (its utility is 0), as in pabutools.
Ties go to the smaller project id as a string. All arithmetic is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

UTILITIES = ("cost", "cardinality")


def greedy_order(ids: Sequence[str], costs: Sequence[Fraction], votes: Sequence[int],
                 utility: str) -> list[int]:
    """Project indices in the order greedy considers them (best density first)."""

    def key(j: int) -> tuple[int, Fraction, str]:
        cost, v = costs[j], votes[j]
        if utility == "cost":
            return (1, -Fraction(v if cost > 0 else 0), ids[j])
        if v > 0 and cost == 0:
            return (0, Fraction(0), ids[j])
        return (1, -Fraction(v) / cost if v > 0 else Fraction(0), ids[j])

    return sorted(range(len(ids)), key=key)


def passes_threshold(votes: Sequence[int], threshold_votes: int | None = None,
                     threshold_percent: Fraction | None = None) -> list[bool]:
    """Which projects pass the thresholds: at least ``threshold_votes`` supporters and at
    least ``threshold_percent`` % of the supporters of the most-supported project."""
    top = max(votes, default=0)
    return [(threshold_votes is None or v >= threshold_votes)
            and (threshold_percent is None or v * 100 >= threshold_percent * top)
            for v in votes]


@dataclass(frozen=True)
class GreedyStep:
    """How greedy treated one project: its ``position`` (1-based) in greedy's order, the money
    ``left`` when it came up and the ``outcome``: ``selected``, ``no_fit`` (it cost more than
    ``left``) or ``below_threshold`` (left out by a threshold)."""

    position: int
    outcome: str
    left: Fraction


def greedy_steps(ids: Sequence[str], costs: Sequence[Fraction], votes: Sequence[int],
                 budget: Fraction, utility: str = "cost", initial: Sequence[int] = (),
                 eligible: Sequence[bool] | None = None) -> dict[int, GreedyStep]:
    """Greedy, step by step: a :class:`GreedyStep` for every project index not in ``initial``,
    in the order greedy considers them (selected ones in selection order)."""
    taken = set(initial)
    left = budget - sum((costs[j] for j in initial), Fraction(0))
    steps: dict[int, GreedyStep] = {}
    for position, j in enumerate(greedy_order(ids, costs, votes, utility), start=1):
        if j in taken:
            continue
        if eligible is not None and not eligible[j]:
            steps[j] = GreedyStep(position, "below_threshold", left)
        elif costs[j] <= left:
            steps[j] = GreedyStep(position, "selected", left)
            left -= costs[j]
        else:
            steps[j] = GreedyStep(position, "no_fit", left)
    return steps


def greedy(ids: Sequence[str], costs: Sequence[Fraction], votes: Sequence[int],
           budget: Fraction, utility: str = "cost", initial: Sequence[int] = (),
           eligible: Sequence[bool] | None = None) -> list[int]:
    """Selected project indices, in selection order.

    ``initial`` projects are already funded (e.g. MES's outcome, for a completion): they are
    kept and greedy spends what is left of the budget. ``eligible`` leaves projects out.
    """
    steps = greedy_steps(ids, costs, votes, budget, utility, initial, eligible)
    return [*initial, *(j for j, step in steps.items() if step.outcome == "selected")]
