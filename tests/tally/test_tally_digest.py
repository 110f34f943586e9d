"""Determinism: the digest of the counted ballots, and results that do not depend on the order
in which ballots, projects or a ballot's projects are stored."""

from __future__ import annotations

import hashlib
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from app.tally import Election, ballots_digest, compare, explain
from app.tally.digest import canonical_ballots

from .test_tally_properties import SETTINGS, elections


def shuffled(e: Election, data: st.DataObject) -> Election:
    """The same election with ballots, projects and each ballot's projects reordered."""
    ballots = [data.draw(st.permutations(b)) for b in e.ballots()]
    ballots = data.draw(st.permutations(ballots))
    projects = data.draw(st.permutations(e.projects))
    return Election.from_ballots(e.budget, projects, ballots)


def test_canonical_text_lists_budget_projects_and_ballots_sorted() -> None:
    e = Election.from_ballots(Fraction(61, 2), [("b", 15), ("a", Fraction(41, 2))],
                              [["b", "a"], ["a"], ["a", "b"]])
    text = canonical_ballots(e).decode()
    assert text.splitlines() == [
        '"yhdessa-pb-ballots-v1"', '"61/2"', '["a","41/2"]', '["b","15"]', '"ballots"',
        '["a"]', '["a","b"]', '["a","b"]']
    assert ballots_digest(e) == hashlib.sha256(text.encode()).hexdigest()


def test_any_change_to_what_is_counted_changes_the_digest() -> None:
    base = [("a", 10), ("b", 15)]
    e = Election.from_ballots(30, base, [["a"], ["a", "b"]])
    others = [
        Election.from_ballots(31, base, [["a"], ["a", "b"]]),
        Election.from_ballots(30, [("a", 10), ("b", 16)], [["a"], ["a", "b"]]),
        Election.from_ballots(30, [("a", 10), ("c", 15)], [["a"], ["a", "c"]]),
        Election.from_ballots(30, base, [["a"], ["b"]]),
        Election.from_ballots(30, base, [["a"], ["a", "b"], []]),
    ]
    digests = {ballots_digest(x) for x in [e, *others]}
    assert len(digests) == 1 + len(others)


@SETTINGS
@given(e=elections(), data=st.data())
def test_digest_and_results_do_not_depend_on_storage_order(e: Election,
                                                           data: st.DataObject) -> None:
    other = shuffled(e, data)
    assert ballots_digest(other) == ballots_digest(e)
    for rule, completion in (("mes", "add1-greedy"), ("greedy", "none")):
        mine, theirs = explain(e, rule, completion=completion), explain(
            other, rule, completion=completion)
        assert sorted(mine.selected) == sorted(theirs.selected)
        assert mine.mes_budget == theirs.mes_budget
        by_id = {p.id: p for p in theirs.projects}
        for p in mine.projects:
            assert by_id[p.id] == p
        assert compare(e, rule, completion=completion) == compare(other, rule,
                                                                  completion=completion)


@SETTINGS
@given(e=elections())
def test_counting_again_gives_the_same_explanation(e: Election) -> None:
    assert explain(e, "mes", "cardinality", "add1") == explain(e, "mes", "cardinality", "add1")
