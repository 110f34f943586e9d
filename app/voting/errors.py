"""What the vote's rules refuse, each with a clear, translated message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError


class RoundAlreadyOpen(DomainError):
    status = 409
    message = _l("A vote is already open on this theme. Close it before opening another.")


class RoundClosed(DomainError):
    status = 409
    message = _l("This vote has closed, so changes are no longer saved.")


class AlreadyClosed(DomainError):
    status = 409
    message = _l("This vote round is already closed.")


class TooFewOptions(DomainError):
    status = 422
    message = _l("A vote needs at least two options. Combine the groups' lists first.")


class InvalidSettings(DomainError):
    status = 422
    message = _l("Check the vote's settings.")


class PaperNotForRanked(DomainError):
    status = 422
    message = _l("Paper counts can be typed in for dot and approval votes only.")


class InvalidBallot(DomainError):
    """A ballot breaks one of the round's rules; ``code`` says which."""

    status = 422
    message = _l("Your vote does not fit this round's rules.")

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(message)
        self.code = code
