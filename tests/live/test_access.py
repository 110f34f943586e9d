"""Only the session's facilitators (and admins) reach the live pages, fragments and actions,
with or without htmx: its participants and staff get 403, everyone else 404 (a signed-out
visitor opening a page is sent to sign in first)."""

from __future__ import annotations

import pytest

from tests.conftest import post_form
from tests.live.fixtures import REFUSAL, ROLES_WITHOUT_ACCESS

HTMX = {"HX-Request": "true"}
HEADERS = pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])


def _gets(scene: dict) -> dict[str, str]:
    base = f"/sessions/{scene['session']}"
    group, theme = scene["groups"]["Ryhmä 3"], scene["themes"][0]
    return {
        "dashboard": f"{base}/dashboard",
        "projector": f"{base}/projector",
        "projector-combined": f"{base}/projector?show=combined&reasoning=1",
        "paper": f"{base}/groups/{group}/themes/{theme}/paper",
    }


def _posts(scene: dict) -> dict[str, tuple[str, dict]]:
    base = f"/sessions/{scene['session']}"
    groups, theme = scene["groups"], scene["themes"][0]
    paper = {}
    for index, title in enumerate(["Tilat", "Liikunta", "Kulttuuri"]):
        paper[f"slots-{index}-title"] = title
        paper[f"slots-{index}-reasoning"] = f"Koska {title}"
    return {
        "unlock": (f"{base}/groups/{groups['Ryhmä 1']}/themes/{theme}/unlock", {}),
        "paper": (f"{base}/groups/{groups['Ryhmä 3']}/themes/{theme}/paper", paper),
        "move": (f"{base}/participants/{scene['member']}/group",
                 {"group": str(groups["Ryhmä 2"])}),
    }


@HEADERS
@pytest.mark.parametrize("page", ["dashboard", "projector", "projector-combined", "paper"])
@pytest.mark.parametrize("role", ROLES_WITHOUT_ACCESS)
def test_pages_and_fragments_are_hidden_from_others(scene, client_as, role, page, headers):
    client = client_as(role, scene["session"])
    status = client.get(_gets(scene)[page], headers=headers).status_code
    if role == "anonymous" and not headers:  # a page: sign in first, then come back to it
        assert status == 302
    else:
        assert status == REFUSAL[role]


@HEADERS
@pytest.mark.parametrize("page", ["dashboard", "projector", "projector-combined", "paper"])
@pytest.mark.parametrize("role", ["facilitator", "admin"])
def test_facilitators_and_admins_see_pages_and_fragments(scene, client_as, role, page, headers):
    response = client_as(role, scene["session"]).get(_gets(scene)[page], headers=headers)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    fragment = headers and page != "paper"  # the paper form is a page of its own
    assert ("<html" in body) is not fragment


@HEADERS
@pytest.mark.parametrize("action", ["unlock", "paper", "move"])
@pytest.mark.parametrize("role", ROLES_WITHOUT_ACCESS)
def test_actions_are_refused_to_others(scene, client_as, role, action, headers):
    client = client_as(role, scene["session"])
    path, data = _posts(scene)[action]
    response = post_form(client, path, data, page="/login", headers=headers)
    assert response.status_code == REFUSAL[role]


@pytest.mark.parametrize("action", ["unlock", "paper", "move"])
def test_facilitator_actions_redirect_back_to_the_dashboard(scene, client, action):
    path, data = _posts(scene)[action]
    response = post_form(client, path, data, page="/login")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{scene['session']}/dashboard")


@pytest.mark.parametrize("action", ["unlock", "move"])
def test_facilitator_actions_with_htmx_swap_the_board(scene, client, action):
    path, data = _posts(scene)[action]
    response = post_form(client, path, data, page="/login", headers=HTMX)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'id="board"' in body and "<html" not in body
    assert 'hx-swap-oob="true"' in body  # the message for the status region


def test_another_sessions_objects_are_not_found(scene, client, make_session, ids):
    other = make_session(org="kunta", title="Toinen")
    other_groups, other_themes = ids(other)
    base = f"/sessions/{scene['session']}"
    theme = scene["themes"][0]
    assert client.get(f"{base}/groups/{other_groups['Ryhmä 1']}/themes/{theme}/paper"
                      ).status_code == 404
    assert client.get(f"{base}/groups/{scene['groups']['Ryhmä 1']}/themes/{other_themes[0]}"
                      "/paper").status_code == 404
    moved = post_form(client, f"{base}/participants/{scene['member']}/group",
                      {"group": str(other_groups["Ryhmä 1"])}, page="/login")
    assert moved.status_code == 404
    unlocked = post_form(client, f"{base}/groups/{other_groups['Ryhmä 1']}/themes/{theme}"
                         "/unlock", {}, page="/login")
    assert unlocked.status_code == 404
