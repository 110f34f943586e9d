"""Which language a request is answered in: the user's choice, then the cookie,
then the browser's Accept-Language, then Finnish."""

from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


def supported(code: str | None) -> str | None:
    return code if code in current_app.config["LANGUAGES"] else None


def select_locale() -> str:
    if not has_request_context():  # command line, background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated:
        chosen = supported(current_user.locale)
        if chosen:
            return chosen
    return visitor_locale(request.cookies.get(LANGUAGE_COOKIE),
                          request.headers.get("Accept-Language"))


def visitor_locale(cookie: str | None, accept_language: str | None) -> str:
    """The language of a request with no signed-in user: the language cookie, else the
    browser's Accept-Language, else Finnish. (Unchanged polls are answered by this too,
    before Flask has a request: app/core/unchanged_polls.py.)"""
    chosen = supported(cookie)
    if chosen:
        return chosen
    best = parse_accept_header(accept_language, LanguageAccept).best_match(
        current_app.config["LANGUAGES"])
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]
