"""A group's list, rendered once per change for all its members.

When one member saves, the next poll of each of the group's phones gets the list again
(app/core/live.py): ten renders of the same fragment. Here the first poll after a change
renders it once with marks in the few places that differ per member, and every member's
poll fills in their own:

* the ``(you)`` after their own name in the list of members,
* the region's ``data-etag`` (an ETag names its participant),
* the CSRF token of every form (Flask-WTF's token of their own session).

A list that shows a replaced text (which tells its writer "your text was replaced") is
rendered for each member as before.

The key is the poll's own versions (:class:`app.groupwork.reading.PollState`: the session's
setup and stage, the group, its list for the theme), the language and the answer's status:
the same versions the page's ETag is made of, so a rendered list is reused exactly as long
as a phone's ETag would be. Each worker process keeps its own few hundred lists; nothing
depends on them being there (a worker that has none renders it again).
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

MOST_LISTS = 512  # per worker process, about 10 kB each

# Marks that no text typed by a person can hold: a process's own random letters.
MARK = secrets.token_hex(12)
_TAG = f"tag{MARK}"
_CSRF = f"csrf{MARK}"
_YOU = re.compile(f"you{MARK}([0-9]+)x")
_NOT_SHARED = object()  # a list rendered for each member (it shows a replaced text)

_lists: OrderedDict[Hashable, str | object] = OrderedDict()
_lock = threading.Lock()


def you_mark(member_id: int) -> Markup:
    """The place of "(you)" after a member's name, in a list rendered for all members."""
    return Markup(f"you{MARK}{member_id}x")


def for_member(key: Hashable, participant_id: int, tag: str,
               render: Callable[[str], str | None]) -> str | None:
    """The list for *key* as the participant sees it, or None when it must be rendered for
    them alone. *render(tag)* renders it for all members (with *tag* as the region's
    ETag and :func:`you_mark` after each name), or answers None when it cannot be shared."""
    with _lock:
        html = _lists.get(key)
        if html is not None:
            _lists.move_to_end(key)
    if html is None:
        html = _render_shared(render)
        with _lock:
            _lists[key] = html
            while len(_lists) > MOST_LISTS:
                _lists.popitem(last=False)
    if html is _NOT_SHARED:
        return None
    assert isinstance(html, str)
    return _fill_in(html, participant_id, tag)


def _render_shared(render: Callable[[str], str | None]) -> str | object:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    had_token = g.pop(field, None)
    setattr(g, field, _CSRF)  # what Flask-WTF's forms render as their token
    try:
        html = render(_TAG)
    finally:
        g.pop(field, None)
        if had_token is not None:
            setattr(g, field, had_token)
    return _NOT_SHARED if html is None else html


def _fill_in(html: str, participant_id: int, tag: str) -> str:
    you = str(escape(" (" + _("you") + ")"))
    html = html.replace(_TAG, str(escape(tag))).replace(_CSRF, generate_csrf())
    return _YOU.sub(lambda found: you if int(found[1]) == participant_id else "", html)


def forget_all() -> None:
    """Drop every rendered list (tests: the database is emptied between them, and its ids
    and versions start again)."""
    with _lock:
        _lists.clear()
