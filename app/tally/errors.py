"""Errors the tally package raises for input that the caller can fix."""

from __future__ import annotations


class TallyError(ValueError):
    """A bad argument or bad input data (never a bug in the counting itself)."""


class PabulibError(TallyError):
    """A problem in a Pabulib file; ``line`` is the 1-based line number (0 if unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message
