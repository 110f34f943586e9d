"""Query ceilings: every page and live fragment reads the same number of SQL queries
whether its session is small or ten times larger (more groups, members, submitted lists,
ideas and supports, ballots, proposals and voting codes). A new page joins with one entry in
PAGES (a workshop in group work, a brainstorm), VOTE_PAGES and RESULT_PAGES (a workshop in
voting, then showing its results) or BUDGET_PAGES (participatory budgeting)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app.aggregation.services import aggregate, merge
from app.brainstorm import services as brainstorm
from app.comments.models import (
    TARGET_COLUMNS,
    Comment,
    CommentFlag,
    CommentThread,
    CommentUpvote,
    Target,
)
from app.core.tokens import sign
from app.extensions import db
from app.groupwork import services as groupwork
from app.organisations.models import Organisation
from app.sessions.access import GUEST_PURPOSE, guest_cookie_name
from app.sessions.lookups import themes_of
from app.sessions.models import Affiliation, Group, Participant, Session, SessionKind, Stage, Theme
from app.sessions.services import create_session, join_session, move_stage
from tests import query_worlds

HTMX = {"HX-Request": "true"}
SCALES = (1, 10)


@dataclass(frozen=True)
class Page:
    """A page or fragment: who asks (facilitator, member of a workshop group, brainstorm
    participant, voter, anyone) and its address ({w}: the workshop, {t}: its first theme,
    {b}: the brainstorm, {q}: the brainstorm's first question; {v}: the voting workshop,
    {r}: its latest round; {p}: a PB process in voting, {a}: its first area; {f}: a
    finished PB process, {s}: a selected proposal of it with status updates)."""

    who: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    status: int = 200


POLL = tuple(HTMX.items())

PAGES = {
    "dashboard": Page("facilitator", "/sessions/{w}/dashboard"),
    "dashboard poll": Page("facilitator", "/sessions/{w}/dashboard", POLL),
    "group page": Page("member", "/p/{w}/themes/{t}"),
    "group page poll": Page("member", "/p/{w}/themes/{t}", POLL),
    "projector": Page("facilitator", "/sessions/{w}/projector?reasoning=1"),
    "projector poll": Page("facilitator", "/sessions/{w}/projector?reasoning=1", POLL),
    "projector combined": Page("facilitator", "/sessions/{w}/projector?show=combined&reasoning=1"),
    "projector combined poll": Page(
        "facilitator", "/sessions/{w}/projector?show=combined&reasoning=1", POLL),
    "combined list": Page("facilitator", "/sessions/{w}/themes/{t}/aggregate"),
    "combined list fragment": Page("facilitator", "/sessions/{w}/themes/{t}/aggregate", POLL),
    "results export": Page("facilitator", "/sessions/{w}/export.json"),
    "results API": Page("facilitator", "/api/v1/sessions/{w}/results"),
    "brainstorm board": Page("brainstormer", "/p/{b}/ideas?theme={q}"),
    "brainstorm board poll": Page("brainstormer", "/p/{b}/ideas?theme={q}", POLL),
    "brainstorm manage": Page("facilitator", "/sessions/{b}/ideas/{q}"),
    "brainstorm manage poll": Page("facilitator", "/sessions/{b}/ideas/{q}", POLL),
    "comment thread": Page("member", "/comments/aggregate/{a}"),
    "comment thread poll": Page("member", "/comments/aggregate/{a}", POLL),
    "comment thread (facilitator)": Page("facilitator", "/comments/aggregate/{a}?order=top"),
    "idea comments": Page("brainstormer", "/comments/idea/{i}"),
}

VOTE_PAGES = {
    "vote: ballot": Page("voter", "/p/{v}/vote"),
    "vote: ballot poll": Page("voter", "/p/{v}/vote", POLL),
    "vote: group page with the ballot": Page("voter", "/p/{v}/themes/{t}"),
    "vote: dashboard with rounds": Page("facilitator", "/sessions/{v}/dashboard"),
    "vote: dashboard poll": Page("facilitator", "/sessions/{v}/dashboard", POLL),
    "vote: projector": Page("facilitator", "/sessions/{v}/projector"),
    "vote: rounds of a theme": Page("facilitator", "/sessions/{v}/themes/{t}/vote"),
    "vote: round results poll": Page("facilitator", "/sessions/{v}/rounds/{r}/results", POLL),
}

RESULT_PAGES = {
    "vote: results": Page("voter", "/p/{v}/results"),
    "vote: ballot with results": Page("voter", "/p/{v}/vote"),
    "vote: dashboard with results": Page("facilitator", "/sessions/{v}/dashboard"),
    "vote: results export": Page("facilitator", "/sessions/{v}/export.json"),
}

BUDGET_PAGES = {
    "PB: process page": Page("anyone", "/budgets/{f}"),
    "PB: proposal list": Page("anyone", "/budgets/{p}/proposals"),
    "PB: proposal list of an area": Page("anyone", "/budgets/{p}/proposals?area={a}"),
    "PB: proposal page": Page("anyone", "/budgets/{f}/proposals/{s}"),
    "PB: areas to vote in": Page("pb voter", "/budgets/{p}/vote"),
    "PB: ballot": Page("pb voter", "/budgets/{p}/vote/{a}"),
    "PB: budget meter": Page("pb voter", "/budgets/{p}/vote/{a}/meter?projects={m}", POLL),
    "PB: results": Page("anyone", "/budgets/{f}/results"),
    "PB: receipts": Page("anyone", "/budgets/{f}/receipts"),
}


def _guest(app: Flask, session_id: int, token: str) -> FlaskClient:
    client = app.test_client()
    client.set_cookie(guest_cookie_name(session_id), sign(token, GUEST_PURPOSE))
    return client


def _workshop(organisation: Organisation, scale: int) -> tuple[int, str]:
    """2·scale groups of 2·scale members; every group has submitted its list for the first
    theme (one on paper) and started the second; two items of the combined list merged."""
    session = create_session(organisation, None, f"Työpaja ×{scale}", SessionKind.WORKSHOP)
    first, second = (Theme(session_id=session.id, title=title, position=i, is_current=i == 0)
                     for i, title in enumerate(("Palvelulupaus", "Rakenteet")))
    groups = [Group(session_id=session.id, name=f"Ryhmä {n}", position=n)
              for n in range(1, 2 * scale + 1)]
    db.session.add_all([first, second, *groups])
    session.stage = Stage.OPEN
    db.session.flush()
    token = None
    for group in groups:
        members = [join_session(session, f"{group.name} jäsen {m}", Affiliation.RESIDENT,
                                group) for m in range(2 * scale)]
        token = token or members[0][1]
        writer = members[0][0]
        entries = [(f"{group.name}: asia {rank}", f"Perustelu {rank}") for rank in (1, 2, 3)]
        if group.position == 2:
            groupwork.enter_paper(session, group, first, entries, None)
        else:
            for rank, (title, reasoning) in enumerate(entries, start=1):
                groupwork.save_slot(session, writer, first, rank, title, reasoning, 0)
            groupwork.submit(session, writer, first)
        groupwork.save_slot(session, writer, second, 1, "Luonnos", "Kesken", 0)
    rows = aggregate(first)
    merge(session, first, [rows[0].id, rows[1].id], "Yhdistetty", None)
    _comments(session.id, Target.AGGREGATE, rows[2].id, scale)
    return session.id, token


def _brainstorm(organisation: Organisation, scale: int) -> tuple[int, str]:
    """2·scale participants, 3·scale ideas under the first question, supports, a sub-theme
    holding half of the ideas and one hidden idea."""
    session = create_session(organisation, None, f"Ideointi ×{scale}", SessionKind.BRAINSTORM)
    question = Theme(session_id=session.id, title="Mitä tarvitaan?", is_current=True)
    db.session.add_all([question, Theme(session_id=session.id, title="Kuka?", position=1)])
    session.stage = Stage.OPEN
    db.session.flush()
    people = [join_session(session, f"Osallistuja {n}", Affiliation.OTHER)
              for n in range(2 * scale)]
    ideas = [brainstorm.add_idea(session, people[n % len(people)][0], question, f"Idea {n}")
             for n in range(3 * scale)]
    for participant, _ in people:
        for idea in ideas[:4]:
            if idea.participant_id != participant.id:
                brainstorm.set_support(session, participant, idea, True)
    cluster = brainstorm.create_cluster(session, question, "Tilat")
    brainstorm.assign_ideas(session, question, [idea.id for idea in ideas[::2]], cluster)
    brainstorm.hide_idea(session, ideas[-1], "Toisto", None)
    _comments(session.id, Target.IDEA, ideas[0].id, scale)
    return session.id, people[0][1]


def _comments(session_id: int, target: Target, thing_id: int, scale: int) -> None:
    """3·scale comments on one thing by different participants, each with a reply, upvotes
    and a flag from others; one hidden."""
    people = db.session.scalars(sa.select(Participant.id).where(
        Participant.session_id == session_id).order_by(Participant.id)).all()
    thread = CommentThread(target=target, session_id=session_id,
                           **{TARGET_COLUMNS[target]: thing_id})
    db.session.add(thread)
    db.session.flush()
    for n in range(3 * scale):
        author, other = people[n % len(people)], people[(n + 1) % len(people)]
        comment = Comment(thread_id=thread.id, participant_id=author, body=f"Kommentti {n}",
                          hidden_reason="Asiaton" if n == 0 else None)
        db.session.add(comment)
        db.session.flush()
        db.session.add_all([
            Comment(thread_id=thread.id, parent_id=comment.id, participant_id=other,
                    body=f"Vastaus {n}"),
            CommentUpvote(comment_id=comment.id, participant_id=other),
            CommentFlag(comment_id=comment.id, participant_id=other, reason="Katso"),
        ])
    db.session.flush()


@pytest.fixture
def worlds(app: Flask, client: FlaskClient, make_org, make_user, login):
    """For each scale, the addresses' ids and a client for each kind of visitor."""
    make_org("kunta")
    login(make_user(org="kunta", role="facilitator"))
    built = {}
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug ==
                                                                       "kunta"))
        for scale in SCALES:
            workshop, member = _workshop(organisation, scale)
            session, brainstormer = _brainstorm(organisation, scale)
            built[scale] = (
                {"w": workshop, "t": themes_of(workshop)[0].id, "b": session,
                 "q": themes_of(session)[0].id, "a": _thread_of(workshop, Target.AGGREGATE),
                 "i": _thread_of(session, Target.IDEA)},
                {"facilitator": client, "member": _guest(app, workshop, member),
                 "brainstormer": _guest(app, session, brainstormer)},
            )
        db.session.commit()
    return built


