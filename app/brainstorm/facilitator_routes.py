"""The facilitator's brainstorm page: every idea of a question (hidden ones too), sub-themes,
moving ideas under them, editing and hiding ideas. Live while participants write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import IntegerField
from wtforms.validators import AnyOf, InputRequired

from app.brainstorm import bp, services
from app.brainstorm.forms import (
    AssignForm,
    BulkMoveForm,
    ClusterForm,
    EditIdeaForm,
    HideForm,
    ManageForms,
    make,
)
from app.brainstorm.models import Cluster, Idea
from app.brainstorm.queries import (
    find_cluster,
    find_idea,
    idea_views,
    sections,
)
from app.core.database import commit
from app.core.live import etag, poll
from app.core.rendering import render_page, wants_fragment
from app.extensions import db
from app.sessions.access import get_session_or_404
from app.sessions.lookups import pick_theme, themes_of
from app.sessions.models import Session, SessionKind, Stage, Theme

# While participants can write, the facilitator's list follows them live.
LIVE_STAGES = (Stage.DRAFT, Stage.OPEN)


class MoveForm(FlaskForm):
    offset = IntegerField(validators=[InputRequired(), AnyOf((-1, 1))])


def _brainstorm(session_id: int, lock: bool = False) -> Session:
    session = get_session_or_404(session_id, lock=lock)
    if session.kind != SessionKind.BRAINSTORM:
        abort(404)
    return session


def _themes(session: Session, theme_id: int) -> tuple[list[Theme], Theme]:
    themes = themes_of(session.id)
    theme = pick_theme(themes, theme_id)
    if theme is None:
        abort(404)
    return themes, theme


def _facilitated(session_id: int, theme_id: int, lock: bool = False
                 ) -> tuple[Session, list[Theme], Theme]:
    session = _brainstorm(session_id, lock=lock)
    return session, *_themes(session, theme_id)


def _tag(session: Session, theme_id: int, theme_version: int) -> str:
    return etag(session.version, "manage", theme_id, theme_version, current_user.id,
                get_locale())


def _context(session: Session, themes: list[Theme], theme: Theme,
             failed: FlaskForm | None = None, message: str | None = None) -> dict[str, Any]:
    clusters = services.clusters_of(theme.id)
    ideas = idea_views(theme.id)
    return {
        "session": session, "themes": themes, "theme": theme, "clusters": clusters,
        "tag": _tag(session, theme.id, theme.version),
        "sections": sections(clusters, ideas, keep_empty=True), "idea_count": len(ideas),
        "forms": ManageForms(clusters, failed), "message": message,
        "can_edit": session.stage in services.FACILITATOR_STAGES,
        "is_live": session.stage in LIVE_STAGES,
    }


def _manage_url(session: Session, theme: Theme, anchor: str | None = None) -> str:
    return url_for(".manage", session_id=session.id, theme_id=theme.id, _anchor=anchor)


@bp.get("/sessions/<int:session_id>/ideas/<int:theme_id>")
def manage(session_id: int, theme_id: int) -> Response:
    """The page; for htmx, the live list of ideas (304 while nothing changed)."""
    session = _brainstorm(session_id)

    def render(status: int = 200) -> Response:
        themes, theme = _themes(session, theme_id)
        return render_page("brainstorm/manage.html", "brainstorm/_manage_ideas.html",
                           status=status, **_context(session, themes, theme))

    if not wants_fragment():
        return render()
    version = db.session.scalar(sa.select(Theme.version).where(
        Theme.id == theme_id, Theme.session_id == session.id))
    if version is None:
        abort(404)
    return poll(_tag(session, theme_id, version), render, live=session.stage in LIVE_STAGES)


# --- ideas (htmx swaps the list; without JavaScript the page reloads) --------


def _idea_change(
    session_id: int, theme_id: int, idea_id: int, form_class: type[FlaskForm], kind: str,
    change: Callable[[Session, Theme, Idea, Any], object], done: str,
) -> Response | tuple[str, int]:
    session, themes, theme = _facilitated(session_id, theme_id, lock=True)
    idea = find_idea(theme.id, idea_id)
    if idea is None:
        abort(404)
    form = make(form_class, f"{kind}-{idea.id}", services.clusters_of(theme.id))
    if not form.validate_on_submit():
        return _refused(session, themes, theme, form)
    change(session, theme, idea, form)
    commit()
    return _changed(session, themes, theme, done, anchor=f"idea-{idea.id}")


def _refused(session: Session, themes: list[Theme], theme: Theme, form: FlaskForm
             ) -> tuple[str, int]:
    context = _context(session, themes, theme, failed=form)
    if wants_fragment():
        return render_template("brainstorm/_manage_ideas.html", **context), 422
    return render_template("brainstorm/manage.html", **context), 422


def _changed(session: Session, themes: list[Theme], theme: Theme, message: str,
             anchor: str) -> Response | tuple[str, int]:
    if wants_fragment():
        context = _context(session, themes, theme, message=message)
        return render_template("brainstorm/_manage_ideas.html", **context), 200
    flash(message, "success")
    return redirect(_manage_url(session, theme, anchor))


def _cluster_or_none(theme: Theme, value: str) -> Cluster | None:
    if not value:
        return None
    cluster = find_cluster(theme.id, int(value))
    if cluster is None:
        abort(404)
    return cluster


@bp.post("/sessions/<int:session_id>/ideas/<int:theme_id>/ideas/<int:idea_id>/cluster")
def assign(session_id: int, theme_id: int, idea_id: int) -> Response | tuple[str, int]:
    def change(session: Session, theme: Theme, idea: Idea, form: AssignForm) -> None:
        services.assign_ideas(session, theme, [idea.id], _cluster_or_none(theme, form.cluster.data))

    return _idea_change(session_id, theme_id, idea_id, AssignForm, "assign", change,
                        _("The idea was moved."))


@bp.post("/sessions/<int:session_id>/ideas/<int:theme_id>/ideas/<int:idea_id>/edit")
def edit(session_id: int, theme_id: int, idea_id: int) -> Response | tuple[str, int]:
    def change(session: Session, theme: Theme, idea: Idea, form: EditIdeaForm) -> None:
        services.edit_idea(session, idea, form.text.data, by=current_user)

    return _idea_change(session_id, theme_id, idea_id, EditIdeaForm, "edit", change,
                        _("The idea was saved."))


@bp.post("/sessions/<int:session_id>/ideas/<int:theme_id>/ideas/<int:idea_id>/hide")
def hide(session_id: int, theme_id: int, idea_id: int) -> Response | tuple[str, int]:
    def change(session: Session, theme: Theme, idea: Idea, form: HideForm) -> None:
        services.hide_idea(session, idea, form.reason.data, by=current_user)

    return _idea_change(session_id, theme_id, idea_id, HideForm, "hide", change,
                        _("The idea is hidden from participants."))


@bp.post("/sessions/<int:session_id>/ideas/<int:theme_id>/ideas/<int:idea_id>/unhide")
def unhide(session_id: int, theme_id: int, idea_id: int) -> Response | tuple[str, int]:
    session, themes, theme = _facilitated(session_id, theme_id, lock=True)
    idea = find_idea(theme.id, idea_id)
    if idea is None:
        abort(404)
    services.unhide_idea(session, idea, by=current_user)
    commit()
    return _changed(session, themes, theme, _("The idea is shown to participants again."),
                    anchor=f"idea-{idea.id}")


@bp.post("/sessions/<int:session_id>/ideas/<int:theme_id>/move")
def bulk_move(session_id: int, theme_id: int) -> Response | tuple[str, int]:
    session, themes, theme = _facilitated(session_id, theme_id, lock=True)
    form = make(BulkMoveForm, "bulk", services.clusters_of(theme.id))
    if not form.validate_on_submit():
        return _refused(session, themes, theme, form)
    cluster = _cluster_or_none(theme, form.cluster.data)
    moved = services.assign_ideas(session, theme, form.ideas.data, cluster)
    commit()
    return _changed(session, themes, theme,
                    _("Ideas moved: %(n)s.", n=moved), anchor="ideas")


# --- sub-themes (plain forms: the page reloads) --------------------------------


def _cluster(session_id: int, theme_id: int, cluster_id: int
             ) -> tuple[Session, list[Theme], Theme, Cluster]:
    session, themes, theme = _facilitated(session_id, theme_id, lock=True)
    cluster = find_cluster(theme.id, cluster_id)
    if cluster is None:
        abort(404)
    return session, themes, theme, cluster


def _cluster_done(session: Session, theme: Theme, message: str) -> Response:
    flash(message, "success")
    return redirect(_manage_url(session, theme, "sub-themes"))


@bp.post("/sessions/<int:session_id>/ideas/<int:theme_id>/clusters")
def create_cluster(session_id: int, theme_id: int) -> Response | tuple[str, int]:
    session, themes, theme = _facilitated(session_id, theme_id, lock=True)
    form = make(ClusterForm, "new", [])
    if not form.validate_on_submit():
        return render_template("brainstorm/manage.html",
                               **_context(session, themes, theme, failed=form)), 422
    cluster = services.create_cluster(session, theme, form.title.data)
    commit()
    return _cluster_done(session, theme, _("Sub-theme “%(title)s” added.", title=cluster.title))


@bp.post("/sessions/<int:session_id>/ideas/<int:theme_id>/clusters/<int:cluster_id>")
def rename_cluster(session_id: int, theme_id: int, cluster_id: int
                   ) -> Response | tuple[str, int]:
    session, themes, theme, cluster = _cluster(session_id, theme_id, cluster_id)
    form = make(ClusterForm, f"cluster-{cluster.id}", [])
    if not form.validate_on_submit():
        return render_template("brainstorm/manage.html",
                               **_context(session, themes, theme, failed=form)), 422
    services.rename_cluster(session, cluster, form.title.data)
    commit()
    return _cluster_done(session, theme, _("Sub-theme renamed."))


@bp.post("/sessions/<int:session_id>/ideas/<int:theme_id>/clusters/<int:cluster_id>/move")
def move_cluster(session_id: int, theme_id: int, cluster_id: int) -> Response:
    session, _themes, theme, cluster = _cluster(session_id, theme_id, cluster_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    place = services.move_cluster(session, cluster, form.offset.data)
    commit()
    return _cluster_done(session, theme, _("“%(title)s” is now in place %(place)s.",
                                           title=cluster.title, place=place))


@bp.post("/sessions/<int:session_id>/ideas/<int:theme_id>/clusters/<int:cluster_id>/delete")
def delete_cluster(session_id: int, theme_id: int, cluster_id: int) -> Response:
    session, _themes, theme, cluster = _cluster(session_id, theme_id, cluster_id)
    title = cluster.title
    services.delete_cluster(session, cluster)
    commit()
    return _cluster_done(session, theme, _("Sub-theme “%(title)s” deleted; its ideas are "
                                           "now without a sub-theme.", title=title))
