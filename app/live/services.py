"""The facilitator's live overrides that need a rule of their own."""

from __future__ import annotations

from typing import Any

from app.sessions.models import Group, Participant, Session, Stage
from app.sessions.services import move_participant, require_stage

# Participants change groups while the session is prepared or open; later the
# groups' lists are frozen and a move would only blur who wrote what.
MOVE_STAGES = (Stage.DRAFT, Stage.OPEN)


def move_to_group(session: Session, participant: Participant, group: Group, by: Any) -> None:
    require_stage(session, *MOVE_STAGES)
    move_participant(session, participant, group, by)
