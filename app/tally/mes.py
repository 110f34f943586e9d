"""Method of Equal Shares (MES) with exact arithmetic, equal to pabutools 1.2.3's outcomes.

Every voter starts with an equal share of the money. In each round, for each project ``p``
its supporters can still afford, find the smallest ``rho`` such that they pay its cost when
each supporter pays ``min(money, rho * u_p)``; ``u_p`` is a supporter's utility (the cost with
cost utilities, 1 with cardinality utilities). The project with the smallest ``rho`` wins
(ties: smaller id as a string), its supporters pay, and the next round starts. MES stops when
no project is affordable.

A project's ``rho`` only grows from round to round (money only decreases), so a heap of last
known values holds lower bounds: only projects that could still win are recomputed, a project
none of whose supporters paid since its last computation keeps its exact value, and a project
found unaffordable is dropped for good.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from app.tally.mes_ledger import Ledger, Payment

# A heap entry: (rho, id, project, version, a, b, e). rho is exact if the version is the
# project's current one and a lower bound otherwise; (a + b * x) / e bounds rho from below at
# every step x of a bounded run (see mes_bounds).
Entry = tuple[Fraction, str, int, int, int, int, int]


class MesEngine:
    """MES over approval-derived utilities, prepared once and run for any share.

    ``costs`` and every share are integers in one money unit; ``weights`` is each project's
    utility for a supporter (its cost, or 1). Projects with cost 0 or no supporters are never
    selected here.
    """

    def __init__(self, supporters: Sequence[np.ndarray], costs: Sequence[int],
                 weights: Sequence[int], ids: Sequence[str], n_voters: int) -> None:
        self.sup = [np.asarray(s, dtype=np.int32) for s in supporters]
        self.costs = [int(c) for c in costs]
        self.weights = [int(w) for w in weights]
        self.ids = list(ids)
        self.n = n_voters
        self.nsup = [len(s) for s in self.sup]
        m = len(self.sup)
        self.active = [j for j in range(m) if self.costs[j] > 0 and self.nsup[j] > 0]
        # Round one: everybody has the same money, so rho = cost / (supporters * utility).
        self.initial: list[Entry] = []
        for j in self.active:
            e = self.nsup[j] * self.weights[j]
            self.initial.append((Fraction(self.costs[j], e), self.ids[j], j, 0, self.costs[j],
                                 0, e))
        self.initial.sort()
        self.neighbours = self._neighbours()

    def _neighbours(self) -> list[list[int]]:
        """For each project, the projects sharing at least one supporter with it."""
        m = len(self.sup)
        if m == 0 or self.n == 0:
            return [[] for _ in range(m)]
        words = (m + 63) // 64
        bits = np.zeros((self.n, words), dtype=np.uint64)
        for j, s in enumerate(self.sup):
            bits[s, j // 64] |= np.uint64(1 << (j % 64))
        result = []
        for s in self.sup:
            agg = np.bitwise_or.reduce(bits[s], axis=0) if len(s) else np.zeros(words, np.uint64)
            result.append([j for j in range(m) if int(agg[j // 64]) >> (j % 64) & 1])
        return result

    def run(self, share: int, stop_above: int | None = None) -> list[int]:
        """Project indices selected by MES, in order, when each voter starts with ``share``.

        With ``stop_above``, the run stops as soon as the selected projects cost more than
        that (the result then tells only that the outcome would cost more).
        """
        if share <= 0 or self.n == 0:
            return []
        return Run(self, Ledger(self.n, share), share).finish(stop_above)


class Run:
    """The rounds of one MES run."""

    def __init__(self, eng: MesEngine, ledger: Ledger, share: int) -> None:
        self.e, self.ledger = eng, ledger
        # The initial entries are sorted, so the affordable ones already form a heap.
        self.heap = [x for x in eng.initial if eng.costs[x[2]] <= eng.nsup[x[2]] * share]
        self.version = [0] * len(eng.sup)
        self.selected: list[int] = []

    def finish(self, stop_above: int | None = None) -> list[int]:
        spent = 0
        while self.round():
            spent += self.e.costs[self.selected[-1]]
            if stop_above is not None and spent > stop_above:
                break
        return self.selected

    def entry(self, j: int, p: Payment) -> Entry:
        e = p.rich * self.ledger.scale * self.e.weights[j]
        return (Fraction(p.num, e), self.e.ids[j], j, self.version[j], p.a, p.b, e)

    def dropped(self, j: int, last: Entry) -> None:
        """Called when project ``j`` turns out unaffordable (``last``: its heap entry)."""

    def decided(self, best: Entry) -> None:
        """Called when ``best`` wins this round, before its supporters pay."""

    def round(self) -> bool:
        """Select one project; ``False`` when none is affordable any more."""
        e, ledger, heap, version = self.e, self.ledger, self.heap, self.version
        best: Entry | None = None
        best_pay: Payment | None = None
        back: list[Entry] = []
        while heap:
            top = heap[0]
            if best is not None and (top[0], top[1]) >= (best[0], best[1]):
                break  # lower bounds from here on: nothing can beat the best any more
            heapq.heappop(heap)
            j = top[2]
            p = None
            if top[3] == version[j]:
                entry = top
            else:
                p = ledger.scan(e.sup[j], e.costs[j])
                if p is None:  # unaffordable now, hence for the rest of the run
                    self.dropped(j, top)
                    continue
                entry = self.entry(j, p)
            if best is None or (entry[0], entry[1]) < (best[0], best[1]):
                if best is not None:
                    back.append(best)
                best, best_pay = entry, p
            else:
                back.append(entry)
        if best is None:
            return False
        for item in back:
            heapq.heappush(heap, item)
        j = best[2]
        p = best_pay if best_pay is not None else ledger.scan(e.sup[j], e.costs[j])
        assert p is not None
        self.decided(best)
        ledger.pay(e.sup[j], p)
        self.selected.append(j)
        for other in e.neighbours[j]:
            version[other] += 1
        return True