def _thread_of(session_id: int, target: Target) -> int:
    column = getattr(CommentThread, TARGET_COLUMNS[target])
    return db.session.scalar(sa.select(column).where(CommentThread.session_id == session_id))


def _count(count_queries, clients: dict, ids: dict, page: Page, etag: str | None = None):
    headers = dict(page.headers) | ({"If-None-Match": etag} if etag else {})
    with count_queries() as statements:
        response = clients[page.who].get(page.url.format(**ids), headers=headers)
    assert response.status_code == (304 if etag else page.status), page.url
    return len(statements), response.headers.get("ETag")


def _grown(count_queries, pages: dict[str, Page], worlds: dict) -> dict[str, list[int]]:
    """The pages whose query count differs between the scales, with their counts."""
    counts: dict[str, list[int]] = {}
    for name, page in pages.items():
        for ids, clients in worlds.values():
            count, etag = _count(count_queries, clients, ids, page)
            counts.setdefault(name, []).append(count)
            if page.headers and etag:  # a poll: the answer while nothing changed, too
                count, _ = _count(count_queries, clients, ids, page, etag)
                counts.setdefault(f"{name} (304)", []).append(count)
    return {name: found for name, found in counts.items() if len(set(found)) > 1}


def test_no_page_reads_more_queries_when_the_session_is_ten_times_larger(worlds, count_queries):
    grown = _grown(count_queries, PAGES, worlds)
    assert not grown, f"queries at scales {SCALES}: {grown}"


