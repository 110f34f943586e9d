"""MES runs that record what pabutools 1.2.3's analytics (``pabutools.analysis.mesanalytics``)
report about them, exactly.

pabutools runs MES in *iterations*, one a round, each selecting one project, and a last one that
selects nothing. In an iteration it goes through the remaining projects in increasing order of
their last known ``rho`` (a lower bound of the current one, as ``rho`` only grows): a project
found unaffordable (its supporters have less money than its cost) is discarded for good; it
stops at the first affordable one whose known ``rho`` exceeds the best found (which is then the
winner's), and the affordable ones before it get their current ``rho`` as their known one. In
the last iteration it goes through all of them. pabutools orders projects with equal known
``rho`` as a Python set happens to hold them (by string hash, which changes from one process to
the next); here they go by id, so where an unaffordable project ties with the one that stops
the scan, pabutools may discard it a round later or earlier than here, from one run to the next.

``calculate_project_loss`` reports each project once: a selected one with its supporters' money
at the start of the round that selected it, a discarded one with their money after that round's
winner paid; and in both cases how much of their money went to each project selected before
(the round's winner included for a discarded one). :class:`TracedRun` records the same.

``calculate_effective_support`` of a project ``p`` runs MES without ``p`` and takes, over the
rounds, the largest "cover": after round ``t``'s winner (``rho_t``) has paid,
``sum(min(money_i, rho_t * u_i(p)))`` over ``p``'s supporters, and in the last round their money.
The percent is ``int(100 * cover / cost)``, at least 100 for a project the outcome selected.
Without a project that MES does not select, MES runs exactly as with it, so one traced run gives
the covers of all those; :class:`CoverRun` runs MES without one selected project.

All amounts here are in the engine's money unit (see :class:`~app.tally.counting.MesSetup`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from app.tally.mes import Entry, MesEngine, Run
from app.tally.mes_ledger import Ledger, Payment


@dataclass
class Considered:
    """One project as pabutools' ``calculate_project_loss`` reports it.

    ``round`` (1-based) is the iteration that selected or discarded it; ``money`` its
    supporters' money then; ``spent`` what they had paid for each earlier selected project
    (index -> amount, in selection order; a project they supported but paid nothing for is
    listed with 0, as in pabutools).
    """

    round: int
    selected: bool
    money: Fraction
    spent: dict[int, Fraction] = field(default_factory=dict)


@dataclass
class Snapshot:
    """A run's state in the middle of a round, once the winner is known (and out of the
    heap) and before its supporters pay: where a run without the winner picks up."""

    ledger: Ledger
    heap: list[Entry]
    version: list[int]
    selected: list[int]


class CoverRun(Run):
    """MES without project ``skip``, keeping its largest cover (see the module); from
    ``start``, the state of a run with ``skip`` in the round that selected it (the rounds before
    are the same without it). It stops once the cover can grow no more: a cover is at most
    what the supporters have, which only shrinks."""

    def __init__(self, eng: MesEngine, share: int, skip: int,
                 start: Snapshot | None = None) -> None:
        super().__init__(eng, Ledger(eng.n, share), share)
        if start is None:  # the heap is a sorted list: without one entry it still is
            self.heap = [x for x in self.heap if x[2] != skip]
        else:
            self.ledger, self.heap = start.ledger.copy(), list(start.heap)
            self.version, self.selected = list(start.version), list(start.selected)
        self.skip = skip
        self.rho = Fraction(0)
        self.cover = Fraction(0)

    def finish(self, stop_above: int | None = None) -> list[int]:
        while self.round():
            pass
        return self.selected

    def decided(self, best: Entry) -> None:
        self.rho = best[0]

    def round(self) -> bool:
        selected = super().round()
        j = self.skip
        money, cover = self.ledger.money(self.e.sup[j],
                                         self.rho * self.e.weights[j] if selected else None)
        self.cover = max(self.cover, cover)
        return selected and self.cover < money


class TracedRun(Run):
    """MES recording what pabutools' analytics report (see the module): ``considered`` for
    every project MES takes part in, ``covers`` for those it does not select and a
    :class:`Snapshot` for those it does (``snapshots``)."""

    def __init__(self, eng: MesEngine, share: int) -> None:
        super().__init__(eng, Ledger(eng.n, share), share)
        self.round_no = 0
        self.rho = Fraction(0)
        # Last known rho of each project still in the running, as pabutools keeps it.
        self.known: dict[int, Fraction] = {x[2]: x[0] for x in eng.initial}
        self.remaining = set(eng.active)
        self.spent: dict[int, dict[int, Fraction]] = {j: {} for j in eng.active}
        self.considered: dict[int, Considered] = {}
        self.snapshots: dict[int, Snapshot] = {}
        self.covers: dict[int, Fraction] = dict.fromkeys(eng.active, Fraction(0))
        self.open_covers = set(eng.active)  # covers that may still grow
        self.discarded: list[int] = []  # in this round, reported once the winner has paid

    def decided(self, best: Entry) -> None:
        e, ledger = self.e, self.ledger
        rho, j = best[0], best[2]
        self.rho = rho
        self.round_no += 1
        self.snapshots[j] = Snapshot(ledger.copy(), list(self.heap), list(self.version),
                                     list(self.selected))
        self.considered[j] = Considered(self.round_no, True, ledger.money(e.sup[j])[0],
                                        self.spent.pop(j))
        self.remaining.discard(j)
        self.open_covers.discard(j)
        for p in sorted(self.remaining, key=lambda p: (self.known[p], e.ids[p])):
            pay = ledger.scan(e.sup[p], e.costs[p])
            if pay is None:
                self.discarded.append(p)
                self.remaining.discard(p)
            elif self.known[p] > rho:
                break
            else:
                self.known[p] = Fraction(pay.num, pay.rich * ledger.scale * e.weights[p])
        pay = ledger.scan(e.sup[j], e.costs[j])
        assert pay is not None
        self._record_payments(j, pay)

    def _record_payments(self, j: int, pay: Payment) -> None:
        """Add what the supporters of ``j`` are about to pay to the ``spent`` of every project
        not reported yet, for its supporters among them."""
        e, ledger = self.e, self.ledger
        payer = np.zeros(e.n, dtype=bool)
        payer[e.sup[j]] = True
        values = ledger.ranked_values()
        poor_ranks = pay.ranks[:pay.split].tolist()
        # A supporter of j is poor (pays all it has) if its class ranks below the rich ones.
        rich_from = int(pay.ranks[pay.split]) if pay.split < len(pay.ranks) else len(values)
        for p in [*self.remaining, *self.discarded]:
            both = e.sup[p][payer[e.sup[p]]]
            if len(both) == 0:
                continue
            ranks = ledger.rank[ledger.cls[both]]
            poor = ranks < rich_from
            n_rich = len(both) - int(poor.sum())
            poor_money = 0
            if poor_ranks and n_rich < len(both):
                counts = np.bincount(ranks[poor], minlength=rich_from)
                poor_money = sum(values[r] * int(counts[r]) for r in poor_ranks)
            self.spent[p][j] = Fraction(poor_money * pay.rich + n_rich * pay.num,
                                        pay.rich * ledger.scale)

    def round(self) -> bool:
        selected = super().round()
        e, ledger = self.e, self.ledger
        if not selected:  # the last iteration: every remaining project is discarded
            self.round_no += 1
            self.discarded.extend(sorted(self.remaining))
            self.remaining.clear()
        for p in self.discarded:
            self.considered[p] = Considered(self.round_no, False, ledger.money(e.sup[p])[0],
                                            self.spent.pop(p))
        self.discarded.clear()
        for p in list(self.open_covers):
            money, cover = ledger.money(e.sup[p], self.rho * e.weights[p] if selected else None)
            self.covers[p] = max(self.covers[p], cover)
            if self.covers[p] >= money:
                self.open_covers.discard(p)
        return selected


def effective_support(eng: MesEngine, j: int, traced: TracedRun) -> Fraction:
    """The largest cover of project ``j`` over its cost (see the module), given the traced run
    (which has ``j``'s cover if it did not select ``j``)."""
    start = traced.snapshots.get(j)
    if start is None:
        return traced.covers[j] / eng.costs[j]
    run = CoverRun(eng, 0, j, start)
    run.finish()
    return run.cover / eng.costs[j]
