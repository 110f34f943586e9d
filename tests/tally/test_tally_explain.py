"""Explanations of PB outcomes: hand-checked small cases, and equality with pabutools 1.2.3's
MES analytics (``calculate_project_loss``, ``calculate_effective_supports``) on the shared
Pabulib files: live where pabutools is quick, from the recorded fixture
(``data/pabutools_explanations.json``, made by ``bench/explain_record.py``) for the others.

pabutools 1.2.3's ``calculate_project_loss`` stops with an AttributeError on the last
iteration of every MES run (it selects nothing), so only the iterations it handles are
compared: every project selected, and every project found unaffordable before the last round.
"""

from __future__ import annotations

import json
import os
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from app.tally import (
    Election,
    Explanation,
    TallyError,
    compare,
    count,
    explain,
    read_pb,
    write_pb,
)

from .pabutools_explain import pabutools_explanations
from .test_tally_properties import SETTINGS, elections

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")
FIXTURE = Path(__file__).parent / "data" / "pabutools_explanations.json"
QUICK_FILES = ["Netherlands_Amsterdam_643.pb", "Netherlands_Amsterdam_522.pb",
               "Netherlands_Amsterdam_179.pb", "Poland_Czestochowa_2020_Grabowka.pb",
               "Poland_Zabrze_2020_Centrum_Poludnie.pb"]
CONFIGS = [("cost", "none"), ("cardinality", "none"), ("cost", "add1-greedy")]


def small() -> Election:
    """Three voters with 10 each. A (20) and B (15) tie at rho 1/2, A wins on its id; then B's
    supporters v2 (nothing left) and v3 (10) cannot pay 15, and C (10) is v3's alone."""
    return Election.from_ballots(30, [("A", 20), ("B", 15), ("C", 10)],
                                 [["A"], ["A", "B"], ["B", "C"]])


def test_mes_steps_of_a_small_election_as_computed_by_hand() -> None:
    x = explain(small(), "mes")
    assert x.selected == ["A", "C"] and x.mes_budget == 30 and x.cost == 30
    a, b, c = x.project("A"), x.project("B"), x.project("C")
    assert (a.mes.round, a.mes.outcome, a.mes.supporters_budget, a.mes.spent_on) == (
        1, "selected", 20, {})
    assert (c.mes.round, c.mes.outcome, c.mes.supporters_budget, c.mes.spent_on) == (
        2, "selected", 10, {})
    # B is found unaffordable in round 2 and reported with the money left after C was paid.
    assert (b.mes.round, b.mes.outcome, b.mes.supporters_budget) == (2, "unaffordable", 0)
    assert b.mes.spent_on == {"A": 10, "C": 10} and b.mes.spent == 20
    assert [p.selected_by for p in x.projects] == ["mes", None, "mes"]


def test_effective_support_of_a_small_election_as_computed_by_hand() -> None:
    x = explain(small(), "mes")
    # B: without it, A is paid first; then v3 could give min(10, 1/2 * 15) for B: 7.5 of 15.
    assert x.project("B").effective_support == Fraction(1, 2)
    assert x.project("B").effective_support_percent == 50
    # A: without it, B is paid first (v2, v3 7.5 each); v1's 10 and v2's 2.5 cover 12.5 of 20.
    assert x.project("A").effective_support == Fraction(5, 8)
    assert x.project("A").effective_support_percent == 100  # selected: at least 100
    assert x.project("C").effective_support == 1


def test_small_election_equals_pabutools() -> None:
    e = small()
    for utility in ("cost", "cardinality"):
        ref = pabutools_explanations(write_pb(e), utility, effective_supports=True)
        assert_equals_pabutools(explain(e, "mes", utility), ref)


def test_greedy_steps_name_what_was_left_and_the_threshold() -> None:
    e = Election.from_ballots(30, [("A", 20), ("B", 15), ("C", 10)],
                              [["A"], ["A", "B"], ["B", "C"], ["A"]])
    x = explain(e, "greedy", threshold_votes=2)
    steps = {p.id: (p.greedy.position, p.greedy.outcome, p.greedy.left) for p in x.projects}
    assert steps == {"A": (1, "selected", 30), "B": (2, "no_fit", 10),
                     "C": (3, "below_threshold", 10)}
    assert x.selected == ["A"] and x.mes_budget is None
    assert all(p.mes is None and p.effective_support is None for p in x.projects)


def test_completion_steps_say_which_projects_greedy_added() -> None:
    e = read_pb(DATA / "Netherlands_Amsterdam_179.pb")
    outcome = count(e, "mes", "cost", "greedy")
    x = explain(e, "mes", "cost", "greedy", outcome=outcome)
    added = [p for p in x.projects if p.selected_by == "completion"]
    assert added and sorted(x.selected) == outcome.selected
    for p in added:
        assert p.greedy.outcome == "selected" and p.greedy.left >= p.cost
        assert p.mes.outcome == "unaffordable"
    for p in x.projects:
        if p.selected_by == "mes":
            assert p.greedy is None and p.effective_support_percent >= 100
        elif not p.selected:
            assert p.greedy.outcome == "no_fit" and p.greedy.left < p.cost


def test_projects_outside_mes_have_no_mes_step() -> None:
    e = Election.from_ballots(10, [("A", 5), ("B", 4), ("F", 0)], [["A", "F"], ["A"]])
    x = explain(e, "mes", "cardinality")
    assert x.project("B").mes is None and x.project("B").effective_support_percent == 0
    free = x.project("F")  # costs nothing: MES takes it at once, pabutools' way
    assert free.selected_by == "mes" and free.mes is None
    assert free.effective_support is None and free.effective_support_percent == 100