@pytest.fixture
def vote_worlds(app: Flask, client: FlaskClient, make_org, make_user, login):
    """For each scale, a workshop in voting (query_worlds.vote) and its visitors."""
    make_org("kunta")
    login(make_user(org="kunta", role="facilitator"))
    built = {}
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug ==
                                                                       "kunta"))
        for scale in SCALES:
            workshop, member = _workshop(organisation, scale)
            latest = query_worlds.vote(workshop)
            built[scale] = ({"v": workshop, "t": themes_of(workshop)[0].id, "r": latest},
                            {"facilitator": client, "voter": _guest(app, workshop, member)})
        db.session.commit()
    return built


def test_no_vote_page_reads_more_queries_when_the_room_is_ten_times_larger(
        app, vote_worlds, count_queries):
    grown = _grown(count_queries, VOTE_PAGES, vote_worlds)
    assert not grown, f"queries at scales {SCALES}: {grown}"
    ids, clients = vote_worlds[SCALES[-1]]  # 2,000 phones poll their ballot: 304 in one
    _, etag = _count(count_queries, clients, ids, VOTE_PAGES["vote: ballot poll"])
    assert _count(count_queries, clients, ids, VOTE_PAGES["vote: ballot poll"], etag)[0] == 1
    with app.app_context():
        for ids, _ in vote_worlds.values():
            move_stage(db.session.get(Session, ids["v"]), Stage.RESULTS, None)
        db.session.commit()
    grown = _grown(count_queries, RESULT_PAGES, vote_worlds)
    assert not grown, f"queries at scales {SCALES}: {grown}"


@pytest.fixture
def budget_worlds(app: Flask, make_org):
    """For each scale, a PB process in voting and a finished one (query_worlds.budget),
    anyone, and a voter signed in with a voting code."""
    make_org("kunta")
    built = {}
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug ==
                                                                       "kunta"))
        for scale in SCALES:
            voting = query_worlds.budget(organisation, scale, finished=False)
            finished = query_worlds.budget(organisation, scale, finished=True)
            db.session.commit()
            voter = app.test_client()
            with voter.session_transaction() as cookie:
                cookie["budget_codes"] = {str(voting["process"]): voting["code"]}
            ids = {"p": voting["process"], "a": voting["area"], "f": finished["process"],
                   "s": finished["proposal"], "m": voting["proposal"]}
            built[scale] = (ids, {"anyone": app.test_client(), "pb voter": voter})
    return built


def test_no_budget_page_reads_more_queries_when_the_process_is_ten_times_larger(
        budget_worlds, count_queries):
    grown = _grown(count_queries, BUDGET_PAGES, budget_worlds)
    assert not grown, f"queries at scales {SCALES}: {grown}"


def test_an_unchanged_poll_from_a_participant_is_one_query(worlds, count_queries):
    ids, clients = worlds[SCALES[-1]]
    for name in ("group page poll", "brainstorm board poll"):
        _, etag = _count(count_queries, clients, ids, PAGES[name])
        count, _ = _count(count_queries, clients, ids, PAGES[name], etag)
        assert count == 1, name
