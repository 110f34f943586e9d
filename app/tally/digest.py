"""A stable fingerprint of the ballots a count read, so a stored result records what it counted.

``ballots_digest`` is the SHA-256 (hex) of a canonical text of what the rules read: the budget,
every project's id and cost, and every ballot as the set of projects it supports. Ballots are
taken as a multiset (their order in storage does not matter) and each ballot as a set (the
order of its projects does not matter either; points and ranks are not read by the rules).
Numbers are written exactly as reduced fractions. The same ballots give the same digest on every
machine and Python version; any change to what is counted changes it.
"""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction

from app.tally.model import Election

FORMAT = "yhdessa-pb-ballots-v1"


def _number(value: Fraction) -> str:
    return str(Fraction(value))


def canonical_ballots(election: Election) -> bytes:
    """The canonical UTF-8 text the digest is taken of: one JSON value a line."""
    ids = election.project_ids
    items = election.items.tolist()
    ptr = election.ptr.tolist()
    ballots = sorted(sorted(ids[j] for j in items[ptr[v]:ptr[v + 1]])
                     for v in range(election.n_voters))
    projects = sorted((p.id, _number(p.cost)) for p in election.projects)
    lines = [FORMAT, _number(election.budget), *(list(p) for p in projects), "ballots",
             *ballots]
    return "\n".join(json.dumps(x, ensure_ascii=False, separators=(",", ":"))
                     for x in lines).encode()


def ballots_digest(election: Election) -> str:
    """SHA-256 (hex) of :func:`canonical_ballots`."""
    return hashlib.sha256(canonical_ballots(election)).hexdigest()
