"""The vote's rules and its count, in plain Python (no Flask, no database).

A ballot is a mapping option id → value: dots on it (``dots``), 1 (``approval``)
or its place (``ranked``). :func:`check_ballot` says what is wrong with one;
:func:`count` turns ballots and paper counts into ordered results with ties.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MODES = ("dots", "approval", "ranked")
BUDGET_MAX = 50


def default_budget(mode: str, options: int) -> int:
    """K: 3 dots (approvals, places) for up to 10 options, 5 for more; never more than
    the options there are, except that dots may stack."""
    budget = 3 if options <= 10 else 5
    if mode == "dots":
        return budget
    return max(1, min(budget, options))


def default_per_option(budget: int) -> int:
    """M: a little over half of the dots (2 of 3, 3 of 5). A participant can show a strong
    preference, but not put a whole ballot on one option, as with sticker dots on a wall
    where facilitators ask people to spread their dots."""
    return budget // 2 + 1


@dataclass(frozen=True)
class Rules:
    mode: str
    budget: int                  # K
    per_option: int | None = None  # M, dots only

    def points(self, value: int) -> int:
        """What one mark is worth: its dots, 1 for an approval, Borda points for a place."""
        if self.mode == "ranked":
            return self.budget - value + 1
        return value


class BallotProblem(ValueError):
    """A ballot breaks a rule; ``code`` names which (for tests and messages)."""

    def __init__(self, code: str, **details: int) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def check_ballot(rules: Rules, marks: Mapping[int, int], options: Iterable[int]) -> None:
    """Raise :class:`BallotProblem` unless *marks* is a valid ballot under *rules*.

    Zero marks are not stored, so every value here is positive. An empty ballot is
    valid (a participant may take all their dots back).
    """
    known = set(options)
    if any(option not in known for option in marks):
        raise BallotProblem("unknown_option")
    if any(isinstance(value, bool) or not isinstance(value, int) or value < 1
           for value in marks.values()):
        raise BallotProblem("not_positive")
    if rules.mode == "dots":
        if rules.per_option is not None and any(v > rules.per_option for v in marks.values()):
            raise BallotProblem("per_option", limit=rules.per_option)
        if sum(marks.values()) > rules.budget:
            raise BallotProblem("budget", limit=rules.budget)
    elif rules.mode == "approval":
        if any(value != 1 for value in marks.values()):
            raise BallotProblem("approval_once")
        if len(marks) > rules.budget:
            raise BallotProblem("budget", limit=rules.budget)
    else:
        ranks = sorted(marks.values())
        if len(set(ranks)) != len(ranks):
            raise BallotProblem("rank_duplicate")
        if ranks and ranks[-1] > rules.budget:
            raise BallotProblem("budget", limit=rules.budget)
        if ranks != list(range(1, len(ranks) + 1)):
            raise BallotProblem("rank_gap")


@dataclass(frozen=True)
class Result:
    option_id: int
    title: str
    online: int  # points from the ballots
    paper: int   # points typed in from a paper or wall vote
    place: int   # 1 for the most; options with equal totals share a place

    @property
    def total(self) -> int:
        return self.online + self.paper


def count(rules: Rules, options: Iterable[tuple[int, str, int]],
          ballots: Iterable[Mapping[int, int]]) -> list[Result]:
    """Results for *options* ((id, title, paper count) in their order on the ballot):
    most points first; equal totals share a place and keep the ballot's order."""
    options = list(options)
    online = {option_id: 0 for option_id, _, _ in options}
    for ballot in ballots:
        for option_id, value in ballot.items():
            online[option_id] += rules.points(value)
    order = sorted(range(len(options)),
                   key=lambda i: -(online[options[i][0]] + options[i][2]))
    results: list[Result] = []
    previous_total: int | None = None
    place = 0
    for position, index in enumerate(order, start=1):
        option_id, title, paper = options[index]
        total = online[option_id] + paper
        if total != previous_total:
            place, previous_total = position, total
        results.append(Result(option_id, title, online[option_id], paper, place))
    return results


def is_tied(results: list[Result], result: Result) -> bool:
    return sum(1 for other in results if other.place == result.place) > 1
