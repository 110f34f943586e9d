"""Privacy fixtures: a workshop with guests and a signed-in participant, closed some days ago."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.database import utcnow
from app.extensions import db
from app.sessions.models import Session, Stage
from tests.budgets.conftest import make_budget  # noqa: F401
from tests.comments.fixtures import item, post_comment  # noqa: F401
from tests.live.fixtures import submit_list, workshop  # noqa: F401


@pytest.fixture
def close(app):
    """close(session_id, days_ago): the session closed *days_ago* days ago."""

    def close_it(session_id: int, days_ago: float) -> None:
        with app.app_context():
            session = db.session.get(Session, session_id)
            session.stage = Stage.CLOSED
            session.closed_at = utcnow() - timedelta(days=days_ago)
            db.session.commit()

    return close_it


@pytest.fixture
def names(app):
    """names(session_id) → the participants' names in joining order."""
    from app.sessions.models import Participant

    def read(session_id: int) -> list[str]:
        with app.app_context():
            return list(db.session.scalars(
                sa.select(Participant.display_name).where(Participant.session_id == session_id)
                .order_by(Participant.id)))

    return read
