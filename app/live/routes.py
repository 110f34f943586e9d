"""Running a session live: the dashboard, the projector view and the facilitator's overrides.

The dashboard's board and the projector's live part poll every 3 seconds. A
poll reads the versions of what the view shows (live/versions.py) and answers 304
while nothing changed, and 286 (stop polling) once the session is closed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.aggregation.services import aggregate
from app.core.database import commit
from app.core.live import poll
from app.core.rendering import render_page, wants_fragment
from app.core.times import when_label
from app.groupwork import services as groupwork
from app.live import bp
from app.live.board import (
    affiliation_label,
    idea_wall,
    load_board,
    neighbours,
    submitted_lists,
    supports_shown,
)
from app.live.forms import MoveForm, paper_form
from app.live.services import MOVE_STAGES, move_to_group
from app.live.versions import anyone_joined, board_tag, projector_tag, theme_tag
from app.sessions.access import get_session_or_404
from app.sessions.lookups import background_items, current_theme, in_session_or_404, themes_of
from app.sessions.models import Group, Participant, Session, Stage, Theme
from app.sessions.moves import stage_actions

# --- dashboard -------------------------------------------------------------


def _board(session: Session, status: int = 200, notice: str | None = None,
           tag: str | None = None) -> Response:
    board = load_board(session)
    return render_page(
        "live/dashboard.html", "live/_board.html", status=status, session=session,
        board=board, nav_theme=current_theme(board.themes), tag=tag or board_tag(session),
        notice=notice, stage_actions=stage_actions(session),
        can_move=session.stage in MOVE_STAGES,
        when_label=when_label, affiliation_label=affiliation_label,
    )


def _back_to_board(session: Session, message: str) -> Response:
    """htmx swaps the new board (with the message); a plain form goes back to the page."""
    if wants_fragment():
        return _board(session, notice=message)
    flash(message, "success")
    return redirect(url_for(".dashboard", session_id=session.id))


@bp.get("/<int:session_id>/dashboard")
def dashboard(session_id: int) -> Response:
    session = get_session_or_404(session_id)
    if wants_fragment():
        tag = board_tag(session)
        return poll(tag, lambda status: _board(session, status=status, tag=tag),
                    live=session.stage != Stage.CLOSED)
    return _board(session)


@bp.post("/<int:session_id>/groups/<int:group_id>/themes/<int:theme_id>/unlock")
def unlock(session_id: int, group_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    group = in_session_or_404(Group, group_id, session)
    theme = in_session_or_404(Theme, theme_id, session)
    submission = groupwork.find_submission(group.id, theme.id)
    if submission is None:
        abort(404)
    groupwork.unlock(session, submission, current_user)
    commit()
    return _back_to_board(session, _("%(group)s can edit its list for “%(theme)s” again.",
                                     group=group.name, theme=theme.title))


@bp.post("/<int:session_id>/participants/<int:participant_id>/group")
def move(session_id: int, participant_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    participant = in_session_or_404(Participant, participant_id, session)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(422)
    group = in_session_or_404(Group, form.group.data, session)
    move_to_group(session, participant, group, current_user)
    commit()
    return _back_to_board(session, _("%(name)s is now in %(group)s.",
                                     name=participant.display_name, group=group.name))


@bp.route("/<int:session_id>/groups/<int:group_id>/themes/<int:theme_id>/paper",
          methods=["GET", "POST"])
def paper(session_id: int, group_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id, lock=request.method == "POST")
    group = in_session_or_404(Group, group_id, session)
    theme = in_session_or_404(Theme, theme_id, session)
    submission = groupwork.find_submission(group.id, theme.id)
    current = groupwork.priorities_of(submission)
    if request.method == "POST":
        form = paper_form(theme.picks)
        if form.validate_on_submit():
            groupwork.enter_paper(
                session, group, theme,
                [(slot.form.title.data, slot.form.reasoning.data) for slot in form.slots],
                current_user,
            )
            commit()
            flash(_("The paper result of %(group)s for “%(theme)s” was saved.",
                    group=group.name, theme=theme.title), "success")
            return redirect(url_for(".dashboard", session_id=session.id))
    else:
        form = paper_form(theme.picks, [(p.title, p.reasoning) for p in current])
    return render_page(
        "live/paper.html", status=422 if form.errors else 200, session=session, group=group,
        theme=theme, form=form, replaces=bool(current), open=session.stage == Stage.OPEN,
    )


# --- projector -------------------------------------------------------------


@dataclass(frozen=True)
class ProjectorView:
    """What the projector shows, kept in the address so that a reload keeps it."""

    combined: bool  # the combined list instead of each group's list
    reasoning: bool

    @classmethod
    def from_request(cls) -> ProjectorView:
        return cls(combined=request.args.get("show") == "combined",
                   reasoning=request.args.get("reasoning") == "1")

    @property
    def args(self) -> dict[str, str]:
        return {**({"show": "combined"} if self.combined else {}),
                **({"reasoning": "1"} if self.reasoning else {})}

    @property
    def parts(self) -> tuple[bool, bool]:
        return self.combined, self.reasoning


def _projector(session: Session, view: ProjectorView, status: int = 200) -> Response:
    themes = themes_of(session.id)
    theme = current_theme(themes)
    previous, following = neighbours(themes, theme)
    groups = session.uses_groups
    lists = submitted_lists(theme) if theme and groups and not view.combined else []
    rows = aggregate(theme) if theme and groups and view.combined else []
    joined = anyone_joined(session)
    return render_page(
        "live/projector.html", "live/_projector_live.html", status=status, session=session,
        theme=theme, previous=previous, following=following,
        items=background_items(theme) if theme else [], lists=lists, rows=rows, view=view,
        wall=idea_wall(theme) if theme and not groups else [], joined=joined,
        show_supports=supports_shown(session),
        tag=theme_tag(session, theme.id if theme else None, theme.version if theme else None,
                      joined, *view.parts),
    )


@bp.get("/<int:session_id>/projector")
def projector(session_id: int) -> Response:
    session = get_session_or_404(session_id)
    view = ProjectorView.from_request()
    if wants_fragment():
        return poll(projector_tag(session, *view.parts),
                    lambda status: _projector(session, view, status=status),
                    live=session.stage != Stage.CLOSED)
    return _projector(session, view)

