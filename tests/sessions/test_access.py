"""Who may see and change a session's setup: only the admins and facilitators of its
organisation (and superusers). Its staff get 403, anyone signed out the login page, and
everyone else a 404 that does not tell the session exists."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.sessions.models import Session
from tests.sessions.conftest import PEOPLE, post

# (path with {s} session, {t} theme, {i} item, {g} group; form data; form prefix)
PAGES = [
    "/sessions/{s}",
    "/sessions/{s}/edit",
    "/sessions/{s}/themes/{t}/edit",
    "/sessions/{s}/stage?to=voting",
]
WRITES = [
    ("/sessions/{s}/edit", {"title": "Uusi nimi", "kind": "workshop", "language": "fi",
                            "results_visibility": "live"}, None),
    ("/sessions/{s}/stage", {"stage": "voting"}, None),
    ("/sessions/{s}/duplicate", {}, None),
    ("/sessions/{s}/themes", {"theme-title": "Toimintaedellytykset", "theme-picks": "3"},
     "theme"),
    ("/sessions/{s}/themes/{t}/edit", {"title": "Palvelulupaus", "picks": "3"}, None),
    ("/sessions/{s}/themes/{t}/delete", {}, None),
    ("/sessions/{s}/themes/{t}/move", {"direction": "down"}, None),
    ("/sessions/{s}/themes/{t}/current", {}, None),
    ("/sessions/{s}/themes/{t}/items", {"item-{t}-text": "Uusi asia"}, "item-{t}"),
    ("/sessions/{s}/themes/{t}/paste", {"paste-{t}-text": "- yksi\n- kaksi"}, "paste-{t}"),
    ("/sessions/{s}/items/{i}/delete", {}, None),
    ("/sessions/{s}/items/{i}/move", {"direction": "down"}, None),
    ("/sessions/{s}/themes/{t}/items/delete", {"items": "{i}"}, None),
    ("/sessions/{s}/themes/{t}/items/order", {"items": "{items}"}, None),
    ("/sessions/{s}/groups", {"new-group-name": "Ryhmä X"}, "new-group"),
    ("/sessions/{s}/groups/make", {"make-count": "2"}, "make"),
    ("/sessions/{s}/groups/{g}/rename", {"group-{g}-name": "Punaiset"}, "group-{g}"),
    ("/sessions/{s}/groups/{g}/delete", {}, None),
    ("/sessions/{s}/groups/{g}/move", {"direction": "down"}, None),
]
DENIED = ["staff", "other_facilitator"]
REFUSAL = {"staff": 403, "other_facilitator": 404}
ALLOWED = ["facilitator", "admin", "superuser"]


@pytest.fixture
def world(orgs, make_session, ids):
    session_id = make_session(org="kunta", themes=("Palvelulupaus", "Rakenteet"))
    return ids(session_id)


def _fill(template: str, where: dict) -> str | list[str]:
    return where["items"] if template == "{items}" else template.format(**where)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_guest_is_sent_to_sign_in(world, sign_in, path, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = sign_in("guest").get(_fill(path, world), headers=headers)
    assert response.status_code == 302
    assert "/login" in response.location


@pytest.mark.parametrize("who", DENIED)
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_others_do_not_learn_the_session_exists(world, sign_in, who, path, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    assert sign_in(who).get(_fill(path, world), headers=headers).status_code == REFUSAL[who]


@pytest.mark.parametrize("who", ALLOWED)
@pytest.mark.parametrize("path", PAGES)
def test_facilitators_of_the_organisation_see_the_pages(world, sign_in, who, path):
    assert sign_in(who).get(_fill(path, world)).status_code == 200


@pytest.mark.parametrize("path,data,prefix", WRITES, ids=[w[0] for w in WRITES])
@pytest.mark.parametrize("who", ["guest", *DENIED])
def test_nobody_else_changes_the_session(world, sign_in, load, path, data, prefix, who):
    client = sign_in(who)
    before = load(world["s"], lambda s: s.version)
    response = post(client, _fill(path, world),
                    {_fill(k, world): _fill(v, world) for k, v in data.items()},
                    prefix=_fill(prefix, world) if prefix else None)
    if PEOPLE[who] is None:
        assert response.status_code == 302 and "/login" in response.location
    else:
        assert response.status_code == REFUSAL[who]
    assert load(world["s"], lambda s: s.version) == before


@pytest.mark.parametrize("path,data,prefix", WRITES, ids=[w[0] for w in WRITES])
def test_the_facilitator_changes_the_session(world, sign_in, path, data, prefix):
    response = post(sign_in("facilitator"), _fill(path, world),
                    {_fill(k, world): _fill(v, world) for k, v in data.items()},
                    prefix=_fill(prefix, world) if prefix else None)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
    assert "/login" not in response.location


def test_the_list_shows_only_the_organisations_one_facilitates(orgs, make_session, sign_in):
    make_session(org="kunta", title="Kunnan työpaja")
    make_session(org="naapuri", title="Naapurin työpaja")
    page = sign_in("other_facilitator").get("/sessions/").get_data(as_text=True)
    assert "Naapurin työpaja" in page and "Kunnan työpaja" not in page


def test_the_list_shows_every_organisation_to_a_superuser(orgs, make_session, sign_in):
    make_session(org="kunta", title="Kunnan työpaja")
    make_session(org="naapuri", title="Naapurin työpaja")
    page = sign_in("superuser").get("/sessions/").get_data(as_text=True)
    assert "Naapurin työpaja" in page and "Kunnan työpaja" in page


def test_staff_have_no_session_list(orgs, sign_in):
    assert sign_in("staff").get("/sessions/").status_code == 403


def test_guest_is_sent_to_sign_in_for_the_list(orgs, sign_in):
    response = sign_in("guest").get("/sessions/")
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("who,status", [("staff", 403), ("other_facilitator", 404),
                                        ("facilitator", 200), ("admin", 200)])
def test_new_session_page_for_an_organisation(orgs, sign_in, who, status):
    assert sign_in(who).get("/sessions/new?org=kunta").status_code == status


def test_a_facilitator_cannot_create_a_session_in_another_organisation(orgs, sign_in, app):
    client = sign_in("other_facilitator")
    response = post(client, "/sessions/new", {
        "organisation": "kunta", "title": "Soluttautuja", "kind": "workshop",
        "language": "fi", "results_visibility": "live"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Session.id))) == 0


def test_guessing_another_sessions_theme_id_is_a_404(orgs, make_session, ids, sign_in):
    mine = ids(make_session(org="kunta"))
    theirs = ids(make_session(org="naapuri", title="Naapurin"))
    client = sign_in("facilitator")
    assert client.get(f"/sessions/{mine['s']}/themes/{theirs['t']}/edit").status_code == 404
    response = post(client, f"/sessions/{mine['s']}/items/{theirs['i']}/delete")
    assert response.status_code == 404
    response = post(client, f"/sessions/{mine['s']}/groups/{theirs['g']}/delete")
    assert response.status_code == 404
