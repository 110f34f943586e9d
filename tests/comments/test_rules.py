"""Upvotes, flags, hiding and restoring, and turning comments off."""

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.comments.models import CommentFlag, CommentUpvote
from app.extensions import db
from app.sessions.models import Session, Stage
from tests.comments.fixtures import HTMX, comment_ids, thread_url
from tests.conftest import csrf_token


@pytest.fixture
def thread(workshop, item, join_as, post_comment):
    """Maija's comment on a combined-list item; (url, comment id, maija, pekka)."""
    maija, _ = join_as(workshop, "Maija")
    pekka, _ = join_as(workshop, "Pekka", group="Ryhmä 2")
    url = thread_url("aggregate", item)
    post_comment(maija, url, "Kommentti, jota arvioidaan")
    [comment] = comment_ids(maija.get(url).get_data(as_text=True))
    return url, comment, maija, pekka


def _post(client, url, action, **data):
    return client.post(action, data={"csrf_token": csrf_token(client, url), **data})


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(model.id)))


def test_an_upvote_counts_once_however_often_it_is_sent(app, thread):
    url, comment, _, pekka = thread
    for _ in range(3):
        assert _post(pekka, url, f"/comments/c/{comment}/upvote", on="1").status_code == 303
    assert _count(app, CommentUpvote) == 1
    page = pekka.get(url).get_data(as_text=True)
    assert "1 upvote" in page and 'aria-pressed="true"' in page


def test_an_upvote_can_be_taken_back(app, thread):
    url, comment, _, pekka = thread
    _post(pekka, url, f"/comments/c/{comment}/upvote", on="1")
    _post(pekka, url, f"/comments/c/{comment}/upvote", on="0")
    assert _count(app, CommentUpvote) == 0
    assert "0 upvotes" in pekka.get(url).get_data(as_text=True)


def test_the_database_allows_one_upvote_per_person(app, thread):
    _, comment, _, _ = thread
    with app.app_context():
        participant_id = db.session.scalar(sa.text(
            "SELECT id FROM participants WHERE display_name = 'Pekka'"))
        db.session.add(CommentUpvote(comment_id=comment, participant_id=participant_id))
        db.session.flush()
        db.session.add(CommentUpvote(comment_id=comment, participant_id=participant_id))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_nobody_upvotes_their_own_comment(app, thread):
    url, comment, maija, _ = thread
    assert f'id="upvote-{comment}"' not in maija.get(url).get_data(as_text=True)
    response = _post(maija, url, f"/comments/c/{comment}/upvote", on="1")
    assert response.status_code == 409
    assert "You cannot upvote your own comment." in response.get_data(as_text=True)
    assert _count(app, CommentUpvote) == 0


def test_a_flag_needs_a_reason(app, thread):
    url, comment, _, pekka = thread
    response = _post(pekka, url, f"/comments/c/{comment}/flag", **{f"flag-{comment}-reason": ""})
    assert response.status_code == 422
    assert "Say why you flag the comment." in response.get_data(as_text=True)
    assert _count(app, CommentFlag) == 0


def test_flagging_twice_is_refused_and_the_facilitator_sees_the_flag(app, client, thread):
    url, comment, _, pekka = thread
    field = f"flag-{comment}-reason"
    assert _post(pekka, url, f"/comments/c/{comment}/flag", **{field: "Asiaton"}).status_code \
        == 303
    assert "You flagged this" in pekka.get(url).get_data(as_text=True)
    again = _post(pekka, url, f"/comments/c/{comment}/flag", **{field: "Vielä"})
    assert again.status_code == 409
    assert "You have already flagged this comment." in again.get_data(as_text=True)
    assert _count(app, CommentFlag) == 1
    assert "1 flag" in client.get(url).get_data(as_text=True)


def test_a_participant_cannot_hide(app, thread):
    url, comment, _, pekka = thread
    response = _post(pekka, url, f"/comments/c/{comment}/hide",
                     **{f"hide-{comment}-reason": "Minä päätän"})
    assert response.status_code in (302, 403)  # a guest is sent to sign in, or refused
    assert "Kommentti, jota arvioidaan" in pekka.get(url).get_data(as_text=True)


def test_the_facilitator_hides_with_a_reason_shown_in_its_place_and_restores(app, client,
                                                                             thread):
    url, comment, maija, _ = thread
    response = _post(client, url, f"/comments/c/{comment}/hide",
                     **{f"hide-{comment}-reason": "Henkilötietoja"})
    assert response.status_code == 303
    page = maija.get(url).get_data(as_text=True)
    assert "Kommentti, jota arvioidaan" not in page
    assert "Hidden by the facilitators: Henkilötietoja" in page
    assert "0 comments" in page
    response = _post(client, url, f"/comments/c/{comment}/restore")
    assert response.status_code == 303
    assert "Kommentti, jota arvioidaan" in maija.get(url).get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action)
                                     .where(AuditEntry.object_type == "comments")
                                     .order_by(AuditEntry.id)).all()
    assert actions == ["comment.hidden", "comment.restored"]


