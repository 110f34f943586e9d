"""CSRF on every state-changing route, generated from the URL map.

For every POST, PUT, PATCH and DELETE endpoint, asked by a role its policy lets in (so
only the missing token can be the reason): a request without a token, with a made-up
one, and with another person's token is refused with 400 and our translated page
(Finnish here), or for htmx with the alert fragment. The read-only API takes no forms
at all: anything but GET answers 405.
"""

from __future__ import annotations

import pytest
from flask import url_for

from tests.security.access_policy import ACCESS, METHODS, OK, POLICIES
from tests.security.conftest import settings, untouched
from tests.security.world import ROLES, World

KEEPS_WORLD = True

CHANGING = ("POST", "PUT", "PATCH", "DELETE")
FINNISH_EXPLANATION = "Lomake oli vanhentunut tai se lähetettiin muualta"


def changing_endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()
                   if set(rule.methods) & set(CHANGING)})


def permitted_role(endpoint: str) -> str:
    """A role that *endpoint*'s policy lets in (anonymous for links that need a mailed
    token: the token check comes after the CSRF check)."""
    row = dict(zip(ROLES, POLICIES[ACCESS[endpoint]], strict=True))
    return next((role for role in ("facilitator", "admin", "staff", "participant",
                                   "anonymous", "superuser") if row[role] == OK), "anonymous")


def test_the_generated_list_covers_the_forms(app):
    endpoints = changing_endpoints(app)
    # Sign-in, joining, group work, votes and setup are among them: the generator works.
    assert {"auth.login", "participation.join", "groupwork.save_slot", "voting.save_ballot",
            "sessions.move_stage", "budgets.ballot"} <= set(endpoints)
    assert len(endpoints) > 60


@pytest.mark.parametrize("variant", ["no token", "made-up token", "another person's token"])
def test_every_state_changing_route_refuses_a_request_without_its_token(world: World, variant):
    app = world.app
    wrong = []
    with settings(app, RATELIMIT_ENABLED=False):
        for endpoint in changing_endpoints(app):
            role = permitted_role(endpoint)
            stranger = "outsider" if role != "outsider" else "admin"
            token = {"no token": None, "made-up token": "Zm9vYmFy.not-a-token",
                     "another person's token": world.csrf[stranger]}[variant]
            for rule in app.url_map.iter_rules(endpoint):
                with app.test_request_context():
                    path = url_for(endpoint, **world.values(endpoint, set(rule.arguments)))
                for method in sorted(set(rule.methods) & set(CHANGING)):
                    for htmx in (False, True):
                        problem = _refusal_problem(world, role, method, path, htmx, token,
                                                   api=endpoint.startswith("api."))
                        if problem:
                            wrong.append(f"{endpoint} {method} {'htmx' if htmx else 'page'} "
                                         f"as {role}: {problem}")
    assert not wrong, "\n".join(wrong)


def _refusal_problem(world: World, role: str, method: str, path: str, htmx: bool,
                     token: str | None, api: bool) -> str | None:
    headers = {"Accept-Language": "fi"}
    if world.cookies[role]:
        headers["Cookie"] = world.cookies[role]
    data = {"title": "Uusi otsikko", "name": "Nimi", "text": "Teksti"}
    if token:
        data["csrf_token"] = token
    if htmx:
        headers["HX-Request"] = "true"
        if token:
            headers["X-CSRFToken"] = token
    client = world.app.test_client(use_cookies=False)
    with untouched(world.app):
        response = client.open(path, method=method, headers=headers, data=data)
        body = response.get_data(as_text=True)
        response.close()
    if api:
        return None if response.status_code == 405 else f"API answered {response.status_code}"
    if response.status_code != 400:
        return f"answered {response.status_code}, not 400"
    if FINNISH_EXPLANATION not in body:
        return "the answer does not explain the refusal in Finnish"
    if htmx and response.headers.get("HX-Retarget") != "#htmx-alert":
        return "the htmx answer does not go to the alert region"
    if not htmx and '<html lang="fi">' not in body:
        return "not our translated page"
    return None


def test_methods_of_the_url_map_are_ones_the_suite_knows(app):
    """A route with a method the suites do not ask (e.g. PATCH) would escape them."""
    unknown = {method for rule in app.url_map.iter_rules()
               for method in rule.methods - {"HEAD", "OPTIONS"} if method not in METHODS}
    assert not unknown
