"""Write an :class:`~app.tally.model.Election` in the Pabulib ``.pb`` format.

Columns come in the order the Pabulib checker expects; unknown columns go last. Numbers are
written exactly (``1555905.71``), so a written file reads back to the same election.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from app.tally.decimals import format_decimal
from app.tally.errors import TallyError
from app.tally.model import Election

_META_ORDER = [
    "description", "country", "unit", "district", "subunit", "instance", "num_projects",
    "num_votes", "budget", "vote_type", "rule", "date_begin", "date_end", "min_length",
    "max_length", "min_sum_cost", "max_sum_cost", "min_points", "max_points", "min_sum_points",
    "max_sum_points", "default_score", "min_project_cost", "max_project_cost",
    "min_project_score_threshold", "neighborhoods", "subdistricts", "categories", "edition",
    "language", "currency", "fully_funded", "experimental", "comment", "acknowledgments",
]
_PROJECT_ORDER = [
    "project_id", "cost", "votes", "score", "name", "category", "beneficiaries", "selected",
    "neighborhood", "subunit", "district", "description", "proposer", "public_id", "latitude",
    "longitude",
]
_VOTE_ORDER = [
    "voter_id", "vote", "points", "age", "sex", "voting_method", "district", "neighborhood",
    "education",
]


def pabulib_rule(rule: str, utility: str = "cost", completion: str = "none",
                 threshold: bool = False) -> str:
    """META ``rule`` for a published outcome: ``greedy`` (``greedy-threshold`` with a
    threshold), ``equalshares`` for MES with cost utilities and no completion, and ``unknown``
    for the rest (the Pabulib checker's own completions stop differently from pabutools')."""
    if rule == "greedy":
        return "greedy-threshold" if threshold else "greedy"
    if rule == "mes" and utility == "cost" and completion == "none":
        return "equalshares"
    return "unknown"


def _ordered(keys: Iterable[str], canonical: list[str]) -> list[str]:
    keys = list(keys)
    return [k for k in canonical if k in keys] + [k for k in keys if k not in canonical]


def _number(value: object, what: str) -> str:
    try:
        return format_decimal(value)  # type: ignore[arg-type]
    except ValueError as exc:
        raise TallyError(f"{what}: {exc}") from None


def write_pb(election: Election, selected: Iterable[str] | None = None,
             rule: str | None = None) -> str:
    """The ``.pb`` text of an election.

    META ``num_projects``, ``num_votes``, ``budget`` and ``vote_type`` are set from the data;
    ``rule`` sets META ``rule``. PROJECTS gets a ``votes`` column (number of supporters), a
    ``name`` column (the id where a project has none) and, with ``selected``, a ``selected``
    column (1 for those ids, 0 for the others; otherwise a ``selected`` field is kept as it
    is). Voters without an id are numbered from 1.
    """
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    meta = dict(election.meta)
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(election.n_voters)
    meta["budget"] = _number(election.budget, "budget")
    meta["vote_type"] = election.vote_type
    if rule is not None:
        meta["rule"] = rule
    w.writerow(["META"])
    w.writerow(["key", "value"])
    for k in _ordered(meta, _META_ORDER):
        w.writerow([k, meta[k]])
    chosen = set(selected) if selected is not None else None
    if chosen is not None and not chosen <= set(election.project_ids):
        raise TallyError(f"unknown selected projects: {sorted(chosen - set(election.project_ids))}")
    votes = election.vote_counts()
    fields: list[str] = ["votes", "name"]
    for p in election.projects:
        fields += [f for f in p.fields if f not in fields]
    if chosen is not None and "selected" not in fields:
        fields.append("selected")
    columns = _ordered(["project_id", "cost", *fields], _PROJECT_ORDER)
    w.writerow(["PROJECTS"])
    w.writerow(columns)
    for p, v in zip(election.projects, votes, strict=True):
        cells = {"project_id": p.id, "cost": _number(p.cost, f"cost of project {p.id!r}"),
                 "votes": str(v), "name": p.fields.get("name") or p.id}
        if chosen is not None:
            cells["selected"] = "1" if p.id in chosen else "0"
        w.writerow([cells[c] if c in cells else p.fields.get(c, "") for c in columns])
    _write_votes(w, election)
    return out.getvalue()


def _write_votes(w: csv.writer, election: Election) -> None:  # type: ignore[valid-type]
    points = election.points
    vcols = _ordered(["voter_id", "vote", *(["points"] if points is not None else []),
                      *election.voter_fields], _VOTE_ORDER)
    w.writerow(["VOTES"])
    w.writerow(vcols)
    ids = election.project_ids
    items = election.items.tolist()
    ptr = election.ptr.tolist()
    extra = {f: i for i, f in enumerate(election.voter_fields)}
    for v in range(election.n_voters):
        lo, hi = ptr[v], ptr[v + 1]
        row = []
        for c in vcols:
            if c == "voter_id":
                row.append(election.voter_ids[v] if election.voter_ids else str(v + 1))
            elif c == "vote":
                row.append(",".join(ids[j] for j in items[lo:hi]))
            elif c == "points" and points is not None:
                row.append(",".join(_number(x, "points") for x in points[lo:hi]))
            else:
                row.append(election.voter_rows[v][extra[c]].strip())
        w.writerow(row)
