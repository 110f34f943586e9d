"""Comments in a user's data rights: the export has their comments, upvotes and flags
(written as the account and as a participant of a session); deleting the account keeps
their comments under "Deleted user" and removes their upvotes and flags; the guests'
names purge leaves the threads readable."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app.auth.models import User
from app.auth.services import find_user
from app.comments.models import Comment, CommentFlag, CommentThread, CommentUpvote
from app.extensions import db
from app.privacy.data_rights import delete_account, export_user_data
from app.privacy.retention import purge_guest_names
from app.sessions.models import Affiliation, Participant, Session
from app.sessions.services import join_session
from tests.comments.fixtures import thread_url
from tests.conftest import PASSWORD, csrf_token, post_form

EMAIL = "fasi@example.fi"  # the workshop's facilitator, signed in on ``client``


def _act(client, url: str, action: str, **data):
    response = client.post(action, data={"csrf_token": csrf_token(client, url), **data})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def _id_of(app, body: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Comment.id).where(Comment.body == body))


@pytest.fixture
def scene(app, client, workshop, item, join_as, post_comment):
    """On a combined-list item: Maija (a guest) comments; Fasi, the facilitator, comments
    as the account, flags Maija's comment, then joins the session signed in and, as its
    participant, comments and upvotes Maija's comment. Pekka upvotes Fasi's first comment
    and Maija answers it."""
    url = thread_url("aggregate", item)
    maija, _ = join_as(workshop, "Maija")
    pekka, _ = join_as(workshop, "Pekka", group="Ryhmä 2")
    post_comment(maija, url, "Maijan kommentti")
    maijas = _id_of(app, "Maijan kommentti")
    post_comment(client, url, "Fasi tilillään")
    fasis = _id_of(app, "Fasi tilillään")
    _act(client, url, f"/comments/c/{maijas}/flag", **{f"flag-{maijas}-reason": "Asiaton sävy"})
    with app.app_context():
        user = find_user(EMAIL)
        join_session(db.session.get(Session, workshop), user.display_name, Affiliation.STAFF,
                     user=user)
        db.session.commit()
    post_comment(client, url, "Fasi osallistujana")
    _act(client, url, f"/comments/c/{maijas}/upvote", on="1")
    _act(pekka, url, f"/comments/c/{fasis}/upvote", on="1")
    post_comment(maija, url, "Maija vastaa Fasille", parent=fasis)
    with app.app_context():
        assert db.session.scalars(sa.select(Comment.participant_id.is_(None))
                                  .where(Comment.id == fasis)).one()  # written as the account
    return {"url": url, "maija": maija, "pekka": pekka, "session": workshop,
            "maijas": maijas, "fasis": fasis}


def _export(app) -> dict:
    with app.app_context():
        return export_user_data(find_user(EMAIL))


def _delete(app) -> None:
    with app.app_context():
        delete_account(find_user(EMAIL))
        db.session.commit()


def _deleted_user(app) -> str:
    with app.test_request_context(), force_locale("fi"):
        return _("Deleted user")


# --- export ---------------------------------------------------------------------------


def test_the_export_has_comments_written_as_the_account_and_as_a_participant(app, scene):
    with app.app_context():
        comment = db.session.get(Comment, _id_of(app, "Fasi osallistujana"))
        comment.hidden_reason = "Ei liity aiheeseen"
        db.session.commit()
    comments = _export(app)["comments"]
    assert [c["text"] for c in comments] == ["Fasi tilillään", "Fasi osallistujana"]
    where = {"session": "Strategiatyöpaja", "budget_process": None, "on": "aggregate",
             "about": "Lähipalvelut"}
    for comment in comments:
        assert {key: comment[key] for key in where} == where
        assert comment["created_at"] and comment["reply"] is False
    assert (comments[0]["hidden"], comments[0]["hidden_reason"]) == (False, None)
    assert (comments[1]["hidden"], comments[1]["hidden_reason"]) == (True, "Ei liity aiheeseen")


def test_the_export_has_what_they_upvoted_and_flagged_and_why_not_others_doings(app, scene):
    data = _export(app)
    assert [(u["comment"], u["about"]) for u in data["comment_upvotes"]] == [
        ("Maijan kommentti", "Lähipalvelut")]
    assert [(f["comment"], f["reason"], f["session"]) for f in data["comment_flags"]] == [
        ("Maijan kommentti", "Asiaton sävy", "Strategiatyöpaja")]
    assert data["comment_upvotes"][0]["created_at"] and data["comment_flags"][0]["created_at"]
    written = [c["text"] for c in data["comments"]]
    assert "Maijan kommentti" not in written and "Maija vastaa Fasille" not in written


def test_the_downloaded_file_has_the_comments(app, client, scene):
    response = client.get("/account/data.json")
    assert response.status_code == 200, response.status_code
    text = response.get_data(as_text=True)
    assert "Fasi osallistujana" in text and "Asiaton sävy" in text


def test_a_proposal_comment_is_exported_with_its_process(app, make_user, make_budget,
                                                        post_comment):
    made = make_budget(phase="proposals")
    resident = app.test_client()
    make_user("asukas@example.fi", name="Asukas Aktiivinen")
    post_form(resident, "/login", {"email": "asukas@example.fi", "password": PASSWORD})
    post_comment(resident, thread_url("proposal", made.proposals["Puisto"]), "Hyvä puisto")
    with app.app_context():
        [comment] = export_user_data(find_user("asukas@example.fi"))["comments"]
    assert comment["text"] == "Hyvä puisto" and comment["on"] == "proposal"
    assert comment["about"] == "Puisto" and comment["session"] is None
    assert comment["budget_process"]


# --- deleting the account ---------------------------------------------------------------


def test_their_comments_stay_under_deleted_user_and_the_thread_renders(app, scene):
    _delete(app)
    page = scene["pekka"].get(scene["url"]).get_data(as_text=True)
    assert "Fasi tilillään" in page and "Fasi osallistujana" in page
    assert "Maija vastaa Fasille" in page and "Maijan kommentti" in page
    assert "Fasi Litaattori" not in page
    assert page.count(f'<strong class="comment-author">{_deleted_user(app)}</strong>') == 2
    with app.app_context():
        account_comment = db.session.get(Comment, scene["fasis"])
        assert account_comment.user_id is None and account_comment.participant_id is None
        replies = db.session.scalars(sa.select(Comment.body)
                                     .where(Comment.parent_id == scene["fasis"])).all()
        assert replies == ["Maija vastaa Fasille"]


def test_their_upvotes_and_flags_go_and_others_stay(app, scene):
    with app.app_context():
        user_id = find_user(EMAIL).id
        participant_id = db.session.scalar(sa.select(Participant.id)
                                           .where(Participant.user_id == user_id))
    _delete(app)
    with app.app_context():
        for model in (CommentUpvote, CommentFlag):
            left = db.session.execute(sa.select(model.comment_id, model.user_id,
                                                model.participant_id)).all()
            assert all(row.user_id is None and row.participant_id != participant_id
                       for row in left)
        upvoted = db.session.scalars(sa.select(CommentUpvote.comment_id)).all()
        assert upvoted == [scene["fasis"]]  # Pekka's upvote of Fasi's comment stays
        assert db.session.scalar(sa.select(sa.func.count(CommentFlag.id))) == 0
    page = scene["maija"].get(scene["url"]).get_data(as_text=True)
    assert "1 upvote" in page  # Pekka's, on the deleted user's comment


def test_an_open_thread_page_sees_the_change(app, scene):
    with app.app_context():
        before = db.session.scalar(sa.select(CommentThread.version))
    _delete(app)
    with app.app_context():
        assert db.session.scalar(sa.select(CommentThread.version)) > before


def test_a_comment_they_hid_stays_hidden_with_its_reason(app, client, scene):
    maijas = scene["maijas"]
    _act(client, scene["url"], f"/comments/c/{maijas}/hide",
         **{f"hide-{maijas}-reason": "Loukkaava"})
    _delete(app)
    with app.app_context():
        comment = db.session.get(Comment, maijas)
        assert comment.hidden_reason == "Loukkaava" and comment.hidden_by_id is None
        assert db.session.scalar(sa.select(sa.func.count(User.id))
                                 .where(User.email == EMAIL)) == 0
    page = scene["pekka"].get(scene["url"]).get_data(as_text=True)
    assert "Loukkaava" in page and "Maijan kommentti" not in page


def test_a_deleted_residents_proposal_comment_reads_as_deleted_user(app, make_user, make_budget,
                                                                   post_comment):
    made = make_budget(phase="proposals")
    proposal = made.proposals["Puisto"]
    resident = app.test_client()
    make_user("asukas@example.fi", name="Asukas Aktiivinen")
    post_form(resident, "/login", {"email": "asukas@example.fi", "password": PASSWORD})
    post_comment(resident, thread_url("proposal", proposal), "Hyvä puisto")
    with app.app_context():
        delete_account(find_user("asukas@example.fi"))
        db.session.commit()
    page = app.test_client().get(f"/budgets/{made.process_id}/proposals/{proposal}",
                                 headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Hyvä puisto" in page and "Asukas Aktiivinen" not in page
    assert '<strong class="comment-author">Deleted user</strong>' in page


# --- the guests' names purge ---------------------------------------------------------------


def test_after_the_purge_guests_comments_read_under_guest_numbers(app, client, scene, close):
    close(scene["session"], days_ago=200)
    with app.app_context():
        [purged] = purge_guest_names()
        db.session.commit()
    assert purged.session_id == scene["session"]
    page = client.get(scene["url"]).get_data(as_text=True)
    assert "Maijan kommentti" in page and "Maija vastaa Fasille" in page
    assert "Maija" not in page.replace("Maijan kommentti", "").replace("Maija vastaa", "")
    with app.app_context():
        name = db.session.scalar(sa.select(Participant.display_name).join(
            Comment, Comment.participant_id == Participant.id).where(
            Comment.id == scene["maijas"]))
    with app.test_request_context(), force_locale("fi"):
        numbered = [_("Guest %(number)s", number=n) for n in (1, 2, 3)]
    assert name in numbered
    assert page.count(f'<strong class="comment-author">{name}</strong>') == 2
