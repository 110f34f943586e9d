"""A latecomer put in a group automatically never lands in a group whose list for the
current theme is already submitted, even while that list is being submitted."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from app.extensions import db
from app.groupwork.models import Submission, SubmissionState
from app.sessions.models import Group, Participant, Session, Theme
from tests.conftest import csrf_token
from tests.groupwork.conftest import save

JOINER = {"affiliation": "resident", "group": ""}


def _ids(app, session_id):
    with app.app_context():
        groups = dict(db.session.execute(sa.select(Group.name, Group.id).where(
            Group.session_id == session_id)).all())
        themes = db.session.scalars(sa.select(Theme.id).where(Theme.session_id == session_id)
                                    .order_by(Theme.position)).all()
        code = db.session.get(Session, session_id).join_code
    return groups, themes, code


def _submitted(app, group_id, theme_id):
    with app.app_context():
        db.session.add(Submission(group_id=group_id, theme_id=theme_id,
                                  state=SubmissionState.SUBMITTED))
        db.session.commit()


def _join(client, code, name):
    path = f"/join/{code}"
    return client.post(path, data={"csrf_token": csrf_token(client, path),
                                   "display_name": name, **JOINER})


def _group_of(app, name):
    with app.app_context():
        return db.session.scalar(sa.select(Group.name).join(
            Participant, Participant.group_id == Group.id).where(Participant.display_name == name))


def test_a_latecomer_skips_the_smallest_group_once_it_has_submitted(app, client, make_session,
                                                                     join_as):
    session_id = make_session(themes=("Palvelulupaus", "Yhteistyö"))
    groups, themes, code = _ids(app, session_id)
    join_as(session_id, "Eka", group="Ryhmä 2")
    join_as(session_id, "Toka", group="Ryhmä 3")
    _submitted(app, groups["Ryhmä 1"], themes[0])  # the smallest group (nobody in it)
    assert _join(client, code, "Myöhäinen").status_code == 303
    assert _group_of(app, "Myöhäinen") == "Ryhmä 2"


def test_a_list_submitted_for_another_theme_does_not_close_the_group(app, client, make_session):
    session_id = make_session(themes=("Palvelulupaus", "Yhteistyö"))
    groups, themes, code = _ids(app, session_id)
    _submitted(app, groups["Ryhmä 1"], themes[1])  # not the theme the room works on now
    _join(client, code, "Myöhäinen")
    assert _group_of(app, "Myöhäinen") == "Ryhmä 1"


def test_when_every_group_has_submitted_the_latecomer_waits_for_the_facilitator(
        app, client, make_session):
    session_id = make_session()
    groups, themes, code = _ids(app, session_id)
    for group_id in groups.values():
        _submitted(app, group_id, themes[0])
    assert _join(client, code, "Myöhäinen").status_code == 303
    assert _group_of(app, "Myöhäinen") is None
    page = client.get(f"/p/{session_id}/themes/{themes[0]}", follow_redirects=True)
    assert "Ask the facilitator to put you in one." in page.get_data(as_text=True)


def test_latecomers_joining_while_a_group_submits_never_join_it_afterwards(
        app, make_session, join_as):
    """Joins and a submit of the only open group run at once: whoever joined that group
    joined before its list was submitted (on PostgreSQL the join waits for the submit)."""
    session_id = make_session(groups=2)
    groups, themes, code = _ids(app, session_id)
    _submitted(app, groups["Ryhmä 2"], themes[0])
    member, _ = join_as(session_id, "Jäsen", group="Ryhmä 1")

    class Page:  # what tests.groupwork's save() needs to know of the page
        id, theme = session_id, themes[0]

    for rank, title in enumerate(("Tilat", "Avustukset", "Palveluohjaus"), start=1):
        assert save(member, Page, rank, title).status_code == 303
    submit_token = csrf_token(member, f"/p/{session_id}/themes/{themes[0]}")
    joiners = 12
    clients = [app.test_client() for _ in range(joiners)]
    tokens = [csrf_token(c, f"/join/{code}") for c in clients]
    start = threading.Barrier(joiners + 1)

    def join(number: int) -> int:
        start.wait()
        return clients[number].post(f"/join/{code}", data={
            "csrf_token": tokens[number], "display_name": f"Myöhäinen {number}",
            **JOINER}).status_code

    def submit() -> int:
        start.wait()
        return member.post(f"/p/{session_id}/themes/{themes[0]}/submit",
                           data={"csrf_token": submit_token}).status_code

    with ThreadPoolExecutor(joiners + 1) as pool:
        submitted = pool.submit(submit)
        statuses = list(pool.map(join, range(joiners)))
    assert submitted.result() == 303
    assert statuses == [303] * joiners
    with app.app_context():
        submitted_at = db.session.scalar(sa.select(Submission.submitted_at).where(
            Submission.group_id == groups["Ryhmä 1"]))
        placed = db.session.execute(sa.select(Participant.group_id, Participant.joined_at).where(
            Participant.display_name.startswith("Myöhäinen"))).all()
    assert len(placed) == joiners
    for group_id, joined_at in placed:
        assert group_id in (groups["Ryhmä 1"], None)
        if group_id is not None:
            assert joined_at <= submitted_at
