"""Hypothesis-generated form posts to every form route: never a 500.

Every endpoint that takes POST gets forms made of the field names the app's forms use
(collected from its WTForms classes, plus the few fields routes read themselves), each
with random values: any unicode including NUL and control characters, very long text,
huge and negative numbers, floats, dates out of range, several values for one field.
They are sent by a role the endpoint's policy lets in, with a valid CSRF token, as a
page and as htmx, and the query string gets the same treatment. Each request is rolled
back. The app may refuse (400, 404, 409, 413, 422, 429…) but must never answer 5xx.
"""

from __future__ import annotations

import wtforms
from flask import url_for
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from tests.security.conftest import settings as app_settings
from tests.security.conftest import untouched
from tests.security.test_csrf_everywhere import changing_endpoints, permitted_role
from tests.security.world import World

KEEPS_WORLD = True
EXAMPLES_PER_ROUTE = 6  # every route gets its own (sampling routes left some out)

# Fields that routes read from the request themselves, not through a form class.
ROUTE_FIELDS = {"next", "cost", "code", "option", "lang", "email", "delta", "confirm_first",
                "area", "answer", "action", "projects", "to", "theme", "status", "show",
                "reasoning", "org", "slot-1-title", "slot-1-reasoning", "slots-0-title",
                "slots-0-reasoning", "slots-0-version", "rank", "item_id", "group_id",
                "theme_id", "order", "ids"}


def form_field_names() -> list[str]:
    """Every field name of the app's form classes (the app is imported by now)."""
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = set(ROUTE_FIELDS)
    for form in subclasses(wtforms.Form):
        if form.__module__.startswith("app."):
            names.update(name for name in dir(form)
                         if isinstance(getattr(form, name, None), UnboundField))
    return sorted(names)


NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 1, 2**31, 2**63, -(2**63) - 1, 10**100]),
).map(str)
ODD_STRINGS = st.sampled_from([
    "", " ", "\x00", "a\x00b", "NaN", "inf", "-inf", "1e308", "1.5", "0x10", "١٢٣",
    "0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01T25:61", "true", "on", "null",
    "[]", "{}", "None", "../../etc/passwd", "%00", "\u202egnp.exe", "\ud7ff", "\uffff",
    "x" * 100_000,
])
VALUES = st.one_of(st.text(max_size=300), st.text(max_size=5000), NUMBERS, ODD_STRINGS,
                   st.dates().map(str), st.floats().map(str))


def form_data(names: list[str]):
    single = st.dictionaries(st.sampled_from(names), VALUES, max_size=8)
    repeated = st.lists(st.tuples(st.sampled_from(names), VALUES), max_size=6)
    return st.tuples(single, repeated, st.booleans())


def test_the_fields_come_from_the_forms(app):
    names = form_field_names()
    assert {"title", "reasoning", "version", "email", "max_participants", "voting_start",
            "display_name", "cost"} <= set(names)


def test_no_form_route_answers_500_to_generated_input(world: World):
    app = world.app
    # The comment tools' forms carry their comment's id in their field names.
    names = form_field_names() + [
        f"{kind}-{world.ids[comment]}-{name}"
        for comment in ("priority_comment", "proposal_comment")
        for kind, name in (("flag", "reason"), ("hide", "reason"), ("reply", "body"),
                           ("reply", "parent"))]
    targets = []
    for endpoint in changing_endpoints(app):
        if endpoint.startswith("api."):
            continue
        role = permitted_role(endpoint)
        for rule in app.url_map.iter_rules(endpoint):
            with app.test_request_context():
                path = url_for(endpoint, **world.values(endpoint, set(rule.arguments)))
            targets.append((endpoint, role, path))

    def fuzz(number: int, endpoint: str, role: str, path: str):
        """Six generated forms for one route (each route its own seed: other forms)."""
        @seed(number)
        @given(data=form_data(names),
               query=st.dictionaries(st.sampled_from(names), VALUES, max_size=3))
        @settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def post(data, query) -> None:
            single, repeated, htmx = data
            fields = [*single.items(), *repeated, ("csrf_token", world.csrf[role])]
            headers = {"X-CSRFToken": world.csrf[role]}
            if world.cookies[role]:
                headers["Cookie"] = world.cookies[role]
            if htmx:
                headers["HX-Request"] = "true"
            client = app.test_client(use_cookies=False)
            with untouched(app):
                response = client.post(path, data=_multidict(fields), query_string=query,
                                       headers=headers)
                response.close()
            assert response.status_code < 500, (endpoint, role, fields, query,
                                                 response.status_code)

        return post

    with app_settings(app, RATELIMIT_ENABLED=False):
        for number, target in enumerate(targets):
            fuzz(number, *target)()


def _multidict(fields):
    from werkzeug.datastructures import MultiDict

    return MultiDict(fields)
