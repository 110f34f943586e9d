"""Writes with a limit or a uniqueness rule, hammered in parallel; the rule checked after.

Every such write and where its parallel test is (each runs on SQLite and, with
TEST_DATABASE_URL, on PostgreSQL, as CI does):

- a join with a participant limit: never more than ``max_participants``
  (tests/participation/test_join_race.py);
- dots, approval and ranked marks: never past K, nor M on one option; a participant's
  first vote: one ballot per participant and round (tests/voting/test_races.py);
- a PB ballot: one per voter, within the budget, the area rule
  (tests/budgets/test_concurrency.py);
- here: a group's place 1 on an empty list (one row per place); submitting a group's
  list (once; each priority once in the combined list); merging combined-list items
  (every priority in exactly one item, none left empty); opening a vote round (one open
  round per theme); supporting an idea (once per participant and idea); accepting an
  invitation (one membership, the link used once) or creating an account from it (one
  account); a password-reset link (works once).

Requests go through the routes (so a lost race must answer 409/404/422, never 500),
from separate test clients released together by a barrier.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from app.aggregation.models import AggregateItem
from app.auth.models import User
from app.brainstorm.models import Idea, Support
from app.extensions import db
from app.groupwork.models import Priority, Submission, SubmissionState
from app.organisations.models import Invitation, Membership, Organisation
from app.sessions.models import Session, Stage, Theme
from app.voting.models import RoundState, VoteRound
from tests.conftest import PASSWORD, csrf_token, link_in, post_form
from tests.live import fixtures

submit_list = fixtures.submit_list

PARALLEL = 12


def together(count: int, request: Callable[[int], int]) -> list[int]:
    """Run request(0…count-1) in threads released at the same moment; their statuses."""
    start = threading.Barrier(count)

    def run(number: int) -> int:
        start.wait()
        return request(number)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def copies(app, client: FlaskClient, count: int) -> list[FlaskClient]:
    """*count* clients with *client*'s cookies: the same person in parallel tabs (take
    the CSRF token first: it lives in the cookie)."""
    made = []
    for _ in range(count):
        other = app.test_client()
        for cookie in client._cookies.values():
            other.set_cookie(cookie.key, cookie.value)
        made.append(other)
    return made


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


@pytest.fixture
def facilitator(app, client, make_org, make_user, login):
    make_org("kunta")
    login(make_user(org="kunta", role="facilitator"))
    return client


def _theme_of(app, session_id: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Theme.id).where(Theme.session_id == session_id)
                                 .order_by(Theme.position))


# --- group work ----------------------------------------------------------------


def test_parallel_first_saves_of_place_1_keep_one_row(app, make_session, join_as):
    session_id = make_session()
    theme_id = _theme_of(app, session_id)
    members = [join_as(session_id, f"Jäsen {n}")[0] for n in range(PARALLEL)]
    base = f"/p/{session_id}/themes/{theme_id}"
    tokens = [csrf_token(member, base) for member in members]

    def save(number: int) -> int:
        return members[number].post(f"{base}/slots/1", data={
            "slot-1-csrf_token": tokens[number], "slot-1-title": f"Otsikko {number}",
            "slot-1-reasoning": "Perustelu", "slot-1-version": 0},
            headers={"HX-Request": "true"}).status_code

    statuses = together(PARALLEL, save)
    with app.app_context():
        ranks = db.session.scalars(sa.select(Priority.rank).join(Submission).where(
            Submission.theme_id == theme_id)).all()
    assert ranks == [1]
    assert statuses.count(200) == 1 and set(statuses) <= {200, 409}


def test_parallel_submits_of_one_list_submit_it_once(app, make_session, join_as):
    session_id = make_session()
    theme_id = _theme_of(app, session_id)
    members = [join_as(session_id, f"Jäsen {n}")[0] for n in range(PARALLEL)]
    base = f"/p/{session_id}/themes/{theme_id}"
    for rank in (1, 2, 3):
        saved = members[0].post(f"{base}/slots/{rank}", data={
            f"slot-{rank}-csrf_token": csrf_token(members[0], base),
            f"slot-{rank}-title": f"Asia {rank}", f"slot-{rank}-reasoning": "Perustelu",
            f"slot-{rank}-version": 0}, headers={"HX-Request": "true"})
        assert saved.status_code == 200
    tokens = [csrf_token(member, base) for member in members]
    statuses = together(PARALLEL, lambda n: members[n].post(
        f"{base}/submit", data={"csrf_token": tokens[n]},
        headers={"HX-Request": "true"}).status_code)

    with app.app_context():
        submissions = db.session.scalars(sa.select(Submission).where(
            Submission.theme_id == theme_id)).all()
        in_list = db.session.scalars(sa.select(Priority.aggregate_id).join(Submission).where(
            Submission.theme_id == theme_id)).all()
        items = count(AggregateItem, AggregateItem.theme_id == theme_id)
    assert [s.state for s in submissions] == [SubmissionState.SUBMITTED]
    assert None not in in_list and len(set(in_list)) == 3 and items == 3
    assert statuses.count(200) == 1 and set(statuses) <= {200, 409}


# --- the combined list -----------------------------------------------------------


def test_parallel_identical_merges_leave_every_priority_in_one_item_and_none_empty(
        app, facilitator, make_session, submit_list):
    session_id = make_session()
    theme_id = _theme_of(app, session_id)
    first = submit_list(session_id, "Ryhmä 1", ["Tilat", "Avustukset", "Liikunta"])
    second = submit_list(session_id, "Ryhmä 2", ["Tilat maksutta", "Digituki", "Kulttuuri"])
    path = f"/sessions/{session_id}/themes/{theme_id}/aggregate"
    token = csrf_token(facilitator, path)
    tabs = copies(app, facilitator, PARALLEL)

    def merge(number: int) -> int:
        return tabs[number].post(f"{path}/merge", data={
            "csrf_token": token, "items": [first["Tilat"], second["Tilat maksutta"]],
            "title": f"Maksuttomat tilat {number}"}).status_code

    statuses = together(PARALLEL, merge)
    with app.app_context():
        items = db.session.scalars(sa.select(AggregateItem).where(
            AggregateItem.theme_id == theme_id)).all()
        members = {item.id: count(Priority, Priority.aggregate_id == item.id) for item in items}
        priorities = count(Priority, Priority.aggregate_id.is_not(None))
    assert 0 not in members.values(), "a merge left an item without any group's priority"
    assert len(items) == 5 and priorities == 6
    assert sum(1 for item in items if item.merged) == 1
    assert statuses.count(302) == 1 and set(statuses) <= {302, 404, 409}


# --- votes -----------------------------------------------------------------------


def test_parallel_opens_of_a_vote_on_one_theme_open_one_round(app, facilitator, make_session,
                                                              submit_list):
    session_id = make_session()
    theme_id = _theme_of(app, session_id)
    submit_list(session_id, "Ryhmä 1", ["Tilat", "Avustukset", "Liikunta"])
    with app.app_context():
        db.session.get(Session, session_id).stage = Stage.VOTING
        db.session.commit()
    page = f"/sessions/{session_id}/themes/{theme_id}/vote"
    token = csrf_token(facilitator, page)
    tabs = copies(app, facilitator, PARALLEL)
    statuses = together(PARALLEL, lambda n: tabs[n].post(
        f"/sessions/{session_id}/themes/{theme_id}/rounds",
        data={"csrf_token": token, "mode": "dots", "target": "aggregate"}).status_code)
    with app.app_context():
        open_rounds = count(VoteRound, VoteRound.theme_id == theme_id,
                            VoteRound.state == RoundState.OPEN)
    assert open_rounds == 1
    assert statuses.count(303) == 1 and set(statuses) <= {303, 409}


def test_parallel_supports_of_one_idea_by_one_participant_count_once(app, make_session,
                                                                     join_as):
    session_id = make_session(kind="brainstorm")
    theme_id = _theme_of(app, session_id)
    guest, _ = join_as(session_id, "Tukija", group=None)
    _, author = join_as(session_id, "Ideoija", group=None)
    with app.app_context():
        idea = Idea(theme_id=theme_id, participant_id=author, text="Pyöräparkki")
        db.session.add(idea)
        db.session.commit()
        idea_id = idea.id
    token = csrf_token(guest, f"/p/{session_id}/ideas")
    tabs = copies(app, guest, PARALLEL)
    statuses = together(PARALLEL, lambda n: tabs[n].post(
        f"/p/{session_id}/themes/{theme_id}/ideas/{idea_id}/support",
        data={"csrf_token": token, "supported": "1"}).status_code)
    with app.app_context():
        assert count(Support, Support.idea_id == idea_id) == 1
    assert set(statuses) == {302}


# --- accounts --------------------------------------------------------------------


def test_parallel_accepts_of_one_invitation_make_one_membership(app, client, make_org,
                                                                make_user, login, outbox):
    make_org("kunta")
    login(make_user("admin@kunta.fi", org="kunta", role="admin"))
    make_user("kutsuttu@example.fi")
    assert post_form(client, "/organisations/kunta/members",
                     {"email": "kutsuttu@example.fi", "role": "staff"}).status_code == 302
    link = link_in(outbox[-1])
    invitee = app.test_client()
    assert post_form(invitee, "/login", {"email": "kutsuttu@example.fi",
                                         "password": PASSWORD}).status_code == 302
    token = csrf_token(invitee, link)
    tabs = copies(app, invitee, PARALLEL)
    statuses = together(PARALLEL, lambda n: tabs[n].post(
        link, data={"csrf_token": token, "answer": "accept"}).status_code)
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(
            Organisation.slug == "kunta"))
        user = db.session.scalar(sa.select(User).where(User.email == "kutsuttu@example.fi"))
        assert count(Membership, Membership.organisation_id == organisation.id,
                     Membership.user_id == user.id) == 1, statuses
        assert count(Invitation) == 0, statuses
    assert statuses.count(302) == 1 and set(statuses) <= {302, 404, 409}


def test_parallel_new_accounts_from_one_invitation_make_one_account(app, client, make_org,
                                                                    make_user, login, outbox):
    make_org("kunta")
    login(make_user("admin@kunta.fi", org="kunta", role="admin"))
    assert post_form(client, "/organisations/kunta/members",
                     {"email": "uusi@example.fi", "role": "facilitator"}).status_code == 302
    link = link_in(outbox[-1])
    browsers = [app.test_client() for _ in range(PARALLEL)]
    tokens = [csrf_token(browser, link) for browser in browsers]
    statuses = together(PARALLEL, lambda n: browsers[n].post(link, data={
        "csrf_token": tokens[n], "display_name": f"Uusi {n}",
        "new_password": f"{PASSWORD} {n}", "confirm": f"{PASSWORD} {n}"}).status_code)
    with app.app_context():
        assert count(User, User.email == "uusi@example.fi") == 1
        assert count(Membership, Membership.role.is_not(None)) == 2
    assert statuses.count(302) == 1 and set(statuses) <= {302, 404, 409}


def test_a_password_reset_link_used_in_parallel_works_once(app, make_user, outbox):
    make_user("unohtaja@example.fi")
    requester = app.test_client()
    post_form(requester, "/password/forgot", {"email": "unohtaja@example.fi"})
    link = link_in(outbox[-1])
    browsers = [app.test_client() for _ in range(PARALLEL)]
    tokens = [csrf_token(browser, link) for browser in browsers]
    statuses = together(PARALLEL, lambda n: browsers[n].post(link, data={
        "csrf_token": tokens[n], "new_password": f"uusi salasana {n:02}",
        "confirm": f"uusi salasana {n:02}"}).status_code)
    assert statuses.count(302) == 1 and set(statuses) <= {302, 404, 409}
    chosen = statuses.index(302)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "unohtaja@example.fi"))
        assert user.check_password(f"uusi salasana {chosen:02}")
