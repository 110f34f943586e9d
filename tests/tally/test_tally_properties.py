"""Property tests on random small elections with many equal costs and equal vote counts.

The fast engine must equal the reference implementation in ``reference.py`` for every rule,
never overspend, leave no affordable project behind where a rule promises it, and not depend
on the order of projects or ballots in the file.
"""

from __future__ import annotations

import os
from fractions import Fraction
from math import lcm

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.tally import Election, Project, count, parse_pb, write_pb
from app.tally.mes import MesEngine
from app.tally.mes_bounds import BoundedRun

from .reference import ref_count

# Repeatable in CI: derandomized, no example database; TALLY_EXAMPLES=1000 for a deeper run.
SETTINGS = settings(max_examples=int(os.environ.get("TALLY_EXAMPLES", "80")), deadline=None,
                    derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
IDS = ["1", "2", "3", "9", "10", "11", "a", "B"]
COMBOS = [("greedy", "cost", "none"), ("greedy", "cardinality", "none")] + [
    ("mes", u, c) for u in ("cost", "cardinality") for c in ("none", "greedy", "add1",
                                                              "add1-greedy")
]


@st.composite
def elections(draw: st.DrawFn, max_voters: int = 9) -> Election:
    """Up to 6 projects with costs from a small pool (ties), voters copying a few ballot
    patterns (equal vote counts), budgets that may have decimals."""
    m = draw(st.integers(1, 6))
    ids = draw(st.permutations(IDS))[:m]
    pool = draw(st.sampled_from([[10], [10, 20], [5, 10, 15, 30], [Fraction(25, 2), 10, 20],
                                 [0, 10, 20], [7, 13, 21], [1, 2, 3, 50]]))
    costs = [Fraction(draw(st.sampled_from(pool))) for _ in ids]
    n = draw(st.integers(0, max_voters))
    kinds = draw(st.lists(st.lists(st.sampled_from(ids), unique=True, max_size=m),
                          min_size=1, max_size=3))
    ballots = [draw(st.sampled_from(kinds)) for _ in range(n)]
    budget = Fraction(draw(st.integers(0, 60))) + draw(st.sampled_from([0, 0, Fraction(1, 2),
                                                                        Fraction(7, 100)]))
    return Election.from_ballots(budget, list(zip(ids, costs, strict=True)), ballots)


@pytest.mark.parametrize(("rule", "utility", "completion"), COMBOS)
@SETTINGS
@given(e=elections())
def test_engine_equals_the_reference_implementation(e: Election, rule: str, utility: str,
                                                    completion: str) -> None:
    outcome = count(e, rule, utility, completion)
    want = ref_count(e, rule, utility, completion)
    assert outcome.selected == sorted(want)
    if completion in ("none", "add1"):
        assert outcome.order == want  # the same projects, chosen in the same order
    assert outcome.cost == sum((p.cost for p in e.projects if p.id in want), Fraction(0))


@SETTINGS
@given(e=elections(), votes=st.none() | st.integers(0, 6),
       percent=st.none() | st.sampled_from([Fraction(0), Fraction(50), Fraction(200, 3),
                                            Fraction(100)]),
       utility=st.sampled_from(["cost", "cardinality"]))
def test_greedy_thresholds_equal_the_reference(e: Election, votes: int | None,
                                               percent: Fraction | None, utility: str) -> None:
    outcome = count(e, "greedy", utility, threshold_votes=votes, threshold_percent=percent)
    assert outcome.selected == sorted(ref_count(e, "greedy", utility, "none", votes, percent))
    support = dict(zip(e.project_ids, e.vote_counts(), strict=True))
    assert all(votes is None or support[p] >= votes for p in outcome.selected)


@SETTINGS
@given(e=elections(), combo=st.sampled_from(COMBOS))
def test_outcome_never_exceeds_the_budget(e: Election, combo: tuple[str, str, str]) -> None:
    outcome = count(e, *combo)
    assert outcome.cost == sum((p.cost for p in e.projects if p.id in outcome.selected),
                               Fraction(0))
    assert outcome.cost <= e.budget


@SETTINGS
@given(e=elections(), combo=st.sampled_from([c for c in COMBOS
                                              if c[0] == "greedy" or c[2].endswith("greedy")]))
def test_greedy_and_greedy_completions_leave_no_project_that_fits(
        e: Election, combo: tuple[str, str, str]) -> None:
    outcome = count(e, *combo)
    left = e.budget - outcome.cost
    assert all(p.cost > left for p in e.projects if p.id not in outcome.selected)


@SETTINGS
@given(e=elections(), combo=st.sampled_from(COMBOS), data=st.data())
def test_outcome_is_deterministic_and_ignores_file_order(
        e: Election, combo: tuple[str, str, str], data: st.DataObject) -> None:
    first = count(e, *combo)
    assert count(e, *combo) == first
    projects = data.draw(st.permutations(e.projects))
    ballots = data.draw(st.permutations(e.ballots()))
    shuffled = Election.from_ballots(e.budget, projects, ballots)
    assert count(shuffled, *combo).selected == first.selected


@SETTINGS
@given(e=elections())
def test_a_written_election_reads_back_with_the_same_outcomes(e: Election) -> None:
    projects = [Project(p.id, p.cost, {"name": f"Hanke {p.id}; \"x\""}) for p in e.projects]
    e = Election.from_ballots(e.budget, projects, e.ballots())
    back = parse_pb(write_pb(e, selected=count(e, "mes").selected, rule="equalshares"))
    assert back.budget == e.budget
    assert [(p.id, p.cost, p.fields["name"]) for p in back.projects] == [
        (p.id, p.cost, p.fields["name"]) for p in e.projects]
    assert back.ballots() == e.ballots()
    for combo in COMBOS:
        assert count(back, *combo).selected == count(e, *combo).selected


@SETTINGS
@given(e=elections(), start=st.integers(0, 30), span=st.integers(1, 40),
       utility=st.sampled_from(["cost", "cardinality"]))
def test_a_bounded_run_proves_only_steps_whose_outcome_is_unchanged(
        e: Election, start: int, span: int, utility: str) -> None:
    """Add1 skips the steps a BoundedRun certifies: each must select exactly what step k does."""
    n = e.n_voters
    if n == 0:
        return
    den = lcm(e.budget.denominator, *(p.cost.denominator for p in e.projects))
    costs = [int(p.cost * n * den) for p in e.projects]
    weights = costs if utility == "cost" else [1] * len(costs)
    engine = MesEngine(e.supporters(), costs, weights, e.project_ids, n)
    base, step = int(e.budget * den), n * den
    run = BoundedRun(engine, base, step, start, start + span)
    selected = run.finish()
    assert selected == engine.run(base + step * start)
    assert start < run.limit <= start + span + 1
    for x in range(start + 1, run.limit):
        assert engine.run(base + step * x) == selected
