"""The money of the voters during one run of the Method of Equal Shares, kept exactly.

Voters with the same money form a *class*; each voter stores only its class number (numpy
int32) and each class its money as an integer over a common denominator ``scale`` (numpy object
arrays of Python integers). Classes are kept sorted by money, so one ``bincount`` over a
project's supporters yields their classes in the order the payment computation needs: the
poorest supporters pay all they have, the others equal amounts.

With *bounds* (for Add1, see :mod:`app.tally.mes_bounds`) each voter's share is
``base + step * x`` for steps ``x`` from ``k`` to ``horizon``, and each class also carries
``alpha + beta * x``: an upper bound of its money at step ``x`` (over ``scale``), exact at
``x = k``, valid while the same projects win the same rounds. ``value`` is the money at ``k``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from fractions import Fraction
from math import gcd

import numpy as np


@dataclass(slots=True)
class Payment:
    """How the supporters of a project would pay its cost now: those in classes
    ``ranks[:split]`` pay all they have, the ``rich`` others ``num / rich`` each (over the
    ledger's ``scale``). With bounds, ``(a + b * x) / rich`` never exceeds a rich supporter's
    payment at step ``x`` and equals it at ``k``."""

    num: int
    rich: int
    split: int
    ranks: np.ndarray
    counts: list[int]
    a: int
    b: int


class Ledger:
    """Voter classes and their exact money (see the module docstring)."""

    def __init__(self, n: int, base: int, step: int = 0, k: int = 0,
                 horizon: int | None = None) -> None:
        cap = 64
        self.cls = np.ones(n, dtype=np.int32)  # class 1: everybody; class 0: no money left
        self.value = np.zeros(cap, dtype=object)
        self.value[1] = base + step * k
        self.alpha = self.beta = None  # bounds: alpha + beta * x
        if horizon is not None:
            self.alpha = np.zeros(cap, dtype=object)
            self.beta = np.zeros(cap, dtype=object)
            self.alpha[1], self.beta[1] = base, step
        self.k, self.horizon = k, horizon
        self.size = np.zeros(cap, dtype=np.int64)
        self.size[1] = n
        self.nclass = 2
        self.scale = 1
        self.order = np.array([0, 1], dtype=np.int64)  # live classes by increasing money
        self.rank = np.zeros(cap, dtype=np.int64)
        self.rank[1] = 1
        self._by_rank: list[int] | None = None

    # ------------------------------------------------------------------ queries

    def _classes(self, sup: np.ndarray) -> tuple[np.ndarray, list[int]]:
        """Ranks of the classes of ``sup`` (increasing money) and how many are in each."""
        counts = np.bincount(self.rank[self.cls[sup]], minlength=len(self.order))
        ranks = np.flatnonzero(counts)
        return ranks, counts[ranks].tolist()

    def ranked_values(self) -> list[int]:
        """The money of each live class (over ``scale``), by rank (increasing money)."""
        if self._by_rank is None:
            self._by_rank = self.value[self.order].tolist()
        return self._by_rank

    def money(self, sup: np.ndarray, cap: Fraction | None = None) -> tuple[Fraction, Fraction]:
        """What the voters ``sup`` have together (unscaled), and the same with each counting for
        at most ``cap`` (no cap if ``None``)."""
        ranks, cnt = self._classes(sup)
        values = self.ranked_values()
        ranked = [values[r] for r in ranks.tolist()]
        full = len(ranked)
        if cap is not None:  # classes are in increasing money: the capped ones come last
            full = bisect_left(ranked, cap * self.scale)
        below = sum(v * c for v, c in zip(ranked[:full], cnt[:full], strict=True))
        above = sum(v * c for v, c in zip(ranked[full:], cnt[full:], strict=True))
        total = Fraction(below + above, self.scale)
        if cap is None or full == len(ranked):
            return total, total
        return total, Fraction(below, self.scale) + cap * sum(cnt[full:])

    def copy(self) -> Ledger:
        """An independent ledger with the same money (without bounds)."""
        assert self.alpha is None
        other = Ledger.__new__(Ledger)
        other.cls = self.cls.copy()
        other.value = self.value.copy()
        other.alpha = other.beta = None
        other.k, other.horizon = self.k, self.horizon
        other.size = self.size.copy()
        other.nclass = self.nclass
        other.scale = self.scale
        other.order = self.order.copy()
        other.rank = self.rank.copy()
        other._by_rank = self._by_rank
        return other

    def scan(self, sup: np.ndarray, cost: int) -> Payment | None:
        """How ``sup`` would pay ``cost`` (unscaled); ``None`` if their money is not enough."""
        ranks, cnt = self._classes(sup)
        by_rank = self.ranked_values()
        target = cost * self.scale
        left = target  # what the supporters not yet seen still have to pay
        rich = len(sup)
        for t, r in enumerate(ranks.tolist()):
            m = by_rank[r]
            if left <= m * rich:  # all from here on can pay left / rich each
                a, b = left, 0
                if self.alpha is not None:
                    a, b = self._left(target, ranks[:t], cnt[:t])
                return Payment(left, rich, t, ranks, cnt, a, b)
            left -= m * cnt[t]
            rich -= cnt[t]
        return None

    def _left(self, target: int, ranks: np.ndarray, cnt: list[int]) -> tuple[int, int]:
        """``target`` minus the bounds of the given classes' money: ``a + b * x``."""
        assert self.alpha is not None and self.beta is not None
        classes = self.order[ranks].tolist()
        a = target - sum(self.alpha[c] * n for c, n in zip(classes, cnt, strict=True))
        b = -sum(self.beta[c] * n for c, n in zip(classes, cnt, strict=True))
        return a, b

    def shortfall(self, sup: np.ndarray, cost: int) -> tuple[int, int, int, int, int]:
        """Bounds for a project ``sup`` cannot afford now: ``cost`` minus their money is at
        least ``a + b * x`` (over ``scale``), and should it become affordable a supporter pays
        at least ``(a2 + b2 * x) / e2`` (all but the richest class paying all they have)."""
        ranks, cnt = self._classes(sup)
        target = cost * self.scale
        a2, b2 = self._left(target, ranks[:-1], cnt[:-1])
        top = self.order[ranks[-1]]
        assert self.alpha is not None and self.beta is not None
        a, b = a2 - self.alpha[top] * cnt[-1], b2 - self.beta[top] * cnt[-1]
        return a, b, a2, b2, cnt[-1] * self.scale

    def bound_payment(self, sup: np.ndarray, cost: int, x: int) -> tuple[int, int] | None:
        """``(left, rich)``: with every class holding its money bound at step ``x``, the rich
        supporters would each pay ``left / rich`` (over ``scale``), at most what they pay with
        the true money; ``None`` if even the bounds do not reach ``cost``."""
        assert self.alpha is not None and self.beta is not None
        counts = np.bincount(self.cls[sup], minlength=self.nclass)
        classes = np.flatnonzero(counts)
        money = self.alpha[classes] + self.beta[classes] * x
        by = np.argsort(money, kind="stable")
        left, rich = cost * self.scale, len(sup)
        for m, c in zip(money[by].tolist(), counts[classes[by]].tolist(), strict=True):
            if left <= m * rich:
                return left, rich
            left -= m * c
            rich -= c
        return None

    # ------------------------------------------------------------------ updates

    def pay(self, sup: np.ndarray, p: Payment) -> None:
        """Supporters ``sup`` pay as ``p`` says: the poor ones all they have, the rich ones
        ``p.num / p.rich`` each.

        Bounds: ``(p.a + p.b * x) / p.rich`` is at most the true payment, so a rich class's
        new bound is its bound minus that (still exact at ``k``, never below 0 up to the
        horizon). A poor class has nothing left at ``k``; at step ``x`` it keeps at most
        ``max(0, bound - payment bound)``, which lies below its chord from ``k`` to the
        horizon: the new bound.
        """
        g = gcd(p.num, p.rich) if self.alpha is None else gcd(p.a, p.b, p.rich)
        mult = p.rich // g
        nclass = self.nclass
        if mult != 1:
            self.scale *= mult
            self.value[:nclass] *= mult
        q = p.num // g  # a rich supporter's payment at k, over the new scale
        payers = self.order[p.ranks]
        cnt = np.array(p.counts, dtype=np.int64)
        poor = slice(0, p.split)
        new_value = self.value[payers] - q
        new_value[poor] = 0
        new_alpha = new_beta = None
        if self.alpha is None or self.beta is None:
            zero = np.asarray(new_value == 0, dtype=bool)
        else:
            if mult != 1:
                self.alpha[:nclass] *= mult
                self.beta[:nclass] *= mult
            new_alpha = self.alpha[payers] - p.a // g
            new_beta = self.beta[payers] - p.b // g
            if p.split:
                assert self.horizon is not None
                end = new_alpha[poor] + new_beta[poor] * self.horizon
                slope = -((-np.maximum(end, 0)) // (self.horizon - self.k))
                new_beta[poor] = slope
                new_alpha[poor] = -slope * self.k
            zero = (np.asarray(new_beta == 0, dtype=bool)
                    & np.asarray(new_alpha == 0, dtype=bool)) | (payers == 0)
        self._move(sup, payers, cnt, zero, new_value, new_alpha, new_beta)

    def _move(self, sup: np.ndarray, payers: np.ndarray, cnt: np.ndarray, zero: np.ndarray,
              value: np.ndarray, alpha: np.ndarray | None, beta: np.ndarray | None) -> None:
        """Give the paying part of each class in ``payers`` its new money: the class itself
        if all its voters paid, a new class otherwise, class 0 if nothing is left."""
        nclass, size = self.nclass, self.size
        remap = np.arange(nclass, dtype=np.int32)
        if zero.any():
            z = payers[zero]
            remap[z] = 0
            size[z] -= cnt[zero]
            size[0] += int(cnt[zero].sum())
        full = cnt == size[payers]
        in_place = full & ~zero
        part = ~full & ~zero
        moved = payers.copy()
        n_part = int(part.sum())
        if n_part:
            self._grow(nclass + n_part)
            size = self.size
            new_ids = np.arange(nclass, nclass + n_part, dtype=np.int64)
            src = payers[part]
            self._set(new_ids, part, value, alpha, beta)
            size[new_ids] = cnt[part]
            size[src] -= cnt[part]
            remap[src] = new_ids
            moved[part] = new_ids
            self.nclass = nclass + n_part
        changed = np.zeros(nclass, dtype=bool)
        if in_place.any():
            self._set(payers[in_place], in_place, value, alpha, beta)
            changed[payers[in_place]] = True
        moved = moved[~zero]
        self.cls[sup] = remap[self.cls[sup]]
        # Unchanged classes keep their order; the moved ones now have nothing (the poor) or
        # all lost the same amount (the rich), so they keep their mutual order: merge.
        order = self.order
        live = order[(size[order] > 0) | (order == 0)]
        live = live[~changed[live]]
        pos = np.searchsorted(self.value[live], self.value[moved], side="left")
        self.order = np.insert(live, pos, moved)
        self.rank[self.order] = np.arange(len(self.order))
        self._by_rank = None

    def _set(self, ids: np.ndarray, mask: np.ndarray, value: np.ndarray,
             alpha: np.ndarray | None, beta: np.ndarray | None) -> None:
        self.value[ids] = value[mask]
        if self.alpha is not None and alpha is not None and beta is not None:
            self.alpha[ids] = alpha[mask]
            self.beta[ids] = beta[mask]  # type: ignore[index]

    def _grow(self, need: int) -> None:
        cap = len(self.value)
        if need <= cap:
            return
        new = max(need, 2 * cap)

        def grown(a: np.ndarray) -> np.ndarray:
            b = np.zeros(new, dtype=a.dtype)
            b[:cap] = a
            return b

        self.value = grown(self.value)
        if self.alpha is not None and self.beta is not None:
            self.alpha, self.beta = grown(self.alpha), grown(self.beta)
        self.size = grown(self.size)
        self.rank = grown(self.rank)
