"""What the other rule would have funded with the same ballots: MES against greedy.

    comparison = compare(election, "mes", "cost", "add1-greedy")
    comparison.only_this, comparison.only_other

The other rule of MES is greedy with cost utilities (the most-voted projects that fit, as
most cities count); the other rule of greedy is MES with cost utilities and the Add1 and greedy
completions (``add1-greedy``, what Equal Shares cities use). ``other`` chooses another one.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from app.tally.counting import count
from app.tally.model import Election, Outcome

Rule = tuple[str, str, str]  # (rule, utility, completion)
OTHER_RULE: dict[str, Rule] = {
    "mes": ("greedy", "cost", "none"),
    "greedy": ("mes", "cost", "add1-greedy"),
}


@dataclass(frozen=True)
class Comparison:
    """Two outcomes of the same ballots; ids sorted as strings."""

    rule: Rule
    other_rule: Rule
    selected: list[str]
    other_selected: list[str]
    cost: Fraction
    other_cost: Fraction

    @property
    def both(self) -> list[str]:
        """Projects both rules fund."""
        return sorted(set(self.selected) & set(self.other_selected))

    @property
    def only_this(self) -> list[str]:
        """Projects only this rule funds."""
        return sorted(set(self.selected) - set(self.other_selected))

    @property
    def only_other(self) -> list[str]:
        """Projects only the other rule would have funded."""
        return sorted(set(self.other_selected) - set(self.selected))


def compare(election: Election, rule: str, utility: str = "cost", completion: str = "none", *,
            threshold_votes: int | None = None,
            threshold_percent: Fraction | int | str | None = None,
            outcome: Outcome | None = None, other: Rule | None = None) -> Comparison:
    """Count with the rule (or take its ``outcome``) and with the other rule (``other``, or
    :data:`OTHER_RULE`); thresholds apply to the greedy rule only where it is this one."""
    if outcome is None:
        outcome = count(election, rule, utility, completion, threshold_votes=threshold_votes,
                        threshold_percent=threshold_percent)
    other = other or OTHER_RULE[rule]
    theirs = count(election, *other)
    return Comparison((rule, utility, completion), other, outcome.selected, theirs.selected,
                      outcome.cost, theirs.cost)
