"""A session's results as one JSON-ready document: the API's
``GET /api/v1/sessions/{id}/results`` (DESIGN.md Contracts 5) and the JSON export."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.aggregation.services import aggregates_for
from app.brainstorm.services import ideas_by_theme
from app.extensions import db
from app.groupwork.models import Priority, Submission, SubmissionState
from app.sessions.lookups import themes_of
from app.sessions.models import BackgroundItem, Group, Session, Stage, Theme
from app.voting.results import RoundResults, rounds_of, session_results_of

PUBLIC_STAGES = (Stage.RESULTS, Stage.CLOSED)


def is_public(session: Session) -> bool:
    """Anyone may read the results once the session shows them."""
    return session.stage in PUBLIC_STAGES


def _items(theme_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    found: dict[int, list[dict[str, str]]] = {theme_id: [] for theme_id in theme_ids}
    for item in db.session.scalars(
        sa.select(BackgroundItem).where(BackgroundItem.theme_id.in_(theme_ids))
        .order_by(BackgroundItem.position, BackgroundItem.id)
    ):
        found[item.theme_id].append({"text": item.text, "source": item.source})
    return found


def _group_work(theme_ids: list[int], groups: list[Group],
                drafts: bool) -> dict[int, list[dict[str, Any]]]:
    """Per theme, every group with its source, submitted flag and ranked priorities
    (a list still in draft only with *drafts*: the group has not published it)."""
    submissions = {
        (s.group_id, s.theme_id): s
        for s in db.session.scalars(
            sa.select(Submission).where(Submission.theme_id.in_(theme_ids)))
    }
    priorities: dict[int, list[dict[str, Any]]] = {}
    for priority in db.session.scalars(
        sa.select(Priority).join(Submission).where(Submission.theme_id.in_(theme_ids))
        .order_by(Priority.rank)
    ):
        if priority.title or priority.reasoning:
            priorities.setdefault(priority.submission_id, []).append(
                {"rank": priority.rank, "title": priority.title,
                 "reasoning": priority.reasoning})
    result: dict[int, list[dict[str, Any]]] = {}
    for theme_id in theme_ids:
        rows = []
        for group in groups:
            submission = submissions.get((group.id, theme_id))
            submitted = bool(submission and submission.state == SubmissionState.SUBMITTED)
            shown = submission is not None and (submitted or drafts)
            rows.append({
                "id": group.id,
                "name": group.name,
                "source": submission.source.value if submission else "online",
                "submitted": submitted,
                "priorities": priorities.get(submission.id, []) if shown else [],
            })
        result[theme_id] = rows
    return result


def rounds_by_theme(session: Session, themes: list[Theme]) -> dict[int, list[RoundResults]]:
    """Each theme's vote rounds, oldest first, with the results its visibility allows."""
    by_theme = rounds_of(theme.id for theme in themes)
    results = session_results_of(session, [r for rounds in by_theme.values() for r in rounds])
    return {theme_id: [results[r.id] for r in reversed(rounds)]
            for theme_id, rounds in by_theme.items()}


def _round(results: RoundResults) -> dict[str, Any]:
    """A round as Contract 5 says; ``results`` is empty while its counts are hidden."""
    return {
        "id": results.round.id,
        "mode": results.round.mode.value,
        "closed": not results.round.is_open,
        "results": [
            {"item_id": next(o.source_id for o in results.round.options
                             if o.id == row.option_id),
             "title": row.title, "count": row.total}
            for row in results.rows
        ],
    }


def session_results(session: Session, drafts: bool = False) -> dict[str, Any]:
    """Everything the session produced, in a constant number of queries. Lists that
    groups have not submitted are included only with *drafts* (for facilitators)."""
    themes = themes_of(session.id)
    groups = list(db.session.scalars(
        sa.select(Group).where(Group.session_id == session.id).order_by(Group.position, Group.id)
    ))
    theme_ids = [theme.id for theme in themes]
    items = _items(theme_ids)
    work = _group_work(theme_ids, groups, drafts)
    aggregates = aggregates_for(themes)
    ideas = ideas_by_theme(session)
    rounds = rounds_by_theme(session, themes)
    return {
        "session": {"id": session.id, "title": session.title, "kind": session.kind.value,
                    "stage": session.stage.value},
        "themes": [
            {
                "id": theme.id,
                "title": theme.title,
                "picks": theme.picks,
                "items": items[theme.id],
                "ideas": [
                    {"id": idea["id"], "text": idea["text"], "cluster": idea["cluster"],
                     "supports": idea["supports"]}
                    for idea in ideas.get(theme.id, [])
                ],
                "groups": work[theme.id],
                "aggregate": [
                    {"id": row.id, "title": row.title, "score": row.score, "groups": row.groups,
                     "first_places": row.first_places,
                     "members": [{"group_id": m.group_id, "rank": m.rank} for m in row.members]}
                    for row in aggregates.get(theme.id, [])
                ],
                "rounds": [_round(results) for results in rounds[theme.id]],
            }
            for theme in themes
        ],
    }
