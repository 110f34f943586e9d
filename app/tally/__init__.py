"""PB tally engine: read and write Pabulib files; count with greedy or the Method of Equal Shares.

Pure Python (with numpy), no web framework. Arithmetic is exact (integers and fractions); no
float takes part in any decision. Outcomes equal pabutools 1.2.3's.

    election = read_pb("file.pb")          # a path, or the text of a .pb file
    outcome = count(election, rule="mes", utility="cost", completion="add1-greedy")
    outcome.selected, outcome.cost, outcome.budget
    text = write_pb(election, selected=outcome.selected, rule="unknown")
    explanation = explain(election, rule="mes", utility="cost", completion="add1-greedy",
                          outcome=outcome)       # why each project was or was not funded
    comparison = compare(election, "mes", "cost", "add1-greedy", outcome=outcome)
    digest = ballots_digest(election)            # what was counted (SHA-256)

An election can also be built from plain data with :meth:`Election.from_ballots`.
"""

from __future__ import annotations

from app.tally.compare import Comparison, compare
from app.tally.counting import COMPLETIONS, RULES, count
from app.tally.digest import ballots_digest
from app.tally.errors import PabulibError, TallyError
from app.tally.explain import Explanation, MesStep, ProjectExplanation, explain
from app.tally.greedy import UTILITIES, GreedyStep
from app.tally.model import Election, Outcome, Project
from app.tally.pb_read import parse_pb, read_pb
from app.tally.pb_write import pabulib_rule, write_pb

__all__ = [
    "COMPLETIONS",
    "RULES",
    "UTILITIES",
    "Comparison",
    "Election",
    "Explanation",
    "GreedyStep",
    "MesStep",
    "Outcome",
    "PabulibError",
    "Project",
    "ProjectExplanation",
    "TallyError",
    "ballots_digest",
    "compare",
    "count",
    "explain",
    "pabulib_rule",
    "parse_pb",
    "read_pb",
    "write_pb",
]
