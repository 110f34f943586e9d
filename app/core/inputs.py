"""The one check every request passes first: no NUL character anywhere in its input.

PostgreSQL cannot store a NUL character in text, and no person types one, so a
request that carries one (in its address, query, form, JSON body, headers or
cookies) is refused with 422 before any other code sees it. A form's typed text is
shown on the error page without the NUL, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask import Flask, request
from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError

NUL = "\x00"


class NulCharacter(DomainError):
    status = 422
    message = _l("What was sent contains a NUL character, which cannot be stored. "
                 "Remove it and try again.")


def _strings(value: object) -> Iterator[str]:
    """Every string inside a JSON value (keys too)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _pairs(pairs: Iterable[tuple[str, str]]) -> Iterator[str]:
    for key, value in pairs:
        yield key
        yield value


def request_strings() -> Iterator[str]:
    """Every piece of text the request brings, from the address to the body."""
    yield request.path
    yield from _pairs(request.args.items(multi=True))
    yield from _pairs(request.headers.items())
    yield from _pairs(request.cookies.items(multi=True))
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        if request.is_json:
            yield from _strings(request.get_json(silent=True))
        else:
            yield from _pairs(request.form.items(multi=True))
            yield from (upload.filename or "" for upload in request.files.values())


def carries_nul() -> bool:
    return any(NUL in text for text in request_strings())


def register_input_checks(app: Flask) -> None:
    def refuse_nul() -> None:
        if carries_nul():
            raise NulCharacter()

    # First of all before_request functions: not even CSRF or rate limits read the input.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_nul)
