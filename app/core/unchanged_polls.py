"""Unchanged polls answered before Flask handles the request.

A room of 2,000 phones asks every 3 s whether the group page or the vote panel has
changed, and most of the time it has not (app/core/live.py). Flask's way to that 304 —
the session and sign-in machinery, the rate limiter's bookkeeping, the language, an
ORM session and the after-request hooks — costs several times the one indexed lookup
that decides it. This WSGI layer answers exactly those polls itself:

* only ``GET`` with ``HX-Request`` and ``If-None-Match``, on the paths that live features
  register with :func:`unchanged_poll` (the group page and the vote panel);
* only for a guest (a guest cookie, no signed-in account in the Flask session, no
  remember-me or Authorization header): their participant is found by the same
  one-query lookup the page's poll uses (``poll_state`` of each feature), so the ETag is
  computed by the same code;
* only a 304, with the same headers the app's 304 has, when the phone already holds the
  current ETag and the page is still live.

On PostgreSQL the version query runs on a few connections of the layer's own, as a
prepared statement (app/core/direct_reads.py); on SQLite through the ORM as in Flask.

Everything else, and any doubt (a bad cookie, an unknown id, a database error), goes on to
the Flask app unchanged, which answers it as before: 200, 286, 404 or 503. A 304 tells
nothing that the phone did not already hold: its ETag names its own participant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from flask import Flask
from itsdangerous import BadSignature
from werkzeug.http import parse_cookie, parse_etags, quote_etag
from werkzeug.wrappers import Response

from app.core.direct_reads import direct_reads
from app.core.forms import DATABASE_INT_MAX
from app.core.i18n import LANGUAGE_COOKIE, visitor_locale
from app.core.live import read_versions
from app.core.security import add_headers
from app.sessions.access import guest_binds

# Runs a poll's version query: ``read(statement, params)`` → its first row or None.
Read = Callable[[Any, dict[str, Any]], Sequence[Any] | None]
# The poll's state for (the ids in the path, the guest's binds, the language, how to read
# its version query): its current ETag and whether the page is still live, or None when
# the caller is not its participant.
State = Callable[[tuple[int, ...], dict[str, Any], str, Read], tuple[str, bool] | None]
ID = r"([1-9][0-9]{0,18})"  # a path's id, as the app's <int:...> converter takes it
_ROUTES: list[tuple[re.Pattern[str], str, State]] = []


def unchanged_poll(path: str, endpoint: str) -> Callable[[State], State]:
    """Register the state that answers unchanged polls of *path* (a pattern with ``ID``
    groups) for *endpoint*; each live feature registers its own (groupwork, voting)."""

    def register(state: State) -> State:
        _ROUTES.append((re.compile(path), endpoint, state))
        return state

    return register


class UnchangedPolls:
    """WSGI middleware around the app's own ``wsgi_app`` (see the module's docstring)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.next = app.wsgi_app
        self.hsts = bool(app.config.get("HSTS", False))
        self.session_cookie = app.config["SESSION_COOKIE_NAME"]
        self.remember_cookie = app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        self.read: Read = direct_reads(app.config["SQLALCHEMY_DATABASE_URI"]) or read_versions
        self.headers: dict[str, list[tuple[str, str]]] = {}

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if (environ.get("REQUEST_METHOD") == "GET" and environ.get("HTTP_HX_REQUEST")
                and environ.get("HTTP_IF_NONE_MATCH")
                and not environ.get("HTTP_AUTHORIZATION")):
            answer = self._unchanged(environ)
            if answer is not None:
                start_response("304 NOT MODIFIED", answer)
                return []
        return self.next(environ, start_response)

    def _unchanged(self, environ: dict) -> list[tuple[str, str]] | None:
        """The 304's headers, or None for Flask to answer."""
        path = environ.get("PATH_INFO", "")
        found_route = next(((match, endpoint, state) for pattern, endpoint, state in _ROUTES
                            if (match := pattern.fullmatch(path))), None)
        if found_route is None:
            return None
        match, endpoint, state = found_route
        ids = tuple(int(part) for part in match.groups())
        if max(ids) > DATABASE_INT_MAX:
            return None
        cookies = parse_cookie(environ)
        if self.remember_cookie in cookies or self._signed_in(cookies.get(self.session_cookie)):
            return None
        try:
            with self.app.app_context():
                binds = guest_binds(ids[0], cookies)
                if binds is None:
                    return None
                locale = visitor_locale(cookies.get(LANGUAGE_COOKIE),
                                        environ.get("HTTP_ACCEPT_LANGUAGE"))
                found = state(ids, binds, locale, self.read)
        except Exception:  # the app answers it, and says what went wrong
            return None
        if found is None:
            return None
        tag, live = found
        if not live or not parse_etags(environ["HTTP_IF_NONE_MATCH"]).contains(tag):
            return None
        return [*self._headers(endpoint, environ), ("ETag", quote_etag(tag))]

    def _signed_in(self, cookie: str | None) -> bool:
        """Whether the Flask session names an account (Flask-Login's ``_user_id``); a
        session that cannot be read is Flask's to handle."""
        if not cookie:
            return False
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        try:
            data = serializer.loads(
                cookie, max_age=int(self.app.permanent_session_lifetime.total_seconds()))
        except BadSignature:
            return True
        return not isinstance(data, dict) or "_user_id" in data

    def _headers(self, endpoint: str, environ: dict) -> list[tuple[str, str]]:
        """The headers of the same 304 as core.live.poll answers through Flask, but the
        ETag: the same for every poll of *endpoint*, so built once."""
        headers = self.headers.get(endpoint)
        if headers is None:
            response = Response(status=304)
            response.vary.update(("HX-Request", "Cookie"))
            response.headers["Cache-Control"] = "no-cache"
            add_headers(response, self.hsts, endpoint)
            headers = self.headers.setdefault(
                endpoint, response.get_wsgi_headers(environ).to_wsgi_list())
        return headers


def answer_unchanged_polls(app: Flask) -> None:
    app.wsgi_app = UnchangedPolls(app)  # type: ignore[method-assign]
