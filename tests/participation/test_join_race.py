"""A session's participant limit holds when many people join at the same moment."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from app.extensions import db
from app.sessions.models import Participant, Session
from tests.conftest import csrf_token

LIMIT = 5
JOINERS = 30


def test_parallel_joins_never_admit_more_than_the_limit(app, make_session):
    session_id = make_session()
    with app.app_context():
        session = db.session.get(Session, session_id)
        session.max_participants = LIMIT
        code = session.join_code
        db.session.commit()
    path = f"/join/{code}"
    # Every joiner has its own browser and its form open before anyone sends it.
    clients = [app.test_client() for _ in range(JOINERS)]
    tokens = [csrf_token(client, path) for client in clients]
    start = threading.Barrier(JOINERS)

    def join(number: int) -> int:
        start.wait()
        return clients[number].post(path, data={
            "csrf_token": tokens[number], "display_name": f"Osallistuja {number}",
            "affiliation": "resident", "group": ""}).status_code

    with ThreadPoolExecutor(JOINERS) as pool:
        statuses = list(pool.map(join, range(JOINERS)))

    with app.app_context():
        joined = db.session.scalar(sa.select(sa.func.count(Participant.id)).where(
            Participant.session_id == session_id))
    assert joined == LIMIT
    assert sorted(statuses) == [303] * LIMIT + [409] * (JOINERS - LIMIT)
