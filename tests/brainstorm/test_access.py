"""Who may see and change what: pages, fragments and every POST, with and without htmx.

Everyone who is not in the session gets 404, never a hint that the session or the idea
exists; its own participants and its organisation's staff get 403 from facilitator pages.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.brainstorm.models import Cluster, Idea
from app.extensions import db
from tests.conftest import PASSWORD, csrf_token


@pytest.fixture
def ids(app, brainstorm, add_ideas):
    idea_id = add_ideas(1)[0]
    with app.app_context():
        cluster = Cluster(theme_id=brainstorm.theme_id, title="Ikääntyneet", position=1)
        db.session.add(cluster)
        db.session.commit()
        return {"s": brainstorm.session_id, "t": brainstorm.theme_id, "i": idea_id,
                "c": cluster.id}


PARTICIPANT_GETS = ["/p/{s}/ideas", "/p/{s}/ideas?theme={t}"]
PARTICIPANT_POSTS = [
    ("/p/{s}/themes/{t}/ideas", {"text": "Uusi idea"}),
    ("/p/{s}/themes/{t}/ideas/{i}/support", {"supported": "1"}),
]
FACILITATOR_GETS = ["/sessions/{s}/ideas/{t}"]
FACILITATOR_POSTS = [
    ("/sessions/{s}/ideas/{t}/clusters", {"new-title": "Ympäristö"}),
    ("/sessions/{s}/ideas/{t}/clusters/{c}", {"cluster-{c}-title": "Vanhukset"}),
    ("/sessions/{s}/ideas/{t}/clusters/{c}/move", {"offset": "1"}),
    ("/sessions/{s}/ideas/{t}/clusters/{c}/delete", {}),
    ("/sessions/{s}/ideas/{t}/move", {"bulk-ideas": "{i}", "bulk-cluster": "{c}"}),
    ("/sessions/{s}/ideas/{t}/ideas/{i}/cluster", {"assign-{i}-cluster": "{c}"}),
    ("/sessions/{s}/ideas/{t}/ideas/{i}/edit", {"edit-{i}-text": "Muutettu"}),
    ("/sessions/{s}/ideas/{t}/ideas/{i}/hide", {"hide-{i}-reason": "Syy"}),
    ("/sessions/{s}/ideas/{t}/ideas/{i}/unhide", {}),
]


def _fill(template: str, ids: dict) -> str:
    return template.format(**ids)


@pytest.fixture
def outsider(request, app, client, make_org, make_user, login, make_session, join_as, brainstorm):
    """A client for one kind of outsider (parametrised by name)."""
    kind = request.param
    if kind == "guest":
        return client
    if kind == "participant of another session":
        other = make_session(title="Toinen", kind="brainstorm", themes=("Kysymys",))
        return join_as(other, "Ulla", group=None)[0]
    if kind == "facilitator of another organisation":
        make_org("naapuri", "Naapurikunta")
        login(make_user("toinen@example.fi", org="naapuri"))
        return client
    if kind == "staff of the organisation":
        login(make_user("staff@example.fi", org="kunta", role="staff"))
        return client
    if kind == "participant of this session":
        return join_as(brainstorm.session_id, "Osallistuja", group=None)[0]
    raise AssertionError(kind)


NOT_PARTICIPANTS = ["guest", "participant of another session",
                    "facilitator of another organisation"]
NOT_FACILITATORS = ["guest", "participant of another session",
                    "facilitator of another organisation", "staff of the organisation",
                    "participant of this session"]
SIGNED_OUT = {"guest", "participant of another session"}
KNOWS_THE_SESSION = {"staff of the organisation", "participant of this session"}
HTMX = [pytest.param({}, id="page"), pytest.param({"HX-Request": "true"}, id="htmx")]


@pytest.mark.parametrize("outsider", NOT_PARTICIPANTS, indirect=True)
@pytest.mark.parametrize("headers", HTMX)
@pytest.mark.parametrize("path", PARTICIPANT_GETS)
def test_the_board_is_not_found_for_outsiders(outsider, ids, path, headers):
    assert outsider.get(_fill(path, ids), headers=headers).status_code == 404


@pytest.mark.parametrize("outsider", NOT_PARTICIPANTS, indirect=True)
@pytest.mark.parametrize("headers", HTMX)
@pytest.mark.parametrize(("path", "data"), PARTICIPANT_POSTS)
def test_outsiders_cannot_add_or_support_ideas(outsider, ids, path, data, headers, count_rows):
    form = {_fill(k, ids): _fill(v, ids) for k, v in data.items()}
    response = outsider.post(_fill(path, ids), headers=headers,
                             data={"csrf_token": csrf_token(outsider), **form})
    assert response.status_code == 404
    assert count_rows(Idea) == 1


@pytest.mark.parametrize("outsider", NOT_FACILITATORS, indirect=True)
@pytest.mark.parametrize("headers", HTMX)
@pytest.mark.parametrize("path", FACILITATOR_GETS)
def test_the_facilitator_page_is_refused_to_others(request, outsider, ids, path, headers):
    kind = request.node.callspec.params["outsider"]
    status = 403 if kind in KNOWS_THE_SESSION else 404
    if kind in SIGNED_OUT and not headers:
        status = 302  # a signed-out visitor opening the page is sent to sign in first
    assert outsider.get(_fill(path, ids), headers=headers).status_code == status


@pytest.mark.parametrize("outsider", NOT_FACILITATORS, indirect=True)
@pytest.mark.parametrize("headers", HTMX)
@pytest.mark.parametrize(("path", "data"), FACILITATOR_POSTS)
def test_only_facilitators_organise_ideas(request, outsider, ids, path, data, headers, app):
    form = {_fill(k, ids): _fill(v, ids) for k, v in data.items()}
    response = outsider.post(_fill(path, ids), headers=headers,
                             data={"csrf_token": csrf_token(outsider), **form})
    status = 403 if request.node.callspec.params["outsider"] in KNOWS_THE_SESSION else 404
    assert response.status_code == status
    with app.app_context():
        idea = db.session.get(Idea, ids["i"])
        assert (idea.text, idea.cluster_id, idea.hidden_reason) == ("Pekkan idea 1", None, None)
        assert db.session.scalar(sa.select(Cluster.title)) == "Ikääntyneet"


@pytest.mark.parametrize("headers", HTMX)
@pytest.mark.parametrize(("path", "data"), FACILITATOR_POSTS)
def test_the_facilitator_can_use_every_form(facilitator, ids, path, data, headers):
    form = {_fill(k, ids): _fill(v, ids) for k, v in data.items()}
    response = facilitator.post(_fill(path, ids), headers=headers,
                                data={"csrf_token": csrf_token(facilitator), **form})
    assert response.status_code in (200, 302)


def test_ideas_of_another_session_are_not_found_through_this_one(
        ids, facilitator, make_session, app, join_as):
    other = make_session(title="Toinen", kind="brainstorm", themes=("Kysymys",))
    with app.app_context():
        from app.sessions.models import Theme
        other_theme = db.session.scalar(sa.select(Theme.id).where(Theme.session_id == other))
    # The other session's theme through this session's address, and this idea through it.
    assert facilitator.get(f"/sessions/{ids['s']}/ideas/{other_theme}").status_code == 404
    guest, _ = join_as(ids["s"], "Maija", group=None)
    token = csrf_token(guest)
    assert guest.get(f"/p/{ids['s']}/ideas?theme={other_theme}").status_code == 404
    response = guest.post(f"/p/{ids['s']}/themes/{other_theme}/ideas/{ids['i']}/support",
                          data={"csrf_token": token, "supported": "1"})
    assert response.status_code == 404


def test_a_workshop_has_no_brainstorm_pages(make_session, join_as, client, make_user, login):
    workshop = make_session(kind="workshop")
    guest, _ = join_as(workshop, "Maija")
    assert guest.get(f"/p/{workshop}/ideas").status_code == 404
    login(make_user(org="kunta"), PASSWORD)
    assert client.get(f"/sessions/{workshop}/ideas/1").status_code == 404
