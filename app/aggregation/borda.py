"""Combine groups' ranked priorities into one ordered list (pure Python).

For a theme with ``picks = N`` a priority at rank r earns N − r + 1 points
(Borda count). An aggregate item holds one priority, or several that the
facilitator merged as duplicates; its score is the sum of its members' points.
Order: score, then first places, then number of groups (all descending), then
the earliest created item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Member:
    priority_id: int
    aggregate_id: int
    group_id: int
    group_name: str
    rank: int
    title: str
    reasoning: str
    source: str


@dataclass
class AggregateRow:
    id: int
    title: str
    merged: bool
    created_at: datetime
    score: int = 0
    first_places: int = 0
    members: list[Member] = field(default_factory=list)

    @property
    def groups(self) -> int:
        return len({member.group_id for member in self.members})


def points(rank: int, picks: int) -> int:
    return max(picks - rank + 1, 0)


def rank_items(
    items: dict[int, tuple[str, bool, datetime]], members: list[Member], picks: int
) -> list[AggregateRow]:
    """Order aggregate items (id → (title, merged, created_at)) by their members' points."""
    rows = {
        item_id: AggregateRow(id=item_id, title=title, merged=merged, created_at=created_at)
        for item_id, (title, merged, created_at) in items.items()
    }
    for member in sorted(members, key=lambda m: (m.rank, m.group_name, m.priority_id)):
        row = rows[member.aggregate_id]
        row.members.append(member)
        row.score += points(member.rank, picks)
        row.first_places += member.rank == 1
    ranked = [row for row in rows.values() if row.members]
    ranked.sort(key=lambda r: (-r.score, -r.first_places, -r.groups, r.created_at, r.id))
    return ranked
