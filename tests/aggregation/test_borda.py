"""The Borda rule for combining groups' ranked priorities (DESIGN: Aggregation)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.aggregation.borda import Member, points, rank_items

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def member(priority_id: int, item: int, group: int, rank: int) -> Member:
    return Member(priority_id=priority_id, aggregate_id=item, group_id=group,
                  group_name=f"Ryhmä {group}", rank=rank, title=f"t{priority_id}",
                  reasoning="koska", source="online")


def items(*ids: int) -> dict:
    return {i: (f"item {i}", False, T0 + timedelta(minutes=i)) for i in ids}


def test_rank_r_of_n_earns_n_minus_r_plus_one_points():
    assert [points(r, 3) for r in (1, 2, 3)] == [3, 2, 1]
    assert points(1, 5) == 5


def test_merged_item_sums_its_members_points_and_counts_groups_and_first_places():
    rows = rank_items(items(1, 2), [member(1, 1, 1, 1), member(2, 1, 2, 3), member(3, 2, 3, 2)],
                      picks=3)
    first = rows[0]
    assert (first.id, first.score, first.groups, first.first_places) == (1, 4, 2, 1)
    assert [m.group_id for m in first.members] == [1, 2]


def test_order_is_score_then_first_places_then_groups_then_earliest():
    # item 1: 3 points from one first place; item 2: 3 points from ranks 2+3 in two groups
    rows = rank_items(items(1, 2), [member(1, 1, 1, 1), member(2, 2, 2, 2), member(3, 2, 3, 3)],
                      picks=3)
    assert [r.id for r in rows] == [1, 2]  # same score, item 1 has the first place
    # item 3 and 4: same score, no first places; item 4 has two groups
    rows = rank_items(items(3, 4), [member(4, 3, 1, 2), member(5, 3, 1, 3),
                                    member(6, 4, 2, 3), member(7, 4, 3, 2)], picks=3)
    assert [r.id for r in rows] == [4, 3]
    # a full tie goes to the earlier item
    rows = rank_items(items(6, 5), [member(8, 6, 1, 2), member(9, 5, 2, 2)], picks=3)
    assert [r.id for r in rows] == [5, 6]


def test_items_without_members_are_left_out():
    assert rank_items(items(1, 2), [member(1, 1, 1, 1)], picks=3)[0].id == 1
    assert len(rank_items(items(1, 2), [member(1, 1, 1, 1)], picks=3)) == 1
