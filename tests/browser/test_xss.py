"""Stored XSS: the corpus of tests/security/xss_payloads.py in every user-writable text of
the demo (session, theme and background item texts, group names, priorities and their
reasoning, combined-list titles, ideas, sub-themes, hiding reasons, guest and account
names, vote options, PB processes, areas, proposals and progress notes, comments and
their flags and hiding reasons, API token names, organisation names, meeting links…),
then every page of the app rendered in Chromium once, as someone who may see it. (The
privacy settings' one field is a number of days: nothing there takes text.)

On no page: a dialog, an element the payloads would inject (``data-xss``), a link or
source with a ``javascript:``/``data:`` URL, evaluated template syntax (``xss49``), a
request the app did not mean (one to a payload's URL, or to another host), or a
Content-Security-Policy violation (the ``new_context`` fixture fails on those).
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from flask import url_for

from app.comments.models import Comment
from app.extensions import db
from tests.security.access_policy import ACCESS, OK, POLICIES
from tests.security.world import ROLES, build_world
from tests.security.xss_payloads import PAYLOADS, fill_with_payloads

# Pages that are not HTML for a browser to render, or that show nothing people wrote.
NOT_PAGES = {"static", "health.healthz", "branding.logo", "branding.stylesheet",
             "exports.export_csv", "exports.export_json", "budgets.count_progress",
             "budgets.results_csv", "account.download"}

# What a payload brings into an attribute or a request: one of its URLs (``/xss-…``,
# ``xss.example``) or its ``alert(``. Plain ``xss`` would also match a random token (a CSRF
# token in ``hx-headers`` once read ``…tsxss…``).
PAYLOAD_MARK = r"/xss-|xss\.example|alert\("

FINDINGS_JS = """() => {
  const PAYLOAD_MARK = new RegExp(""" + json.dumps(PAYLOAD_MARK) + """);
  const found = [];
  for (const element of document.querySelectorAll('[data-xss], xss-marker')) {
    found.push('injected element <' + element.tagName.toLowerCase() + '>');
  }
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.trim().toLowerCase();
      if (name.startsWith('on')) found.push('event handler ' + name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name)
          && /^(javascript|data|vbscript):/.test(value.replace(/\\s/g, ''))) {
        found.push(name + '=' + value.slice(0, 40));
      }
      if (name.startsWith('hx-') && PAYLOAD_MARK.test(attribute.value)) {
        found.push(name + '=' + value);
      }
    }
  }
  if (document.body.innerText.includes('xss49')) found.push('template syntax evaluated');
  if (/xss\\s*<Config/.test(document.body.innerText)) found.push('config rendered');
  return found;
}"""


def _pages(app, world) -> list[tuple[str, str, str]]:
    """(endpoint, role, path) for every GET page (and its variants in the access table: a
    comment thread on each kind of thing), asked by a role that may see it."""
    pages = []
    for key in sorted(ACCESS):
        endpoint, _, variant = key.partition("@")
        if endpoint in NOT_PAGES or endpoint.startswith("api."):
            continue
        row = dict(zip(ROLES, POLICIES[ACCESS[key]], strict=True))
        role = next((role for role in ("facilitator", "admin", "staff", "participant",
                                       "anonymous") if row[role] == OK), "anonymous")
        for rule in app.url_map.iter_rules(endpoint):
            if "GET" not in rule.methods:
                continue
            with app.test_request_context():
                path = url_for(endpoint, **world.values(endpoint, set(rule.arguments), variant))
            pages.append((key, role, path))
    return pages


def test_no_stored_payload_runs_injects_or_calls_out_on_any_page(app, new_context,
                                                                 live_server):
    assert len(PAYLOADS) >= 30
    world = build_world(app)
    with app.app_context():
        written = fill_with_payloads()
        db.session.remove()
    assert {"sessions.title", "sessions.meeting_url", "groups.name", "priorities.reasoning",
            "ideas.text", "ideas.hidden_reason", "participants.display_name",
            "vote_options.title", "budget_proposals.title", "budget_proposals.description",
            "budget_proposals.place", "organisations.name", "comments.body",
            "comments.hidden_reason", "comment_flags.reason", "api_tokens.name"} <= set(written)
    with app.app_context():  # a reason hides only what the world hid: the rest shows its text
        hidden = db.session.scalar(sa.select(sa.func.count()).where(
            Comment.hidden_reason.is_not(None)))
        assert hidden == 1 < db.session.scalar(sa.select(sa.func.count(Comment.id)))

    dialogs: list[str] = []
    strange_requests: list[str] = []
    contexts = {}
    for role in ROLES:
        context = new_context(locale="fi-FI")
        cookies = [pair.split("=", 1) for pair in world.cookies[role].split("; ") if pair]
        if cookies:
            context.add_cookies([{"name": name, "value": value, "url": live_server}
                                 for name, value in cookies])
        context.on("request", lambda request: strange_requests.append(request.url)
                   if re.search(PAYLOAD_MARK, request.url)
                   or not request.url.startswith(live_server)
                   else None)
        contexts[role] = context

    findings = []
    for endpoint, role, path in _pages(app, world):
        page = contexts[role].new_page()
        page.on("dialog", lambda dialog, where=path: (dialogs.append(f"{where}: "
                                                                     f"{dialog.message}"),
                                                      dialog.dismiss()))
        response = page.goto(path, wait_until="load")
        assert response is not None and response.status < 500, (endpoint, path)
        findings += [f"{endpoint} as {role} ({path}): {found}"
                     for found in page.evaluate(FINDINGS_JS)]
        page.close()

    assert findings == []
    assert dialogs == []
    assert strange_requests == []
