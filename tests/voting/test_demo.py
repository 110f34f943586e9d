"""The demo gives results, the memo and the exports something to show."""

from __future__ import annotations

import json

from app.extensions import db
from app.sessions.models import Session, Theme
from app.voting.results import rounds_of, session_results_of


def test_the_demo_has_a_closed_dot_vote_and_a_closed_approval_vote(app, runner):
    demo = json.loads(runner.invoke(args=["seed", "demo", "--json"]).output)
    runner.invoke(args=["seed", "demo"])  # idempotent: no second round
    with app.app_context():
        found = {}
        for key in ("workshop_id", "brainstorm_id"):
            session = db.session.get(Session, demo[key])
            themes = db.session.scalars(db.select(Theme).where(
                Theme.session_id == session.id).order_by(Theme.position)).all()
            rounds = [r for rs in rounds_of(t.id for t in themes).values() for r in rs]
            [vote] = rounds
            results = session_results_of(session, [vote])[vote.id]
            found[key] = (vote.mode.value, vote.is_open, vote.theme_id == themes[0].id,
                          results.ballots, results.has_paper)
    assert found["workshop_id"] == ("dots", False, True, 12, True)
    assert found["brainstorm_id"] == ("approval", False, True, 6, False)
