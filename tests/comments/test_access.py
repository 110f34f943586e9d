"""Nobody reads or writes a session's comments without having joined it or running it."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.groupwork import services as groupwork
from app.sessions.models import Group, Participant, Session, Theme
from tests.comments.fixtures import thread_url
from tests.conftest import csrf_token
from tests.live.fixtures import REFUSAL


@pytest.mark.parametrize("role", ["anonymous", "staff", "outsider"])
def test_outsiders_cannot_read_or_post(client_as, workshop, item, role):
    url = thread_url("aggregate", item)
    visitor = client_as(role, workshop)
    assert visitor.get(url).status_code == REFUSAL[role]
    assert visitor.get(url, headers={"HX-Request": "true"}).status_code == REFUSAL[role]
    response = visitor.post(url, data={"body": "Ulkopuolelta"})
    assert response.status_code in (400, REFUSAL[role])


def test_a_participant_of_another_session_gets_404(make_session, workshop, item, join_as):
    other = make_session(org="kunta", title="Toinen")
    stranger, _ = join_as(other, "Vieras")
    url = thread_url("aggregate", item)
    assert stranger.get(url).status_code == 404
    token = csrf_token(stranger)
    assert stranger.post(url, data={"csrf_token": token, "body": "x"}).status_code == 404


def test_an_unknown_thing_is_404(join_as, workshop):
    guest, _ = join_as(workshop, "Maija")
    assert guest.get("/comments/aggregate/999999").status_code == 404
    assert guest.get("/comments/ballot/1").status_code == 404
    assert guest.get("/comments/c/999999/upvote").status_code in (404, 405)


def _draft_priority(app, session_id: int) -> int:
    with app.app_context():
        session = db.session.get(Session, session_id)
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
        group = db.session.scalar(sa.select(Group).where(Group.session_id == session_id,
                                                         Group.name == "Ryhmä 1"))
        member = db.session.scalar(sa.select(Participant).where(Participant.group_id ==
                                                                group.id))
        priority = groupwork.save_slot(session, member, theme, 1, "Luonnos", "Kesken", 0)
        db.session.commit()
        return priority.id


def test_a_groups_unsubmitted_priority_is_for_the_group_only(app, workshop, join_as):
    own, _ = join_as(workshop, "Maija", group="Ryhmä 1")
    other, _ = join_as(workshop, "Pekka", group="Ryhmä 2")
    url = thread_url("priority", _draft_priority(app, workshop))
    assert own.get(url).status_code == 200
    assert other.get(url).status_code == 404


def test_a_submitted_priority_is_open_to_the_whole_session(app, workshop, join_as,
                                                           submit_list):
    submit_list(workshop, "Ryhmä 1", ["Yksi", "Kaksi", "Kolme"])
    with app.app_context():
        priority_id = db.session.scalar(sa.text("SELECT id FROM priorities WHERE title = 'Yksi'"))
    other, _ = join_as(workshop, "Pekka", group="Ryhmä 2")
    page = other.get(thread_url("priority", priority_id))
    assert page.status_code == 200 and "Yksi" in page.get_data(as_text=True)


def test_a_hidden_idea_takes_no_comments(idea_board):
    _, guest, add = idea_board
    shown_id = add("Näkyvä idea")
    hidden_id = add("Piilotettu idea", hidden_reason="Toisto")
    assert guest.get(thread_url("idea", shown_id)).status_code == 200
    assert guest.get(thread_url("idea", hidden_id)).status_code == 404
