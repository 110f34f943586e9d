"""The money of the voters during one run of the Method of Equal Shares, kept exactly.

Voters with the same money form a *class*; each voter stores only its class number (numpy
int32) and each class its money as an integer over a common denominator ``scale`` (a numpy
object array of Python integers). Classes are kept sorted by money, so one ``bincount`` over a
project's supporters yields their classes in the order the payment computation needs: the
poorest supporters pay all they have, the others equal amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

import numpy as np


@dataclass(slots=True)
class Payment:
    """How the supporters of a project would pay its cost now: those in classes
    ``ranks[:split]`` pay all they have, the ``rich`` others ``num / rich`` each (over the
    ledger's ``scale``)."""

    num: int
    rich: int
    split: int
    ranks: np.ndarray
    counts: list[int]


class Ledger:
    """Voter classes and their exact money (see the module docstring)."""

    def __init__(self, n: int, share: int) -> None:
        cap = 64
        self.cls = np.ones(n, dtype=np.int32)  # class 1: everybody; class 0: no money left
        self.money = np.zeros(cap, dtype=object)
        self.money[1] = share
        self.size = np.zeros(cap, dtype=np.int64)
        self.size[1] = n
        self.nclass = 2
        self.scale = 1
        self.order = np.array([0, 1], dtype=np.int64)  # live classes by increasing money
        self.rank = np.zeros(cap, dtype=np.int64)
        self.rank[1] = 1
        self._by_rank: list[int] | None = None

    def scan(self, sup: np.ndarray, cost: int) -> Payment | None:
        """How ``sup`` would pay ``cost`` (unscaled); ``None`` if their money is not enough."""
        counts = np.bincount(self.rank[self.cls[sup]], minlength=len(self.order))
        ranks = np.flatnonzero(counts)
        cnt = counts[ranks].tolist()
        if self._by_rank is None:
            self._by_rank = self.money[self.order].tolist()
        by_rank = self._by_rank
        left = cost * self.scale  # what is still to be paid by the supporters not yet seen
        rich = len(sup)
        for t, r in enumerate(ranks.tolist()):
            m = by_rank[r]
            if left <= m * rich:  # all from here on can pay left / rich each
                return Payment(left, rich, t, ranks, cnt)
            left -= m * cnt[t]
            rich -= cnt[t]
        return None

    def pay(self, sup: np.ndarray, p: Payment) -> None:
        """Supporters ``sup`` pay as ``p`` says."""
        g = gcd(p.num, p.rich)
        mult = p.rich // g
        q = p.num // g  # a rich supporter's payment, over the new scale
        nclass = self.nclass
        if mult != 1:
            self.scale *= mult
            self.money[:nclass] *= mult
        order, size, money = self.order, self.size, self.money
        cnt = np.array(p.counts, dtype=np.int64)
        remap = np.arange(nclass, dtype=np.int32)
        poor = order[p.ranks[: p.split]]
        remap[poor] = 0
        size[poor] -= cnt[: p.split]
        size[0] += int(cnt[: p.split].sum())
        rich_ids = order[p.ranks[p.split:]]
        rich_cnt = cnt[p.split:]
        new_money = money[rich_ids] - q
        zero = np.asarray(new_money == 0, dtype=bool)
        if zero.any():
            z = rich_ids[zero]
            remap[z] = 0
            size[z] -= rich_cnt[zero]
            size[0] += int(rich_cnt[zero].sum())
        full = rich_cnt == size[rich_ids]
        in_place = full & ~zero
        part = ~full & ~zero
        moved = rich_ids.copy()
        n_part = int(part.sum())
        if n_part:
            self._grow(nclass + n_part)
            size, money = self.size, self.money
            new_ids = np.arange(nclass, nclass + n_part, dtype=np.int64)
            src = rich_ids[part]
            money[new_ids] = new_money[part]
            size[new_ids] = rich_cnt[part]
            size[src] -= rich_cnt[part]
            remap[src] = new_ids
            moved[part] = new_ids
            self.nclass = nclass + n_part
        changed = np.zeros(nclass, dtype=bool)
        if in_place.any():
            money[rich_ids[in_place]] = new_money[in_place]
            changed[rich_ids[in_place]] = True
        moved = moved[~zero]
        self.cls[sup] = remap[self.cls[sup]]
        # Unchanged classes keep their order; the moved ones all lost the same amount, so they
        # keep their mutual order too: merge the two sorted lists.
        live = order[(size[order] > 0) | (order == 0)]
        live = live[~changed[live]]
        pos = np.searchsorted(money[live], money[moved], side="left")
        self.order = np.insert(live, pos, moved)
        self.rank[self.order] = np.arange(len(self.order))
        self._by_rank = None

    def _grow(self, need: int) -> None:
        cap = len(self.money)
        if need <= cap:
            return
        new = max(need, 2 * cap)
        money = np.zeros(new, dtype=object)
        money[:cap] = self.money
        self.money = money
        self.size = np.concatenate([self.size, np.zeros(new - cap, dtype=np.int64)])
        self.rank = np.concatenate([self.rank, np.zeros(new - cap, dtype=np.int64)])
