"""Pages and fragments run the same number of SQL statements for 5 ideas as for 40
(with their supports and sub-themes growing too)."""

from __future__ import annotations

import pytest

from app.brainstorm.models import Cluster, Idea, Support
from app.extensions import db
from tests.brainstorm.conftest import post

HTMX = {"HX-Request": "true"}


@pytest.fixture
def fill(app, brainstorm, join_as):
    """Give the first question *n* ideas, n/5 sub-themes and three supports per idea."""
    supporters = [join_as(brainstorm.session_id, f"Tukija {i}", group=None)[1] for i in range(3)]

    def make(n: int, author: int) -> None:
        with app.app_context():
            clusters = [Cluster(theme_id=brainstorm.theme_id, title=f"Alateema {i}", position=i)
                        for i in range(n // 5)]
            db.session.add_all(clusters)
            db.session.flush()
            ideas = [Idea(theme_id=brainstorm.theme_id, participant_id=author, text=f"Idea {i}",
                          cluster_id=clusters[i % len(clusters)].id if i % 2 else None,
                          hidden_reason="Syy" if i % 7 == 0 else None)
                     for i in range(n)]
            db.session.add_all(ideas)
            db.session.flush()
            db.session.add_all([Support(idea_id=idea.id, participant_id=who)
                                for idea in ideas for who in supporters])
            db.session.commit()

    return make


def _count(count_queries, request) -> int:
    with count_queries() as statements:
        response = request()
    assert response.status_code == 200, response.status_code
    return len(statements)


REQUESTS = {
    "board page": lambda b, guest, fac: guest.get(b.board),
    "board fragment": lambda b, guest, fac: guest.get(f"{b.board}?theme={b.theme_id}",
                                                      headers=HTMX),
    "manage page": lambda b, guest, fac: fac.get(b.manage()),
    "manage fragment": lambda b, guest, fac: fac.get(b.manage(), headers=HTMX),
}


@pytest.mark.parametrize("name", REQUESTS)
def test_pages_and_fragments_use_a_constant_number_of_queries(
        name, app, brainstorm, facilitator, join_as, fill, count_queries):
    guest, author = join_as(brainstorm.session_id, "Kirjoittaja", group=None)
    fill(5, author)
    few = _count(count_queries, lambda: REQUESTS[name](brainstorm, guest, facilitator))
    fill(35, author)
    many = _count(count_queries, lambda: REQUESTS[name](brainstorm, guest, facilitator))
    assert few == many
    assert many <= 8


def test_a_support_answer_uses_a_constant_number_of_queries(
        app, brainstorm, join_as, fill, count_queries):
    guest, author = join_as(brainstorm.session_id, "Kirjoittaja", group=None)
    fill(5, author)
    other, _ = join_as(brainstorm.session_id, "Toinen", group=None)

    def support(idea_id: int):
        return lambda: post(other, brainstorm.support_url(idea_id), {"supported": "1"},
                            brainstorm.board, htmx=True)

    few = _count(count_queries, support(2))
    fill(35, author)
    many = _count(count_queries, support(3))
    # The CSRF page load inside post() is counted too; both sides do the same work.
    assert few == many


def test_an_unchanged_poll_reads_only_what_access_needs(
        brainstorm, guest, facilitator, count_queries):
    url = f"{brainstorm.board}?theme={brainstorm.theme_id}"
    tag = guest.get(url, headers=HTMX).headers["ETag"]
    with count_queries() as statements:
        response = guest.get(url, headers={**HTMX, "If-None-Match": tag})
    assert response.status_code == 304
    # The participant behind the cookie with the session's and the question's versions.
    assert len(statements) == 1

    tag = facilitator.get(brainstorm.manage(), headers=HTMX).headers["ETag"]
    with count_queries() as statements:
        response = facilitator.get(brainstorm.manage(), headers={**HTMX, "If-None-Match": tag})
    assert response.status_code == 304
    # The signed-in user (with memberships), the session and the question's version.
    assert len(statements) <= 4
    assert all("ideas" not in statement for statement in statements)
