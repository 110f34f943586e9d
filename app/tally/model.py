"""One participatory-budgeting election (the content of a Pabulib file) and a count's outcome.

Ballots are stored in a compact "compressed rows" layout: the project indices of all ballots
are concatenated in ``items`` and ballot ``i`` is ``items[ptr[i]:ptr[i + 1]]``, in the order the
voter listed them (for ordinal ballots, the ranking). The counting rules read every ballot as an
approval ballot: a voter supports each project listed in their ``vote`` field, whatever points
or rank it got (as pabutools' ``Cost_Sat`` and ``Cardinality_Sat`` do).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from app.tally.errors import TallyError

#: Vote types of the Pabulib format; all are read as approvals by the rules here.
VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
#: Vote types whose ballots carry a ``points`` column.
POINTS_VOTE_TYPES = ("cumulative", "scoring")


@dataclass
class Project:
    """A project: its id (exactly as in the file), exact cost and its other columns."""

    id: str
    cost: Fraction
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Election:
    """META, projects (in file order) and ballots in compressed-rows layout."""

    meta: dict[str, str]
    budget: Fraction
    vote_type: str
    projects: list[Project]
    ptr: np.ndarray  # int64, length n + 1
    items: np.ndarray  # int32 project indices, length ptr[-1]
    points: list[int | Fraction] | None = None  # aligned with items (cumulative, scoring)
    voter_ids: list[str] | None = None
    voter_fields: list[str] = field(default_factory=list)  # other VOTES columns, file order
    voter_rows: list[tuple[str, ...]] = field(default_factory=list)  # their cells, a voter each

    @property
    def n_voters(self) -> int:
        """Number of ballots, empty ones included (as pabutools counts them)."""
        return len(self.ptr) - 1

    @property
    def project_ids(self) -> list[str]:
        return [p.id for p in self.projects]

    def ballot(self, voter: int) -> list[str]:
        """The project ids on one ballot, in the voter's order."""
        lo, hi = int(self.ptr[voter]), int(self.ptr[voter + 1])
        return [self.projects[j].id for j in self.items[lo:hi].tolist()]

    def ballots(self) -> list[list[str]]:
        return [self.ballot(i) for i in range(self.n_voters)]

    def supporters(self) -> list[np.ndarray]:
        """For each project (file order), the sorted int32 indices of its supporters."""
        voters = np.repeat(np.arange(self.n_voters, dtype=np.int32), np.diff(self.ptr))
        order = np.argsort(self.items, kind="stable")
        counts = np.bincount(self.items, minlength=len(self.projects))
        return np.split(voters[order], np.cumsum(counts)[:-1])

    def vote_counts(self) -> list[int]:
        """Number of supporters of each project (file order)."""
        return np.bincount(self.items, minlength=len(self.projects)).tolist()

    @classmethod
    def from_ballots(
        cls,
        budget: Fraction | int | str,
        projects: Sequence[Project] | Sequence[tuple[str, Fraction | int | str]],
        ballots: Iterable[Sequence[str]],
        *,
        vote_type: str = "approval",
        meta: dict[str, str] | None = None,
        points: Iterable[Sequence[int | Fraction]] | None = None,
        voter_ids: Sequence[str] | None = None,
    ) -> Election:
        """Build an election from plain data: projects as ``Project`` or ``(id, cost)``, ballots
        as lists of project ids.

        Raises :class:`TallyError` for an unknown or repeated project on a ballot, a duplicate
        project id, a negative cost or budget, or an unknown vote type.
        """
        if vote_type not in VOTE_TYPES:
            raise TallyError(f"unknown vote type {vote_type!r}")
        budget = Fraction(budget)
        if budget < 0:
            raise TallyError("the budget must not be negative")
        projs = [p if isinstance(p, Project) else Project(str(p[0]), Fraction(p[1]))
                 for p in projects]
        index: dict[str, int] = {}
        for i, p in enumerate(projs):
            if p.id in index:
                raise TallyError(f"duplicate project id {p.id!r}")
            if p.cost < 0:
                raise TallyError(f"project {p.id!r} has a negative cost")
            index[p.id] = i
        ptr = [0]
        flat: list[int] = []
        for b, ballot in enumerate(ballots):
            try:
                js = [index[pid] for pid in ballot]
            except KeyError as exc:
                raise TallyError(f"ballot {b}: unknown project {exc.args[0]!r}") from None
            if len(set(js)) != len(js):
                raise TallyError(f"ballot {b}: a project is listed twice")
            flat.extend(js)
            ptr.append(len(flat))
        pts: list[int | Fraction] | None = None
        if points is not None:
            pts = [v for row in points for v in row]
            if len(pts) != len(flat):
                raise TallyError("points must give one value per listed project")
        if voter_ids is not None and len(voter_ids) != len(ptr) - 1:
            raise TallyError("voter_ids must give one id per ballot")
        return cls(
            meta=dict(meta or {}),
            budget=budget,
            vote_type=vote_type,
            projects=projs,
            ptr=np.array(ptr, dtype=np.int64),
            items=np.array(flat, dtype=np.int32),
            points=pts,
            voter_ids=list(voter_ids) if voter_ids is not None else None,
        )


@dataclass
class Outcome:
    """A count's result: selected ids (sorted as strings), their total cost and the budget.

    ``order`` lists the same ids in the order in which the rule selected them. For MES,
    ``mes_budget`` is the budget of the MES run that gave the outcome (the election's, or where
    Add1 stopped) and ``mes_selected`` how many of ``order`` that run selected (the rest come
    from the greedy completion); both are ``None`` for greedy.
    """

    selected: list[str]
    cost: Fraction
    budget: Fraction
    order: list[str] = field(default_factory=list)
    mes_budget: Fraction | None = None
    mes_selected: int | None = None
