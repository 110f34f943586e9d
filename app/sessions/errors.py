"""Errors the session rules raise; each becomes a clear, translated page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError


class StageClosed(DomainError):
    """The session's stage does not allow this change (any more)."""

    status = 409
    message = _l("The session has moved on to another stage, so this change was not saved.")


class IllegalStageMove(DomainError):
    status = 409
    message = _l("The session cannot move to that stage from its current stage.")


class JoinRefused(DomainError):
    status = 403
    message = _l("This session is not open for joining.")


class SessionFull(DomainError):
    status = 409
    message = _l("This session is full.")