def test_bad_arguments_are_refused_as_by_count() -> None:
    with pytest.raises(TallyError):
        explain(small(), "mes", "points")


def test_comparison_shows_what_the_other_rule_funds() -> None:
    e = read_pb(DATA / "Netherlands_Amsterdam_179.pb")
    c = compare(e, "mes", "cost", "add1-greedy")
    assert c.other_rule == ("greedy", "cost", "none")
    assert c.selected == count(e, "mes", "cost", "add1-greedy").selected
    assert c.other_selected == count(e, "greedy").selected
    assert c.only_this and c.only_other  # proportionality changes the outcome here
    assert sorted(c.both + c.only_this) == c.selected
    assert sorted(c.both + c.only_other) == c.other_selected
    back = compare(e, "greedy")
    assert back.other_rule == ("mes", "cost", "add1-greedy")
    assert back.only_this == c.only_other and back.only_other == c.only_this


# ---------------------------------------------------------------- equality with pabutools


def assert_equals_pabutools(x: Explanation, ref: dict[str, Any]) -> None:
    """Our explanation says what pabutools' analytics say, for every entry they produce."""
    assert x.mes_budget == Fraction(ref["mes_budget"])
    by_mes = [pid for pid in x.selected if x.project(pid).selected_by == "mes"]
    # Projects costing 0 come first, in pabutools in the order of a set: compare them as one.
    free = {pid for pid in by_mes if x.project(pid).cost == 0}
    assert set(ref["selected"][:len(free)]) == free
    assert by_mes[len(free):] == ref["selected"][len(free):]
    selected = set(ref["selected"])
    rounds = 0
    seen = set()
    for pid, money, lost in ref["project_loss"]:
        rounds += pid in selected  # each iteration lists its selection first
        step = x.project(pid).mes
        assert step is not None, pid
        assert (step.round, step.supporters_budget, step.spent_on) == (
            rounds, Fraction(money), {q: Fraction(v) for q, v in lost.items()}), pid
        assert step.outcome == ("selected" if pid in selected else "unaffordable")
        seen.add(pid)
    last = len(by_mes) - len(free) + 1  # the iteration pabutools stops at, when it stops
    handled = {p.id for p in x.projects if p.mes is not None
               and (ref["project_loss_complete"] or p.mes.round < last)}
    assert seen == handled
    if "effective_supports" in ref:
        ours = {p.id: p.effective_support_percent for p in x.projects}
        assert ours == ref["effective_supports"]


@cache
def election(name: str) -> Election:
    return read_pb(DATA / name)


@pytest.mark.parametrize(("name", "utility", "completion"), [
    pytest.param(n, u, c, id=f"{n.removesuffix('.pb')}-{u}-{c}")
    for n in QUICK_FILES for u, c in CONFIGS])
def test_explanation_equals_pabutools_live(name: str, utility: str, completion: str) -> None:
    x = explain(election(name), "mes", utility, completion)
    ref = pabutools_explanations(str(DATA / name), utility, final_budget=x.mes_budget)
    assert not ref["project_loss_complete"]  # pabutools 1.2.3 stops on the last iteration
    assert_equals_pabutools(x, ref)


@pytest.mark.parametrize("name", ["Netherlands_Amsterdam_643.pb", "Netherlands_Amsterdam_522.pb"])
def test_add1_budget_is_where_pabutools_add1_stops(name: str) -> None:
    ref = pabutools_explanations(str(DATA / name), "cost", "add1", effective_supports=False)
    assert count(election(name), "mes", "cost", "add1").mes_budget == Fraction(
        ref["mes_budget"])


RECORDED = json.loads(FIXTURE.read_text(encoding="utf-8"))["entries"]
COMPLETION = {"cost": ("cost", "none"), "cardinality": ("cardinality", "none"),
              "cost-add1": ("cost", "add1")}


def test_recorded_fixture_covers_the_files_not_checked_live() -> None:
    files = {key.split()[0] for key in RECORDED}
    assert files.isdisjoint(QUICK_FILES)
    assert {"Poland_Krakow_2023_Pradnik_Czerwony.pb", "Poland_Katowice_2023.pb"} <= files


@pytest.mark.parametrize("key", sorted(RECORDED))
def test_explanation_equals_recorded_pabutools(key: str) -> None:
    name, config = key.split()
    utility, completion = COMPLETION[config]
    ref = RECORDED[key]
    x = explain(election(name), "mes", utility, completion)
    assert_equals_pabutools(x, ref)


@SETTINGS
@given(e=elections())
def test_explanations_equal_pabutools_on_random_small_elections(e: Election) -> None:
    # pabutools' effective support fails (StopIteration) on a project MES never considers.
    outside = any(v == 0 or p.cost == 0 for p, v in zip(e.projects, e.vote_counts(),
                                                         strict=True))
    for utility in ("cost", "cardinality"):
        x = explain(e, "mes", utility, "add1")
        if e.n_voters == 0:  # pabutools' MES then gives no details to analyse
            assert x.selected == [] and all(p.mes is None for p in x.projects)
            continue
        ref = pabutools_explanations(write_pb(e), utility, final_budget=x.mes_budget,
                                     effective_supports=not outside)
        assert_equals_pabutools(x, ref)
