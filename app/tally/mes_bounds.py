"""A run of MES that also proves for how many later Add1 steps its outcome stays the same.

At Add1 step ``x`` each voter's share is ``base + step * x``. :class:`BoundedRun` runs MES
exactly at step ``k`` and finds ``limit``: every step from ``k`` to ``limit - 1`` selects the
same projects in the same rounds. The proof, for a step ``x`` in ``[k, horizon]``, round by
round (the rounds before are decided as at ``k``):

* Money can only be larger at ``x`` than at ``k`` (more to start with, so each payment is
  smaller), hence this round's winner ``w`` has ``rho_w(x) <= rho_w(k)``.
* The ledger keeps, per voter class, an affine upper bound of its money at ``x``, exact at
  ``k`` (see :mod:`app.tally.mes_ledger`). For any split of a project's supporters into those
  paying all they have and the others, ``(cost - money of the first) / number of the others``
  is at most the true payment; with the money bounded above this gives an affine lower bound
  of each other project's ``rho`` at ``x``, and ``rho`` only grows over the rounds.
* A project that is unaffordable at ``k`` stays so while the bound of its supporters' money
  stays below its cost, or at least cannot win while its lower bound stays above ``rho_w(k)``.

Every other project thus keeps losing to ``w`` (ties to the smaller id) until the first step at
which one of these bounds fails; ``limit`` is the smallest such step. All bounds are exact
integer or rational expressions; a bound that would end the range early is first recomputed
from the current money, which can only make it tighter.
"""

from __future__ import annotations

import heapq
from fractions import Fraction

from app.tally.mes import Entry, MesEngine, Run
from app.tally.mes_ledger import Ledger


def first_k(a: int, b: int) -> int | None:
    """Smallest integer ``x`` with ``a + b * x <= 0`` if ``b < 0``, else ``None``."""
    return -((-a) // (-b)) if b < 0 else None


def first_k_from(a: int, b: int, k: int, strict: bool = False) -> int | None:
    """Smallest integer ``x >= k`` with ``a + b * x <= 0`` (``< 0`` if ``strict``), or
    ``None`` if there is none."""
    now = a + b * k
    if now < 0 or (now == 0 and not strict):
        return k
    if b >= 0:
        return None
    return a // -b + 1 if strict else -((-a) // (-b))


class BoundedRun(Run):
    """MES at step ``k`` (share ``base + step * k``) with ``limit`` (see the module)."""

    def __init__(self, eng: MesEngine, base: int, step: int, k: int, horizon: int) -> None:
        share = base + step * k
        super().__init__(eng, Ledger(eng.n, base, step, k, horizon), share)
        self.k = k
        self.limit = horizon + 1
        # Unaffordable projects: [index, first step at which they may be affordable, an entry
        # whose (a, b, e) bound their rho from below, whether both come from the money now].
        self.out: list[list] = []
        for x in eng.initial:
            j = x[2]
            c, s = eng.costs[j], eng.nsup[j]
            if c > s * share:  # unaffordable until s * (base + step * x) >= c
                self.out.append([j, first_k(c - s * base, -s * step), x, False])

    def _until(self, k: int | None) -> None:
        if k is not None and k < self.limit:
            self.limit = k

    def finish(self, stop_above: int | None = None) -> list[int]:
        super().finish(stop_above)
        if stop_above is None or sum(self.e.costs[j] for j in self.selected) <= stop_above:
            for d in self.out:  # one that becomes affordable now would be selected next
                self._until(first_k(*self._refresh(d)))
        return self.selected

    def dropped(self, j: int, last: Entry) -> None:
        self.out.append([j, None, last, False])

    def _refresh(self, d: list) -> tuple[int, int]:
        """Bounds of an unaffordable project from the money now (tighter than older ones)."""
        j = d[0]
        a, b, a2, b2, e2 = self.ledger.shortfall(self.e.sup[j], self.e.costs[j])
        e2 *= self.e.weights[j]
        d[1] = first_k(a, b)
        d[2] = (Fraction(a2 + b2 * self.k, e2), self.e.ids[j], j, -1, a2, b2, e2)
        d[3] = True
        return a, b

    def decided(self, best: Entry) -> None:
        """Narrow ``limit`` so that every other project keeps losing to ``best``."""
        num, den = best[0].numerator, best[0].denominator
        winner = best[1]

        def beats_from(a: int, b: int, e: int, pid: str) -> int | None:
            # First step at which (a + b x) / e <= rho of the winner; equal loses if the id
            # is larger.
            return first_k_from(a * den - num * e, b * den, self.k, pid > winner)

        def beats_at(j: int, pid: str, x: int) -> bool:
            # With every class's money at its bound for step x, could j beat the winner?
            found = self.ledger.bound_payment(self.e.sup[j], self.e.costs[j], x)
            if found is None:
                return False
            lhs = found[0] * den
            rhs = num * found[1] * self.ledger.scale * self.e.weights[j]
            return lhs < rhs or (lhs == rhs and pid < winner)

        def first_beat(j: int, pid: str, when: int) -> int | None:
            # Money bounds only grow with x, so from some step on j may beat the winner: the
            # first such step in (when, limit), found by bisection; when <= k never happens.
            lo, hi = max(when, self.k + 1), self.limit - 1
            if lo > hi or not beats_at(j, pid, hi):
                return None
            while lo < hi:
                mid = (lo + hi) // 2
                if beats_at(j, pid, mid):
                    hi = mid
                else:
                    lo = mid + 1
            return lo

        keep: list[Entry] = []
        for item in self.heap:
            _, pid, j, ver, a, b, e = item
            when = beats_from(a, b, e, pid)
            if when is not None and when < self.limit and ver != self.version[j]:
                p = self.ledger.scan(self.e.sup[j], self.e.costs[j])
                if p is None:  # unaffordable now: checked below with the others
                    self.out.append([j, None, item, False])
                    continue
                item = self.entry(j, p)
                _, _, _, _, a, b, e = item
                when = beats_from(a, b, e, pid)
            keep.append(item)
            if when is not None and when < self.limit:
                when = first_beat(j, pid, when)
            self._until(when)
        if len(keep) != len(self.heap) or keep != self.heap:
            heapq.heapify(keep)
            self.heap = keep
        for d in self.out:  # an unaffordable project must also become affordable again
            _, afford, (_, pid, _, _, a, b, e), fresh = d
            when = beats_from(a, b, e, pid)
            if when is None or (afford is None and fresh):
                continue
            if max(when, when if afford is None else afford) >= self.limit:
                continue
            if not fresh:
                self._refresh(d)
                _, afford, (_, _, _, _, a, b, e), _ = d
                when = beats_from(a, b, e, pid)
            if afford is not None and when is not None:
                self._until(first_beat(d[0], pid, max(afford, when)))
