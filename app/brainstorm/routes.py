"""Participants' brainstorm board: a question, its ideas live, add and support ideas."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.brainstorm import (
    bp,
    facilitator_routes,  # noqa: F401 - registers the facilitator pages
    services,
)
from app.brainstorm.forms import IdeaForm, SupportForm
from app.brainstorm.queries import board_tag, board_version, find_idea, idea_views, sections
from app.core.database import commit
from app.core.live import poll
from app.core.rendering import render_page, wants_fragment
from app.sessions.access import get_participation_or_404
from app.sessions.lookups import pick_theme, themes_of
from app.sessions.models import Participant, Session, SessionKind, Stage, Theme


def _participation(session_id: int, lock: bool = False) -> tuple[Session, Participant]:
    session, participant = get_participation_or_404(session_id, lock=lock)
    if session.kind != SessionKind.BRAINSTORM:
        abort(404)
    return session, participant


def _theme(session: Session, theme_id: int | None) -> tuple[list[Theme], Theme]:
    themes = themes_of(session.id)
    theme = pick_theme(themes, theme_id)
    if theme is None:
        abort(404)
    return themes, theme


def _board_context(session: Session, participant: Participant, theme: Theme) -> dict[str, Any]:
    ideas = idea_views(theme.id, viewer_id=participant.id)
    return {
        "session": session, "participant": participant, "theme": theme,
        "tag": board_tag(session.version, participant.id, theme.id, theme.version),
        "sections": sections(services.clusters_of(theme.id), ideas), "idea_count": len(ideas),
        "is_open": session.stage == Stage.OPEN,
    }


def _list_fragment(context: dict[str, Any], status: int = 200) -> tuple[str, int]:
    return render_template("brainstorm/_board_ideas.html", **context), status


@bp.get("/p/<int:session_id>/ideas")
def board(session_id: int) -> Response:
    """The question's page; for htmx, the live list of ideas (304 while nothing changed)."""
    theme_id = request.args.get("theme", type=int)

    def render(status: int = 200) -> Response:
        session, participant = _participation(session_id)
        themes, theme = _theme(session, theme_id)
        return render_page("brainstorm/board.html", "brainstorm/_board_ideas.html",
                           status=status, themes=themes, form=IdeaForm(formdata=None),
                           **_board_context(session, participant, theme))

    if not wants_fragment():
        return render()
    version = board_version(session_id, theme_id)  # one query, before anything is loaded
    if version is None or version.kind != SessionKind.BRAINSTORM:
        abort(404)
    return poll(version.tag, render, live=version.stage == Stage.OPEN)


@bp.post("/p/<int:session_id>/themes/<int:theme_id>/ideas")
def add_idea(session_id: int, theme_id: int) -> Response | tuple[str, int]:
    session, participant = _participation(session_id, lock=True)
    themes, theme = _theme(session, theme_id)
    form = IdeaForm()
    if not form.validate_on_submit():
        context = _board_context(session, participant, theme)
        if wants_fragment():
            return render_template("brainstorm/_add_form.html", form=form, **context), 422
        return render_page("brainstorm/board.html", status=422, themes=themes, form=form,
                           **context)
    idea = services.add_idea(session, participant, theme, form.text.data)
    commit()
    if wants_fragment():
        context = _board_context(session, participant, theme)
        return render_template("brainstorm/_add_result.html", form=IdeaForm(formdata=None),
                               **context), 200
    flash(_("Your idea was added."), "success")
    return redirect(url_for(".board", session_id=session.id, theme=theme.id,
                            _anchor=f"idea-{idea.id}"))


@bp.post("/p/<int:session_id>/themes/<int:theme_id>/ideas/<int:idea_id>/support")
def support(session_id: int, theme_id: int, idea_id: int) -> Response | tuple[str, int]:
    """Support an idea (``supported=1``) or take the support back (``supported=0``)."""
    session, participant = _participation(session_id, lock=True)
    _, theme = _theme(session, theme_id)
    idea = find_idea(theme.id, idea_id)
    if idea is None:
        abort(404)
    form = SupportForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_support(session, participant, idea, form.supported.data == "1")
    commit()
    if wants_fragment():
        return _list_fragment(_board_context(session, participant, theme))
    return redirect(url_for(".board", session_id=session.id, theme=theme.id,
                            _anchor=f"idea-{idea.id}"))
