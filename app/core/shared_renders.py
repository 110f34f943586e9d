"""A live fragment rendered once per change for everyone who sees it alike.

When something changes, the next poll of every phone that shows it gets the fragment again
(app/core/live.py): when one member of a group saves, ten renders of the same list; when the
facilitator opens a vote, two thousand renders of the same empty ballot. Here the first poll
after a change renders it once with marks in the few places that differ per person, and
every poll fills in its own:

* the region's ``data-etag`` (an ETag names its participant),
* the CSRF token of every form (Flask-WTF's token of the person's own session),
* the ``(you)`` after the person's own name (:func:`you_mark`), where a fragment names people.

A feature uses it only for what is the same for everyone but those marks (a group's list
without a replaced text, which tells its writer apart; a vote panel before the voter has
voted), with a key made of the versions its ETag is made of, the language and the answer's
status: a rendered fragment is reused exactly as long as a phone's ETag would be. Each
worker process keeps its own few hundred; nothing depends on them being there (a worker
that has none renders it again).
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app, g
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

MOST_FRAGMENTS = 512  # per worker process, about 10 kB each

# Marks that no text typed by a person can hold: a process's own random letters.
MARK = secrets.token_hex(12)
_TAG = f"tag{MARK}"
_CSRF = f"csrf{MARK}"
_YOU = re.compile(f"you{MARK}([0-9]+)x")
NOT_ALIKE = object()  # what a key names differs per person: rendered for each

_fragments: OrderedDict[Hashable, str | object] = OrderedDict()
_lock = threading.Lock()


def you_mark(member_id: int) -> Markup:
    """The place of "(you)" after a person's name, in a fragment rendered for everyone."""
    return Markup(f"you{MARK}{member_id}x")


def for_participant(key: Hashable, participant_id: int, tag: str,
                    render: Callable[[str], str | object | None]) -> str | None:
    """The fragment for *key* as the participant sees it, or None when it must be rendered
    for them alone. *render(tag)* renders it for everyone (with *tag* as the region's ETag
    and :func:`you_mark` after each name), or answers :data:`NOT_ALIKE` when what *key*
    names is not the same for everyone, or None when this render cannot stand for the key
    (what it loaded has moved on meanwhile in a way the key does not show)."""
    with _lock:
        html = _fragments.get(key)
        if html is not None:
            _fragments.move_to_end(key)
    if html is None:
        html = _render_shared(render)
        if html is None:
            return None
        with _lock:
            _fragments[key] = html
            while len(_fragments) > MOST_FRAGMENTS:
                _fragments.popitem(last=False)
    if html is NOT_ALIKE:
        return None
    assert isinstance(html, str)
    return _fill_in(html, participant_id, tag)


def _render_shared(render: Callable[[str], str | object | None]) -> str | object | None:
    """*render* with the CSRF token's mark in place of the request's token. What the render
    left in ``g`` (a form holding the mark, as the layout's button form) goes with it, so
    that a render for the person alone after it gets their own token."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    kept = {name: g.get(name) for name in g}
    setattr(g, field, _CSRF)  # what Flask-WTF's forms render as their token
    try:
        return render(_TAG)
    finally:
        for name in list(g):
            if name not in kept:
                g.pop(name)
        g.pop(field, None)
        if field in kept:
            setattr(g, field, kept[field])


def _fill_in(html: str, participant_id: int, tag: str) -> str:
    you = str(escape(" (" + _("you") + ")"))
    html = html.replace(_TAG, str(escape(tag))).replace(_CSRF, generate_csrf())
    return _YOU.sub(lambda found: you if int(found[1]) == participant_id else "", html)


def forget_all() -> None:
    """Drop every rendered fragment (tests: the database is emptied between them, and its ids
    and versions start again)."""
    with _lock:
        _fragments.clear()
