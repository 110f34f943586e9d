"""The stage-move buttons: what each one is called and what it does, in words."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from app.sessions.models import STAGE_MOVES, Session, SessionKind, Stage


@dataclass(frozen=True)
class StageAction:
    target: Stage
    label: LazyString
    explanation: LazyString
    forward: bool


STAGE_ACTIONS: dict[tuple[Stage, Stage], tuple[LazyString, LazyString]] = {
    (Stage.DRAFT, Stage.OPEN): (
        _l("Open the session for joining"),
        _l("Participants can join with the code, the link or the QR code and start working."),
    ),
    (Stage.OPEN, Stage.VOTING): (
        _l("Start voting (group work freezes)"),
        _l("Groups can no longer change or submit their priorities, and no more ideas can be "
           "added. The setup can no longer be changed."),
    ),
    (Stage.VOTING, Stage.RESULTS): (
        _l("Show results"),
        _l("Voting ends and the results are shown."),
    ),
    (Stage.RESULTS, Stage.CLOSED): (
        _l("Close and archive"),
        _l("The session becomes read-only and is archived. This cannot be undone."),
    ),
    (Stage.OPEN, Stage.DRAFT): (
        _l("Back to preparation (joining stops)"),
        _l("Nobody new can join. Those who have joined stay in the session."),
    ),
    (Stage.VOTING, Stage.OPEN): (
        _l("Reopen group work"),
        _l("Groups can edit their priorities again and the setup can be changed."),
    ),
    (Stage.RESULTS, Stage.VOTING): (
        _l("Back to voting"),
        _l("Voting continues and results are hidden again until you show them."),
    ),
}


# A brainstorm has ideas instead of group work.
BRAINSTORM_ACTIONS: dict[tuple[Stage, Stage], tuple[LazyString, LazyString]] = {
    (Stage.OPEN, Stage.VOTING): (
        _l("Start voting (adding ideas ends)"),
        _l("Participants can no longer add or support ideas. The setup can no longer be "
           "changed."),
    ),
    (Stage.VOTING, Stage.OPEN): (
        _l("Reopen for ideas"),
        _l("Participants can add and support ideas again and the setup can be changed."),
    ),
}


def stage_action(session: Session, target: Stage) -> StageAction | None:
    """The move from the session's stage to *target*, or None when it is not allowed."""
    if not session.can_move_to(target):
        return None
    move = (session.stage, target)
    own = BRAINSTORM_ACTIONS.get(move) if session.kind == SessionKind.BRAINSTORM else None
    label, explanation = own or STAGE_ACTIONS[move]
    forward = list(Stage).index(target) > list(Stage).index(session.stage)
    return StageAction(target, label, explanation, forward)


def stage_actions(session: Session) -> list[StageAction]:
    """The moves the session can make now, the forward one first."""
    actions = [stage_action(session, target) for target in STAGE_MOVES[session.stage]]
    return sorted((a for a in actions if a), key=lambda a: not a.forward)
