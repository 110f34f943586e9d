"""What pabutools 1.2.3's MES analytics say about an election, as plain JSON-ready data.

Used by the explanation tests (live, on files where pabutools is quick) and by
``bench/explain.py``, which records the same data for the slow files into
``tests/tally/data/pabutools_explanations.json``.

pabutools 1.2.3's ``calculate_project_loss`` stops with an ``AttributeError`` on the last
iteration of every MES run whose last iteration selects nothing (it reads the selected project,
``None`` there), and so loses everything it computed. Here each ``ProjectLoss`` is collected as
pabutools makes it, so the iterations it does handle can be compared; ``project_loss_complete``
says whether it finished.

Within an iteration pabutools goes through the projects sorted by their last known ``rho``,
and projects with equal values come in the order of a Python set, which follows string hashes
and so changes from one process to the next: where an unaffordable project ties with the one
that ends the scan, pabutools reports it a round earlier or later from one run to the next.
:func:`ties_by_id` makes that order the projects' ids (one of the orders pabutools may take,
and the one ``app.tally`` uses), so that pabutools' report is the same in every run.
"""

from __future__ import annotations

import builtins
import time
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any

import pabutools.analysis.mesanalytics as mesanalytics
import pabutools.rules.mes.mes_rule as mes_rule
from pabutools.election import Cardinality_Sat, Cost_Sat
from pabutools.election.pabulib import parse_pabulib, parse_pabulib_from_string
from pabutools.fractions import frac
from pabutools.rules import exhaustion_by_budget_increase, method_of_equal_shares

SAT = {"cost": Cost_Sat, "cardinality": Cardinality_Sat}


def exact(value: Any) -> str:
    """An exact number (int, gmpy2 mpq or Fraction) as Fraction text: ``"3/4"``, ``"5"``."""
    return str(Fraction(int(value.numerator), int(value.denominator)))


@contextmanager
def ties_by_id() -> Iterator[None]:
    """pabutools' MES sorts projects with equal ``rho`` by id instead of by set order."""

    def sorted_by_id(iterable: Any, key: Any = None, reverse: bool = False) -> list[Any]:
        by_id = builtins.sorted(iterable, key=lambda p: p.name)
        return builtins.sorted(by_id, key=key, reverse=reverse)  # stable: ties keep id order

    mes_rule.sorted = sorted_by_id  # the module's global name, ahead of the builtin
    try:
        yield
    finally:
        del mes_rule.sorted


@contextmanager
def collected_losses() -> Iterator[list[Any]]:
    made: list[Any] = []
    original = mesanalytics._create_project_loss

    def collect(*args: Any, **kwargs: Any) -> Any:
        loss = original(*args, **kwargs)
        made.append(loss)
        return loss

    mesanalytics._create_project_loss = collect
    try:
        yield made
    finally:
        mesanalytics._create_project_loss = original


def pabutools_explanations(source: str, utility: str, completion: str = "none",
                           final_budget: Fraction | None = None,
                           effective_supports: bool = True) -> dict[str, Any]:
    """pabutools' view of the MES run behind an outcome.

    ``source``: a path or the text of a .pb file. ``completion`` ``add1`` finds the budget of
    the run with pabutools' Add1 (``exhaustion_by_budget_increase``, one currency unit per
    voter a step) unless ``final_budget`` gives it. Returns the budget of the run
    (``mes_budget``), its selection, ``project_loss`` as ``[project, supporters' budget,
    {earlier project: money}]`` in pabutools' order, and ``effective_supports``
    (``calculate_effective_supports`` with ``final_budget=mes_budget``), with times.
    """
    if "\n" in source:
        instance, profile = parse_pabulib_from_string(source)
    else:
        instance, profile = parse_pabulib(source)
    sat = SAT[utility]
    seconds: dict[str, float] = {}
    if final_budget is None and completion == "add1":
        t0 = time.perf_counter()
        alloc = exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, {"sat_class": sat, "analytics": True},
            budget_step=profile.num_ballots())
        seconds["add1"] = time.perf_counter() - t0
        final_budget = Fraction(exact(alloc.details.get_final_budget()))
    if final_budget is not None:
        instance.budget_limit = frac(final_budget.numerator, final_budget.denominator)
    mes_budget = exact(instance.budget_limit)
    t0 = time.perf_counter()
    with ties_by_id():
        alloc = method_of_equal_shares(instance, profile, sat_class=sat, analytics=True)
    seconds["mes"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    complete = True
    with collected_losses() as losses:
        try:
            mesanalytics.calculate_project_loss(alloc.details)
        except AttributeError:
            complete = False
    seconds["project_loss"] = time.perf_counter() - t0
    result: dict[str, Any] = {
        "utility": utility,
        "mes_budget": mes_budget,
        "selected": [p.name for p in alloc],
        "project_loss": [[loss.name, exact(loss.supporters_budget),
                          {q.name: exact(v) for q, v in loss.budget_lost.items()}]
                         for loss in losses],
        "project_loss_complete": complete,
    }
    if effective_supports:
        t0 = time.perf_counter()
        eff = mesanalytics.calculate_effective_supports(
            instance, profile, alloc, {"sat_class": sat}, instance.budget_limit)
        seconds["effective_supports"] = time.perf_counter() - t0
        result["effective_supports"] = {p.name: int(v) for p, v in eff.items()}
    result["seconds"] = seconds
    return result
