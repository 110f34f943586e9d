"""Only the session's facilitators (and admins) see and change the combined list."""

from __future__ import annotations

import pytest

from tests.conftest import post_form
from tests.live.fixtures import REFUSAL, ROLES_WITHOUT_ACCESS

HTMX = {"HX-Request": "true"}
HEADERS = pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
ACTIONS = ["merge", "undo", "rename"]


def _base(scene: dict) -> str:
    return f"/sessions/{scene['session']}/themes/{scene['themes'][0]}/aggregate"


def _action(scene: dict, action: str) -> tuple[str, dict]:
    base = _base(scene)
    return {
        "merge": (f"{base}/merge", {"items": [scene["first"]["Tilat"],
                                              scene["second"]["Tilat maksutta"]]}),
        "undo": (f"{base}/items/{scene['merged']}/undo", {}),
        "rename": (f"{base}/items/{scene['merged']}/title", {"title": "Uusi nimi"}),
    }[action]


@HEADERS
@pytest.mark.parametrize("role", ROLES_WITHOUT_ACCESS)
def test_combined_list_is_hidden_from_others(scene, client_as, role, headers):
    client = client_as(role, scene["session"])
    status = client.get(_base(scene), headers=headers).status_code
    # A signed-out visitor opening the page is sent to sign in first.
    assert status == (302 if role == "anonymous" and not headers else REFUSAL[role])


@HEADERS
@pytest.mark.parametrize("role", ["facilitator", "admin"])
def test_facilitators_see_the_combined_list(scene, client_as, role, headers):
    response = client_as(role, scene["session"]).get(_base(scene), headers=headers)
    assert response.status_code == 200
    assert ("<html" in response.get_data(as_text=True)) is not bool(headers)


@HEADERS
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES_WITHOUT_ACCESS)
def test_changes_are_refused_to_others(scene, client_as, role, action, headers):
    path, data = _action(scene, action)
    response = post_form(client_as(role, scene["session"]), path, data, page="/login",
                         headers=headers)
    assert response.status_code == REFUSAL[role]


@HEADERS
@pytest.mark.parametrize("action", ACTIONS)
def test_facilitator_changes_redirect_or_swap_the_list(scene, client, action, headers):
    path, data = _action(scene, action)
    response = post_form(client, path, data, page="/login", headers=headers)
    if headers:
        assert response.status_code == 200
        assert 'id="aggregate"' in response.get_data(as_text=True)
    else:
        assert response.status_code == 302
        assert response.headers["Location"].endswith(_base(scene))


def test_unknown_theme_is_not_found(scene, client):
    assert client.get(f"/sessions/{scene['session']}/themes/999999/aggregate").status_code == 404
