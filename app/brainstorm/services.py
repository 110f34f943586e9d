"""Brainstorm rules: participants add short ideas and support others' ideas; the
facilitator groups ideas under sub-themes (clusters), edits and hides them.

Participants write only while the session is ``open``. Facilitators organise
ideas in every stage but ``closed``. Every write moves the question's live version
on, last, so that its pages refresh (app/core/live.py); callers load the session
with its row locked (participants' writes hold it shared and run side by side).

Supporting one's own idea is not allowed: a support says that *someone else*
backs the idea, so the count reads as "how many others agree". One support per
participant per idea is guaranteed by the database's unique constraint.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.brainstorm.models import Cluster, Idea, Support
from app.core.errors import DomainError, NotAllowed
from app.core.live import bump
from app.extensions import db
from app.sessions.models import Participant, Session, Stage, Theme
from app.sessions.services import mark_active, require_stage

IDEA_MAX = 280
CLUSTER_TITLE_MAX = 120
HIDE_REASON_MAX = 280

# Facilitators may organise ideas in every stage except closed (the archive).
FACILITATOR_STAGES = (Stage.DRAFT, Stage.OPEN, Stage.VOTING, Stage.RESULTS)


class InvalidText(DomainError):
    status = 422
    message = _l("The text is missing or too long.")


class OwnIdea(NotAllowed):
    message = _l("You cannot support your own idea.")


class IdeaHidden(DomainError):
    status = 409
    message = _l("The facilitator has hidden this idea, so it cannot be supported.")


class WrongTheme(DomainError):
    status = 404
    message = _l("The idea or sub-theme belongs to another question.")


def _clean(text: str, limit: int) -> str:
    text = (text or "").strip()
    if not text or len(text) > limit:
        raise InvalidText()
    return text


def _same_theme(theme: Theme, *objects: Idea | Cluster | None) -> None:
    if any(obj is not None and obj.theme_id != theme.id for obj in objects):
        raise WrongTheme()


def _check_theme(session: Session, theme: Theme) -> None:
    if theme.session_id != session.id:
        raise WrongTheme()


# --- participants ------------------------------------------------------------


def add_idea(session: Session, participant: Participant, theme: Theme, text: str) -> Idea:
    """Add *participant*'s idea under *theme*'s question."""
    require_stage(session, Stage.OPEN)
    _check_theme(session, theme)
    idea = Idea(theme_id=theme.id, participant_id=participant.id, text=_clean(text, IDEA_MAX))
    db.session.add(idea)
    mark_active(participant)
    db.session.flush()
    bump(Theme, theme.id)
    return idea


def set_support(session: Session, participant: Participant, idea: Idea, supported: bool) -> None:
    """Support *idea* (or take the support back). Supporting twice leaves one support."""
    require_stage(session, Stage.OPEN)
    if idea.participant_id == participant.id:
        raise OwnIdea()
    # The write before the savepoint opens the transaction (SQLite needs that).
    mark_active(participant)
    db.session.flush()
    if not supported:
        db.session.execute(sa.delete(Support).where(
            Support.idea_id == idea.id, Support.participant_id == participant.id))
    elif idea.hidden:
        raise IdeaHidden()
    else:
        try:
            with db.session.begin_nested():
                db.session.add(Support(idea_id=idea.id, participant_id=participant.id))
        except IntegrityError:
            pass  # Already supported (perhaps by a double click at the same moment).
    bump(Theme, idea.theme_id)


# --- facilitators ------------------------------------------------------------


def create_cluster(session: Session, theme: Theme, title: str) -> Cluster:
    require_stage(session, *FACILITATOR_STAGES)
    _check_theme(session, theme)
    last = db.session.scalar(
        sa.select(sa.func.max(Cluster.position)).where(Cluster.theme_id == theme.id))
    cluster = Cluster(theme_id=theme.id, title=_clean(title, CLUSTER_TITLE_MAX),
                      position=(last or 0) + 1)
    db.session.add(cluster)
    db.session.flush()
    bump(Theme, theme.id)
    return cluster


def rename_cluster(session: Session, cluster: Cluster, title: str) -> None:
    require_stage(session, *FACILITATOR_STAGES)
    cluster.title = _clean(title, CLUSTER_TITLE_MAX)
    db.session.flush()
    bump(Theme, cluster.theme_id)


def clusters_of(theme_id: int) -> list[Cluster]:
    return list(db.session.scalars(
        sa.select(Cluster).where(Cluster.theme_id == theme_id)
        .order_by(Cluster.position, Cluster.id)))


def move_cluster(session: Session, cluster: Cluster, offset: int) -> int:
    """Swap *cluster* with its neighbour (offset −1 up, +1 down); returns its new place."""
    require_stage(session, *FACILITATOR_STAGES)
    clusters = clusters_of(cluster.theme_id)
    index = clusters.index(cluster)
    target = index + offset
    if offset in (-1, 1) and 0 <= target < len(clusters):
        clusters[index], clusters[target] = clusters[target], clusters[index]
        index = target
    for position, each in enumerate(clusters, start=1):
        each.position = position
    db.session.flush()
    bump(Theme, cluster.theme_id)
    return index + 1


def delete_cluster(session: Session, cluster: Cluster) -> None:
    """Delete the sub-theme; its ideas stay, without a sub-theme."""
    require_stage(session, *FACILITATOR_STAGES)
    for idea in db.session.scalars(sa.select(Idea).where(Idea.cluster_id == cluster.id)):
        idea.cluster_id = None
    db.session.delete(cluster)
    db.session.flush()
    bump(Theme, cluster.theme_id)


def assign_ideas(
    session: Session, theme: Theme, idea_ids: Iterable[int], cluster: Cluster | None
) -> int:
    """Put the ideas (of *theme*) under *cluster*, or under none; returns how many moved."""
    require_stage(session, *FACILITATOR_STAGES)
    _check_theme(session, theme)
    _same_theme(theme, cluster)
    ids = set(idea_ids)
    ideas = list(db.session.scalars(
        sa.select(Idea).where(Idea.id.in_(ids), Idea.theme_id == theme.id)))
    if len(ideas) != len(ids):
        raise WrongTheme()
    for idea in ideas:
        idea.cluster_id = cluster.id if cluster else None
    db.session.flush()
    bump(Theme, theme.id)
    return len(ideas)


def edit_idea(session: Session, idea: Idea, text: str, by: Any) -> None:
    """Change the idea's text (e.g. fix a typo); the audit log keeps both texts."""
    require_stage(session, *FACILITATOR_STAGES)
    before = idea.text
    idea.text = _clean(text, IDEA_MAX)
    if idea.text != before:
        record(by, "idea.edited", idea, before={"text": before}, after={"text": idea.text},
               organisation_id=session.organisation_id)
    db.session.flush()
    bump(Theme, idea.theme_id)


