"""The "Add1" completion of MES: pabutools' ``exhaustion_by_budget_increase`` with a step of
one currency unit per voter.

Definition (pabutools 1.2.3): for k = 0, 1, 2, ... while ``B + k*n <= B*(n + 1)`` (that is
``k <= B``), run MES with each voter's share raised to ``B/n + k``. If the outcome costs more
than the real budget ``B``, return the previous outcome (nothing before the first); if it is
exhaustive for ``B`` (no other project fits in what is left of ``B``), return it. When the loop
ends, return the last outcome.

Steps whose outcome is provably the same as the step before have the same verdict and are
skipped: a :class:`~app.tally.mes_bounds.BoundedRun` proves how many steps its outcome lasts.
Where the outcome changes at almost every step (large elections, where one unit is a sizeable
part of a voter's share) such proofs cost more than they save, so after a bounded run that
skips fewer than two steps, plain runs follow for a while (1, 2, 4, ... up to 64 steps) before
the next try. A run stops as soon as its selection costs more than ``B``.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.tally.mes import MesEngine
from app.tally.mes_bounds import BoundedRun


def add1(engine: MesEngine, base: int, step: int, k_max: int, budget: int,
         max_ballot_cost: int, free: Sequence[int] = ()) -> tuple[list[int], int]:
    """Selected project indices (in MES's order) under Add1, and the step ``k`` of the MES run
    that pabutools returns them from (each voter's share then being ``base + step * k``).

    All amounts are integers in the engine's money unit: ``base + step * k`` is a voter's
    share at step ``k``, ``budget`` the real budget and ``max_ballot_cost`` the largest total
    cost of the selectable projects on one ballot. ``free`` projects are part of every MES
    outcome (supported projects costing 0, with cardinality utilities).
    """
    costs = engine.costs
    active = set(engine.active)
    total_active = sum(costs[j] for j in active)
    outside = [costs[j] for j in range(len(costs)) if j not in active and j not in free]
    # Shortcut 1. Every outcome is a subset of the active projects plus the free ones, so it
    # costs at most ``total_active``. If that fits in B, no outcome is ever over budget; if
    # moreover a project that MES never selects still fits next to all active projects, no
    # outcome is ever exhaustive either: the loop runs to its end and returns step k_max's.
    if total_active <= budget and any(c + total_active <= budget for c in outside):
        return [*free, *engine.run(base + step * k_max)], k_max
    previous: list[int] = []
    k, horizon, wait, backoff = 0, 1, 0, 1
    while k <= k_max:
        share = base + step * k
        bounded = wait == 0 and k < k_max
        if bounded:
            run = BoundedRun(engine, base, step, k, min(k + horizon, k_max))
            outcome = [*free, *run.finish(stop_above=budget)]
            following = run.limit
        else:
            outcome = [*free, *engine.run(share, stop_above=budget)]
            following = k + 1
            wait = max(0, wait - 1)
        spent = sum(costs[j] for j in outcome)
        if spent > budget:
            return previous, k - 1  # the steps before k all gave the previous outcome
        chosen = set(outcome)
        if all(costs[j] > budget - spent for j in range(len(costs)) if j not in chosen):
            return outcome, k
        # Shortcut 2. Once a share covers the cost of all active projects on any ballot, a
        # supporter alone can pay any of its projects in full whatever it paid before (nobody
        # pays more than a project's cost), so MES selects every active project, at this step
        # and all later ones: this outcome, neither over budget nor exhaustive, is the result
        # (of the loop's last step, k_max).
        if share >= max_ballot_cost:
            return outcome, k_max
        previous = outcome
        if bounded:
            skipped = following - k - 1
            if skipped >= 2:
                horizon = 2 * horizon if skipped >= horizon else skipped + 1
                backoff = 1
            else:
                horizon, wait, backoff = 2, backoff, min(2 * backoff, 64)
        k = following
    return previous, k_max
