"""Every route × every role: the access policy as one table, checked against the app.

tests/security/access_policy.py gives each endpoint of ``app.url_map`` its policy
(``ACCESS``) and says what each role gets under a policy (``POLICIES``). A new route
without a line in ``ACCESS`` fails ``test_every_route_has_a_policy``; a line
``"endpoint@variant"`` asks the endpoint once more with the world's values for that variant.

Each endpoint is asked with each of its methods (GET, POST), as a page and as an htmx
request (``HX-Request: true``), by each role of tests/security/world.py, with a valid CSRF
token and an empty form. What a cell checks is the access decision:

- ``ok``: the request got past the access check: any answer but 401, 403, 404, a
  redirect to the sign-in page or a 5xx (an empty form gets 422, a closed stage 409);
- ``login``: a redirect to the sign-in page; ``LOGIN_PAGE``: that for a page (GET without
  htmx), 404 for a form post or an htmx request;
- ``vote``: a redirect to a PB process's vote page (to choose a voting code or signing in);
- ``401``, ``403``, ``404``: refused with exactly that status. 404 is what a session,
  an organisation or a process looks like to someone who may not know it exists.

No cell may answer 5xx. Every request runs in a transaction that is rolled back, so
permitted deletes and closes leave the world as it was for the next cell.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import url_for

from tests.security.access_policy import (
    ACCESS,
    LOGIN,
    LOGIN_PAGE,
    METHODS,
    OK,
    POLICIES,
    VOTE,
)
from tests.security.conftest import settings, untouched
from tests.security.world import ROLES, World

KEEPS_WORLD = True


def outcome(response) -> object:
    """The access decision a response shows (see the module's docstring)."""
    status = response.status_code
    if status in (401, 403, 404) or status >= 500:
        return status
    if status in (301, 302, 303, 307):
        target = urlsplit(response.headers.get("Location", "")).path
        if target == "/login":
            return LOGIN
        if target.startswith("/budgets/") and target.endswith("/vote"):
            return VOTE
    return OK


def ask(world: World, role: str, method: str, path: str, htmx: bool):
    """One request by *role*, in a transaction rolled back afterwards."""
    client = world.app.test_client(use_cookies=False)
    headers = {"Cookie": world.cookies[role]} if world.cookies[role] else {}
    data = None
    if htmx:
        headers["HX-Request"] = "true"
    if method != "GET":
        data = {"csrf_token": world.csrf[role]}
        headers["X-CSRFToken"] = world.csrf[role]
    with untouched(world.app):
        response = client.open(path, method=method, headers=headers, data=data)
        response.close()
    return response


def routes(app, endpoint: str):
    """(method, path) for every method of every rule of *endpoint*, URL filled from the world."""
    for rule in app.url_map.iter_rules(endpoint):
        yield rule, sorted(m for m in rule.methods if m in METHODS)


def test_every_route_has_a_policy(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    named = {key.partition("@")[0] for key in ACCESS}
    missing = sorted(endpoints - named)
    assert not missing, ("routes without a line in ACCESS (tests/security/"
                         f"access_policy.py): {missing}")
    assert not sorted(named - endpoints), "ACCESS names endpoints that are gone"
    assert set(ACCESS.values()) <= set(POLICIES)
    assert all(len(row) == len(ROLES) for row in POLICIES.values())


@pytest.mark.parametrize("key", sorted(ACCESS))
def test_each_role_gets_what_the_policy_says(world: World, key: str):
    app = world.app
    endpoint, _, variant = key.partition("@")
    expected = dict(zip(ROLES, POLICIES[ACCESS[key]], strict=True))
    wrong = []
    with settings(app, RATELIMIT_ENABLED=False):
        for rule, methods in routes(app, endpoint):
            with app.test_request_context():
                path = url_for(endpoint, **world.values(endpoint, set(rule.arguments),
                                                        variant))
            for method in methods:
                for htmx in (False, True):
                    for role in ROLES:
                        response = ask(world, role, method, path, htmx)
                        got = outcome(response)
                        want = expected[role]
                        if want == LOGIN_PAGE:
                            want = LOGIN if method == "GET" and not htmx else 404
                        if got != want:
                            wrong.append(f"{role:12} {method:4} {'htmx' if htmx else 'page'} "
                                         f"{path}: expected {want}, got {got} "
                                         f"({response.status_code})")
    assert not wrong, f"{key} ({ACCESS[key]}):\n" + "\n".join(wrong)
