"""Translated names of session kinds, stages and group-work states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.sessions.models import SessionKind, Stage

KIND_LABELS = {
    SessionKind.WORKSHOP: _l("Workshop"),
    SessionKind.PARTNERSHIP_TABLE: _l("Partnership table"),
    SessionKind.CUSTOMER_PANEL: _l("Customer panel"),
    SessionKind.BRAINSTORM: _l("Brainstorm"),
}

STAGE_LABELS = {
    Stage.DRAFT: _l("Being prepared"),
    Stage.OPEN: _l("Open"),
    Stage.VOTING: _l("Voting"),
    Stage.RESULTS: _l("Results"),
    Stage.CLOSED: _l("Closed"),
}

PROGRESS_LABELS = {
    "empty": _l("not started"),
    "drafting": _l("in progress"),
    "submitted": _l("submitted"),
    "paper": _l("submitted on paper"),
}


def kind_label(kind: SessionKind | str) -> str:
    return str(KIND_LABELS[SessionKind(kind)])


def stage_label(stage: Stage | str) -> str:
    return str(STAGE_LABELS[Stage(stage)])


def progress_label(state: str) -> str:
    return str(PROGRESS_LABELS[state])


def session_stages() -> list[tuple[str, str]]:
    """The stages in order with their names, for a step indicator."""
    return [(stage.value, str(label)) for stage, label in STAGE_LABELS.items()]
