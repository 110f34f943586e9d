"""Parallel requests from one participant never take a ballot past the round's limits
(runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.conftest import csrf_token

PARALLEL = 50


def _clients_of(app, guest, count):
    """*count* test clients holding the same participant's cookie (parallel tabs)."""
    clients = []
    for _ in range(count):
        client = app.test_client()
        for cookie in guest._cookies.values():
            client.set_cookie(cookie.key, cookie.value)
        clients.append(client)
    return clients


def test_fifty_parallel_dots_from_one_participant_never_exceed_k(app, in_voting, voters,
                                                                open_vote, vote_round, ids,
                                                                ballot_of):
    round_id = open_vote(in_voting, budget=5, per_option=5)
    options = list(vote_round(round_id)["options"].values())
    guest, voter = voters[0]
    page = f"/p/{in_voting}/themes/{ids(in_voting)[1][0]}"
    token = csrf_token(guest, page)
    clients = _clients_of(app, guest, PARALLEL)

    def add_dot(index: int) -> int:
        return clients[index].post(f"/p/{in_voting}/rounds/{round_id}/adjust", data={
            "csrf_token": token, "option": options[index % len(options)], "delta": 1,
        }, headers={"HX-Request": "true"}).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(add_dot, range(PARALLEL)))
    marks = ballot_of(round_id, voter)
    assert sum(marks.values()) == 5
    assert statuses.count(200) == 5
    assert set(statuses) <= {200, 422, 503}


def test_parallel_first_votes_make_one_ballot(app, in_voting, voters, open_vote, vote_round,
                                              ids, ballot_of):
    from app.extensions import db
    from app.voting.models import VoteBallot

    round_id = open_vote(in_voting, mode="approval", budget=3)
    options = list(vote_round(round_id)["options"].values())
    guest, voter = voters[1]
    page = f"/p/{in_voting}/themes/{ids(in_voting)[1][0]}"
    token = csrf_token(guest, page)
    clients = _clients_of(app, guest, 8)

    def choose(index: int) -> int:
        return clients[index].post(f"/p/{in_voting}/rounds/{round_id}/adjust", data={
            "csrf_token": token, "option": options[index], "delta": 1,
        }).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(choose, range(8)))
    with app.app_context():
        ballots = db.session.scalar(db.select(db.func.count(VoteBallot.id)).where(
            VoteBallot.round_id == round_id, VoteBallot.participant_id == voter))
    assert ballots == 1
    assert len(ballot_of(round_id, voter)) == 3
