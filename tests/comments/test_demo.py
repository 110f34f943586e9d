"""The demo has a few comments: a conversation on the workshop's first theme and one on a
PB proposal; seeding again adds none."""

import json

import sqlalchemy as sa

from app.comments.models import Comment, CommentThread, CommentUpvote, Target
from app.extensions import db
from tests.conftest import post_form


def test_the_demo_has_comments_a_reply_and_upvotes_and_seeding_again_adds_none(app, runner):
    ids = json.loads(runner.invoke(args=["seed", "demo", "--json"]).output)
    runner.invoke(args=["seed", "demo", "--json"])
    with app.app_context():
        threads = db.session.execute(sa.select(CommentThread.target, sa.func.count(Comment.id))
                                     .join(Comment).group_by(CommentThread.target)).all()
        assert dict(threads) == {Target.AGGREGATE: 3, Target.PRIORITY: 1, Target.PROPOSAL: 1}
        assert db.session.scalar(sa.select(sa.func.count(Comment.id))
                                 .where(Comment.parent_id.is_not(None))) == 1
        assert db.session.scalar(sa.select(sa.func.count(CommentUpvote.id))) == 3
        assert db.session.scalar(sa.select(CommentThread.session_id).where(
            CommentThread.target == Target.AGGREGATE)) == ids["workshop_id"]


def test_the_demo_memo_shows_the_comments(client, runner):
    ids = json.loads(runner.invoke(args=["seed", "demo", "--json"]).output)
    post_form(client, "/login", {"email": ids["email"], "password": ids["password"]})
    memo = client.get(f"/sessions/{ids['workshop_id']}/memo").get_data(as_text=True)
    assert "selkokielellä" in memo and "kuka maksaa" in memo