def hide_idea(session: Session, idea: Idea, reason: str, by: Any) -> None:
    """Hide the idea; participants see the reason in its place."""
    require_stage(session, *FACILITATOR_STAGES)
    before = idea.hidden_reason
    idea.hidden_reason = _clean(reason, HIDE_REASON_MAX)
    record(by, "idea.hidden", idea, before={"hidden_reason": before},
           after={"hidden_reason": idea.hidden_reason}, organisation_id=session.organisation_id)
    db.session.flush()
    bump(Theme, idea.theme_id)


def unhide_idea(session: Session, idea: Idea, by: Any) -> None:
    require_stage(session, *FACILITATOR_STAGES)
    if idea.hidden_reason is None:
        return
    record(by, "idea.unhidden", idea, before={"hidden_reason": idea.hidden_reason},
           after={"hidden_reason": None}, organisation_id=session.organisation_id)
    idea.hidden_reason = None
    db.session.flush()
    bump(Theme, idea.theme_id)


# --- results -----------------------------------------------------------------


def support_counts(theme_filter: sa.ColumnElement[bool]) -> sa.Subquery:
    """Idea id → number of supports, for the ideas whose theme matches *theme_filter*."""
    return (
        sa.select(Support.idea_id, sa.func.count(Support.id).label("supports"))
        .join(Idea, Idea.id == Support.idea_id)
        .join(Theme, Theme.id == Idea.theme_id)
        .where(theme_filter)
        .group_by(Support.idea_id)
        .subquery()
    )


def ideas_by_theme(session: Session, include_hidden: bool = False) -> dict[int, list[dict]]:
    """Theme id → its ideas as ``{"id", "text", "cluster", "supports", "hidden"}`` (one query).

    Every theme of the session is a key (an empty list when it has no ideas).
    Hidden ideas are left out unless *include_hidden*. Within a theme, ideas
    come by sub-theme (in the facilitator's order, ideas without one last),
    then most supported first, then oldest first.
    """
    counts = support_counts(Theme.session_id == session.id)
    idea_join = Idea.theme_id == Theme.id
    if not include_hidden:
        idea_join = sa.and_(idea_join, Idea.hidden_reason.is_(None))
    supports = sa.func.coalesce(counts.c.supports, 0)
    rows = db.session.execute(
        sa.select(Theme.id, Idea.id, Idea.text, Cluster.title, supports, Idea.hidden_reason)
        .select_from(Theme)
        .outerjoin(Idea, idea_join)
        .outerjoin(Cluster, Cluster.id == Idea.cluster_id)
        .outerjoin(counts, counts.c.idea_id == Idea.id)
        .where(Theme.session_id == session.id)
        .order_by(Theme.position, Theme.id, Cluster.id.is_(None), Cluster.position, Cluster.id,
                  supports.desc(), Idea.id)
    )
    result: dict[int, list[dict]] = {}
    for theme_id, idea_id, text, cluster, count, hidden_reason in rows:
        ideas = result.setdefault(theme_id, [])
        if idea_id is not None:
            ideas.append({"id": idea_id, "text": text, "cluster": cluster,
                          "supports": int(count), "hidden": hidden_reason is not None})
    return result
