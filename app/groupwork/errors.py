"""What the group-work rules refuse, each with a clear, translated message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError


class SubmissionLocked(DomainError):
    status = 409
    message = _l("Your group has already submitted this list. Ask the facilitator to unlock it.")


class NoGroup(DomainError):
    status = 409
    message = _l("You are not in a group yet. Ask the facilitator to put you in one.")


class InvalidPriorities(DomainError):
    """The list cannot be saved or submitted as it is; ``errors`` says where (rank → text).

    ``fields`` says the same per form field (rank → ``"title"``/``"reasoning"`` → text)
    so that a form can show each message next to its field.
    """

    status = 422
    message = _l("Some priorities are missing a title or a reasoning.")

    def __init__(
        self, errors: dict[int, list[Any]], fields: dict[int, dict[str, list[Any]]] | None = None
    ) -> None:
        super().__init__()
        self.errors = errors
        self.fields = fields or {}


class ListFull(DomainError):
    status = 409
    message = _l("Every place in your list already has a title. Change one of them instead.")


@dataclass(frozen=True)
class SlotText:
    title: str
    reasoning: str
    version: int
    editor: str | None


class VersionConflict(DomainError):
    """Someone else saved the slot since the caller loaded it; ``current`` is their text."""

    status = 409
    message = _l("Another member of your group changed this priority at the same time.")

    def __init__(self, rank: int, current: SlotText) -> None:
        super().__init__()
        self.rank = rank
        self.current = current


class Problems:
    """Collects a list's problems per rank and per field, then raises them together."""

    def __init__(self) -> None:
        self.errors: dict[int, list[Any]] = {}
        self.fields: dict[int, dict[str, list[Any]]] = {}

    def add(self, rank: int, message: Any, field: str | None = None) -> None:
        self.errors.setdefault(rank, []).append(message)
        if field:
            self.fields.setdefault(rank, {}).setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self.errors:
            raise InvalidPriorities(self.errors, self.fields)
