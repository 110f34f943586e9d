"""What the dashboard and the projector show, each read in a constant number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.brainstorm.queries import Section, idea_views, sections
from app.brainstorm.services import clusters_of
from app.extensions import db
from app.groupwork.models import Priority, Source, Submission, SubmissionState
from app.groupwork.services import group_progress, last_activity
from app.participation.forms import AFFILIATION_LABELS
from app.sessions.lookups import themes_of
from app.sessions.models import (
    Affiliation,
    Group,
    Participant,
    ResultsVisibility,
    Session,
    Stage,
    Theme,
)


@dataclass
class GroupRow:
    group: Group
    members: list[Participant] = field(default_factory=list)
    # (theme, "empty" | "drafting" | "submitted" | "paper") in theme order
    states: list[tuple[Theme, str]] = field(default_factory=list)
    last_active: datetime | None = None


@dataclass
class Board:
    session: Session
    themes: list[Theme]
    groups: list[Group]
    rows: list[GroupRow]
    unassigned: list[Participant]
    participant_count: int
    # (translated affiliation, count) for the affiliations present, in the form's order
    by_affiliation: list[tuple[str, int]]


@dataclass
class GroupList:
    """One group's submitted list for a theme, as the projector shows it."""

    group_name: str
    paper: bool
    priorities: list[Priority] = field(default_factory=list)


def load_board(session: Session) -> Board:
    """Groups with their members, each theme's progress and the last activity (6 queries)."""
    themes = themes_of(session.id)
    groups = list(db.session.scalars(
        sa.select(Group).where(Group.session_id == session.id).order_by(Group.position, Group.id)
    ))
    participants = list(db.session.scalars(
        sa.select(Participant).where(Participant.session_id == session.id)
        .order_by(Participant.joined_at, Participant.id)
    ))
    progress = group_progress(session)
    activity = last_activity(session)
    rows = {
        group.id: GroupRow(
            group=group, last_active=activity.get(group.id),
            states=[(theme, progress.get((group.id, theme.id), "empty")) for theme in themes],
        )
        for group in groups
    }
    unassigned = []
    for participant in participants:
        row = rows.get(participant.group_id)
        (row.members if row else unassigned).append(participant)
    counts = Counter(participant.affiliation for participant in participants)
    return Board(
        session=session, themes=themes, groups=groups, rows=list(rows.values()),
        unassigned=unassigned, participant_count=len(participants),
        by_affiliation=[(str(label), counts[affiliation])
                        for affiliation, label in AFFILIATION_LABELS.items()
                        if counts[affiliation]],
    )


def affiliation_label(affiliation: Affiliation) -> str:
    return str(AFFILIATION_LABELS[affiliation])


# --- projector -------------------------------------------------------------


def idea_wall(theme: Theme) -> list[Section]:
    """A brainstorm question's ideas by sub-theme, as the room's wall shows them: hidden
    ideas left out, sub-themes in the facilitator's order, ideas without one last."""
    shown = [idea for idea in idea_views(theme.id) if not idea.hidden]
    return sections(clusters_of(theme.id), shown)


def supports_shown(session: Session) -> bool:
    """Support counts are on the room's screen unless the session keeps results until
    voting has closed and it has not reached its results yet."""
    return (session.results_visibility != ResultsVisibility.AFTER_CLOSE
            or session.stage in (Stage.RESULTS, Stage.CLOSED))


def neighbours(themes: list[Theme], theme: Theme | None) -> tuple[Theme | None, Theme | None]:
    if theme is None:
        return None, None
    index = themes.index(theme)
    return (themes[index - 1] if index > 0 else None,
            themes[index + 1] if index + 1 < len(themes) else None)


def submitted_lists(theme: Theme) -> list[GroupList]:
    """The groups' submitted lists for *theme*, in group order (one query)."""
    rows = db.session.execute(
        sa.select(Priority, Group.id, Group.name, Submission.source)
        .join(Submission, Priority.submission_id == Submission.id)
        .join(Group, Submission.group_id == Group.id)
        .where(Submission.theme_id == theme.id, Submission.state == SubmissionState.SUBMITTED)
        .order_by(Group.position, Group.id, Priority.rank)
    )
    lists: dict[int, GroupList] = {}
    for priority, group_id, group_name, source in rows:
        group_list = lists.setdefault(
            group_id, GroupList(group_name=group_name, paper=source == Source.PAPER))
        group_list.priorities.append(priority)
    return list(lists.values())
