"""The live pages read a constant number of SQL queries whatever the number of groups."""

from __future__ import annotations

import pytest

HTMX = {"HX-Request": "true"}


@pytest.fixture
def two_and_six(workshop, make_session, submit_list, join_as) -> tuple[int, int]:
    """A session with 2 groups and one with 6, every group with two members and a
    submitted list for the first theme (one of them on paper)."""
    sessions = []
    for size in (2, 6):
        session_id = make_session(org="kunta", title=f"{size} ryhmää", groups=size,
                                  themes=("Palvelulupaus", "Rakenteet"))
        for number in range(1, size + 1):
            group = f"Ryhmä {number}"
            join_as(session_id, f"Jäsen {number}a", group=group)
            join_as(session_id, f"Jäsen {number}b", group=group, affiliation="staff")
            submit_list(session_id, group, [f"Asia {number}.{rank}" for rank in (1, 2, 3)],
                        paper=number == 2)
        sessions.append(session_id)
    return sessions[0], sessions[1]


PAGES = {
    "dashboard": ("/dashboard", {}),
    "dashboard-fragment": ("/dashboard", HTMX),
    "projector": ("/projector?reasoning=1", {}),
    "projector-fragment": ("/projector", HTMX),
    "projector-combined": ("/projector?show=combined&reasoning=1", HTMX),
    "aggregate": ("/themes/{theme}/aggregate", {}),
    "aggregate-fragment": ("/themes/{theme}/aggregate", HTMX),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_groups(client, two_and_six, ids, count_queries, page):
    counts = []
    for session_id in two_and_six:
        path, headers = PAGES[page]
        url = f"/sessions/{session_id}" + path.format(theme=ids(session_id)[1][0])
        with count_queries() as queries:
            response = client.get(url, headers=headers)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{page}: {counts}"
    assert counts[0] <= 12
