"""What the brainstorm pages read: a question's ideas with their supports, grouped by
sub-theme, in a fixed number of queries whatever the number of ideas, and the one
query behind the participants' polling."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import get_locale

from app.brainstorm.models import Cluster, Idea, Support
from app.brainstorm.services import support_counts
from app.core.live import etag, read_versions
from app.extensions import db
from app.sessions.access import caller_query
from app.sessions.lookups import current_theme_id_query
from app.sessions.models import Participant, Session, SessionKind, Stage, Theme


@dataclass(frozen=True)
class IdeaView:
    """One idea as a page shows it, seen by *viewer* (a participant, or None)."""

    id: int
    text: str
    cluster_id: int | None
    hidden_reason: str | None
    supports: int
    supported: bool
    own: bool
    author: str | None

    @property
    def hidden(self) -> bool:
        return self.hidden_reason is not None


@dataclass
class Section:
    """The ideas under one sub-theme (``cluster`` None: ideas without one)."""

    cluster: Cluster | None
    ideas: list[IdeaView] = field(default_factory=list)


@dataclass(frozen=True)
class BoardVersion:
    """The versions of a participant's list of ideas: the session's and the question's."""

    session_version: int
    stage: Stage
    kind: SessionKind
    participant_id: int
    theme_id: int
    theme_version: int

    @property
    def tag(self) -> str:
        return board_tag(self.session_version, self.participant_id, self.theme_id,
                         self.theme_version)


def board_tag(session_version: int, participant_id: int, theme_id: int,
              theme_version: int) -> str:
    return etag(session_version, "board", theme_id, theme_version, participant_id,
                get_locale())


def board_version(session_id: int, theme_id: int | None) -> BoardVersion | None:
    """The caller's list of ideas' versions in ONE query (the asked question, else the
    current one); None when the caller has not joined or the question is not there."""
    query = caller_query(session_id, Session.version, Session.stage, Session.kind,
                         Participant.id, Theme.id, Theme.version)
    if query is None:
        return None
    chosen = theme_id if theme_id is not None else \
        current_theme_id_query(session_id).scalar_subquery()
    row = read_versions(
        query.join(Theme, sa.and_(Theme.session_id == Session.id, Theme.id == chosen)))
    return BoardVersion(*row) if row is not None else None


def idea_views(theme_id: int, viewer_id: int | None = None) -> list[IdeaView]:
    """The theme's ideas, oldest first, with support counts, authors and the viewer's supports."""
    counts = support_counts(Theme.id == theme_id)
    mine = sa.select(Support.idea_id).where(Support.participant_id == viewer_id)
    rows = db.session.execute(
        sa.select(Idea.id, Idea.text, Idea.cluster_id, Idea.hidden_reason, Idea.participant_id,
                  sa.func.coalesce(counts.c.supports, 0), Idea.id.in_(mine),
                  Participant.display_name)
        .outerjoin(counts, counts.c.idea_id == Idea.id)
        .outerjoin(Participant, Participant.id == Idea.participant_id)
        .where(Idea.theme_id == theme_id)
        .order_by(Idea.created_at, Idea.id)
    )
    return [
        IdeaView(id=id_, text=text, cluster_id=cluster_id, hidden_reason=hidden_reason,
                 supports=int(supports), supported=bool(supported),
                 own=viewer_id is not None and author_id == viewer_id, author=author)
        for id_, text, cluster_id, hidden_reason, author_id, supports, supported, author in rows
    ]


def sections(clusters: list[Cluster], ideas: list[IdeaView], keep_empty: bool = False
             ) -> list[Section]:
    """Ideas grouped by sub-theme in the facilitator's order; ideas without one last."""
    by_cluster = {cluster.id: Section(cluster) for cluster in clusters}
    loose = Section(None)
    for idea in ideas:
        by_cluster.get(idea.cluster_id, loose).ideas.append(idea)
    grouped = [section for section in by_cluster.values() if keep_empty or section.ideas]
    if loose.ideas:
        grouped.append(loose)
    return grouped


def find_idea(theme_id: int, idea_id: int) -> Idea | None:
    return db.session.scalar(sa.select(Idea).where(Idea.id == idea_id, Idea.theme_id == theme_id))


def find_session_idea(session_id: int, idea_id: int) -> Idea | None:
    return db.session.scalar(
        sa.select(Idea).join(Theme, Theme.id == Idea.theme_id)
        .where(Idea.id == idea_id, Theme.session_id == session_id))


def find_cluster(theme_id: int, cluster_id: int) -> Cluster | None:
    return db.session.scalar(
        sa.select(Cluster).where(Cluster.id == cluster_id, Cluster.theme_id == theme_id))