def test_hiding_needs_a_reason(client, thread):
    url, comment, _, _ = thread
    response = _post(client, url, f"/comments/c/{comment}/hide",
                     **{f"hide-{comment}-reason": ""})
    assert response.status_code == 422
    assert "Give the reason shown in its place." in response.get_data(as_text=True)


def test_hiding_with_htmx_swaps_the_thread(client, thread):
    url, comment, _, _ = thread
    response = client.post(f"/comments/c/{comment}/hide", headers=HTMX, data={
        "csrf_token": csrf_token(client, url), f"hide-{comment}-reason": "Toisto"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert "Hidden by the facilitators: Toisto" in html and "The comment was hidden." in html


def test_comments_off_removes_the_form_and_refuses_posts(app, client, workshop, thread,
                                                         post_comment):
    url, comment, maija, pekka = thread
    detail = client.get(f"/sessions/{workshop}").get_data(as_text=True)
    assert "Turn comments off" in detail
    response = _post(client, f"/sessions/{workshop}", f"/sessions/{workshop}/comments",
                     enabled="0")
    assert response.status_code == 303
    page = maija.get(url).get_data(as_text=True)
    assert 'id="comment-form-' not in page
    assert "The facilitator has turned comments off in this session." in page
    assert "Kommentti, jota arvioidaan" in page  # what was written stays
    refused = post_comment(maija, url, "Silti?")
    assert refused.status_code == 409
    assert _post(pekka, url, f"/comments/c/{comment}/upvote", on="1").status_code == 409
    with app.app_context():
        assert db.session.get(Session, workshop).comments_enabled is False
        assert db.session.scalar(sa.select(AuditEntry.action).where(
            AuditEntry.action == "session.comments")) == "session.comments"
    _post(client, f"/sessions/{workshop}", f"/sessions/{workshop}/comments", enabled="1")
    assert post_comment(maija, url, "Taas auki").status_code == 303


def test_a_participant_cannot_turn_comments_off(app, workshop, thread):
    _, _, maija, _ = thread
    response = maija.post(f"/sessions/{workshop}/comments", data={"enabled": "0"})
    assert response.status_code in (302, 400, 403)
    with app.app_context():
        assert db.session.get(Session, workshop).comments_enabled is True


@pytest.mark.parametrize("stage", ["draft", "closed"])
def test_no_comments_before_the_session_opens_or_after_it_closes(app, workshop, thread,
                                                                 post_comment, stage):
    url, _, maija, _ = thread
    with app.app_context():
        db.session.get(Session, workshop).stage = Stage(stage)
        db.session.commit()
    assert 'id="comment-form-' not in maija.get(url).get_data(as_text=True)
    assert post_comment(maija, url, "Myöhässä").status_code == 409


def test_merging_items_and_undoing_the_merge_keep_their_comments(app, client, workshop, ids,
                                                                submit_list, join_as,
                                                                post_comment):
    from app.aggregation.models import AggregateItem

    first = submit_list(workshop, "Ryhmä 1", ["Lähipalvelut", "Liikenne", "Nuoret"])
    second = submit_list(workshop, "Ryhmä 2", ["Palvelut lähellä", "Kulttuuri", "Liikunta"])
    maija, _ = join_as(workshop, "Maija")
    post_comment(maija, thread_url("aggregate", first["Lähipalvelut"]), "Ensimmäiseen")
    post_comment(maija, thread_url("aggregate", second["Palvelut lähellä"]), "Toiseen")
    theme = ids(workshop)[1][0]
    merge_url = f"/sessions/{workshop}/themes/{theme}/aggregate"
    client.post(f"{merge_url}/merge", data={
        "csrf_token": csrf_token(client, merge_url), "title": "Lähipalvelut",
        "items": [first["Lähipalvelut"], second["Palvelut lähellä"]]})
    with app.app_context():
        merged = db.session.scalar(sa.select(AggregateItem.id).where(AggregateItem.merged))
    assert merged is not None
    page = maija.get(thread_url("aggregate", merged)).get_data(as_text=True)
    assert "Ensimmäiseen" in page and "Toiseen" in page
    client.post(f"{merge_url}/items/{merged}/undo",
                data={"csrf_token": csrf_token(client, merge_url)})
    with app.app_context():
        singles = db.session.scalars(sa.select(AggregateItem.id)).all()
    assert merged not in singles
    kept = "".join(maija.get(thread_url("aggregate", single)).get_data(as_text=True)
                   for single in singles)
    assert "Ensimmäiseen" in kept and "Toiseen" in kept


def test_the_setup_page_lists_flagged_comments_until_they_are_hidden(client, workshop, thread):
    url, comment, _, pekka = thread
    _post(pekka, url, f"/comments/c/{comment}/flag", **{f"flag-{comment}-reason": "Asiaton"})
    setup = client.get(f"/sessions/{workshop}").get_data(as_text=True)
    assert "Flagged by participants" in setup
    assert f'href="{url}#comment-{comment}">Kommentti, jota arvioidaan</a>' in setup
    assert "Reasons given: Asiaton" in setup  # the facilitator reads why, not who
    _post(client, url, f"/comments/c/{comment}/hide", **{f"hide-{comment}-reason": "Asiaton"})
    assert "Flagged by participants" not in client.get(f"/sessions/{workshop}").get_data(
        as_text=True)
