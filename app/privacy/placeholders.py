"""The names shown in place of a removed one, in the session's own language (a session's
texts carry its language, whatever language the reader's interface is in)."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from app.sessions.models import Session


def guest_name(session: Session, number: int) -> str:
    with force_locale(session.language):
        return _("Guest %(number)s", number=number)


def deleted_user_name(session: Session) -> str:
    return deleted_author(session.language)


def deleted_author(language: str | None) -> str:
    """"Deleted user" in *language* (a session's); without one, in the reader's."""
    if language is None:
        return _("Deleted user")
    with force_locale(language):
        return _("Deleted user")
