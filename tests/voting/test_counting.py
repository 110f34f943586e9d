"""The vote's rules and count, as plain functions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.voting.counting import (
    BallotProblem,
    Rules,
    check_ballot,
    count,
    default_budget,
    default_per_option,
)

OPTIONS = [1, 2, 3, 4]
DOTS = Rules("dots", budget=5, per_option=3)


def problem(rules: Rules, marks: dict[int, int]) -> str | None:
    try:
        check_ballot(rules, marks, OPTIONS)
    except BallotProblem as refused:
        return refused.code
    return None


def test_defaults_give_three_dots_up_to_ten_options_and_five_beyond():
    assert default_budget("dots", 10) == 3
    assert default_budget("dots", 11) == 5
    assert default_budget("dots", 2) == 3  # dots may stack
    assert default_budget("approval", 2) == 2  # never more choices than options
    assert (default_per_option(3), default_per_option(5)) == (2, 3)


@pytest.mark.parametrize(("marks", "code"), [
    ({1: 3, 2: 2}, None),
    ({1: 4}, "per_option"),
    ({1: 3, 2: 2, 3: 1}, "budget"),
    ({1: -1}, "not_positive"),
    ({9: 1}, "unknown_option"),
    ({}, None),
])
def test_dots_hold_both_limits(marks, code):
    assert problem(DOTS, marks) == code


def test_a_dot_count_must_be_a_whole_number():
    assert problem(DOTS, {1: 1.5}) == "not_positive"
    assert problem(DOTS, {1: True}) == "not_positive"


@pytest.mark.parametrize(("marks", "code"), [
    ({1: 1, 2: 1}, None),
    ({1: 1, 2: 1, 3: 1}, "budget"),
    ({1: 2}, "approval_once"),
])
def test_approval_chooses_each_option_once_and_at_most_k(marks, code):
    assert problem(Rules("approval", budget=2), marks) == code


@pytest.mark.parametrize(("marks", "code"), [
    ({1: 1, 2: 2, 3: 3}, None),
    ({3: 1}, None),
    ({1: 1, 2: 1}, "rank_duplicate"),
    ({1: 1, 2: 3}, "rank_gap"),
    ({1: 2}, "rank_gap"),
    ({1: 1, 2: 2, 3: 3, 4: 4}, "budget"),
])
def test_ranked_ballots_number_places_from_one_without_gaps(marks, code):
    assert problem(Rules("ranked", budget=3), marks) == code


def test_ranked_places_earn_borda_points():
    results = count(Rules("ranked", budget=3), [(1, "a", 0), (2, "b", 0), (3, "c", 0)],
                    [{1: 1, 2: 2}, {2: 1, 1: 3}])
    assert [(r.title, r.online) for r in results] == [("b", 5), ("a", 4), ("c", 0)]


def test_paper_is_added_to_online_and_kept_apart():
    [first, second] = count(DOTS, [(1, "a", 0), (2, "b", 5)], [{1: 3}, {1: 2, 2: 1}])
    assert (first.title, first.online, first.paper, first.total) == ("b", 1, 5, 6)
    assert (second.title, second.total) == ("a", 5)


def test_equal_totals_share_a_place_and_the_next_place_skips():
    results = count(DOTS, [(1, "a", 0), (2, "b", 0), (3, "c", 0)], [{1: 2, 2: 2, 3: 1}])
    assert [(r.title, r.place) for r in results] == [("a", 1), ("b", 1), ("c", 3)]


@given(st.lists(st.dictionaries(st.sampled_from(OPTIONS), st.integers(1, 3), max_size=4),
                max_size=20))
def test_total_points_are_the_dots_cast(ballots):
    valid = [b for b in ballots if problem(DOTS, b) is None]
    results = count(DOTS, [(o, str(o), 0) for o in OPTIONS], valid)
    assert sum(r.total for r in results) == sum(sum(b.values()) for b in valid)
    assert [r.total for r in results] == sorted((r.total for r in results), reverse=True)
