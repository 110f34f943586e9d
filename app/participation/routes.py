"""Joining a session with its code, link or QR code, and the participant's way in."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from app.core.database import commit
from app.core.forms import choices
from app.core.tokens import sign
from app.extensions import db
from app.participation import bp, limits
from app.participation.forms import NAME_MAX, CodeForm, JoinForm
from app.sessions import services
from app.sessions.access import (
    GUEST_PURPOSE,
    current_participant,
    get_participation_or_404,
    guest_cookie_name,
)
from app.sessions.errors import JoinRefused, SessionFull
from app.sessions.lookups import current_theme_id
from app.sessions.models import Affiliation, Group, Session, Stage

GUEST_COOKIE_DAYS = 30

REFUSALS = {
    Stage.DRAFT: _l("This session has not opened yet. Try again when the facilitator opens it."),
    Stage.VOTING: _l("This session has moved on to voting, so no one can join any more."),
    Stage.RESULTS: _l("This session has ended, so no one can join any more."),
    Stage.CLOSED: _l("This session has ended, so no one can join any more."),
}


def _participant_home(session: Session) -> Response:
    return redirect(url_for("participation.session_home", session_id=session.id), 303)


@bp.route("/join", methods=["GET", "POST"])
@limits.joins_per_address
def enter_code() -> str | Response | tuple[str, int]:
    form = CodeForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        return redirect(url_for(".join", code=form.code.data), 303)
    status = 422 if form.errors else 200
    return render_template("participation/enter_code.html", form=form), status


@bp.route("/join/<code>", methods=["GET", "POST"])
@limits.unknown_codes_per_prefix
@limits.unknown_codes_per_address
@limits.joins_per_address
@limits.joins_per_code
def join(code: str) -> str | Response | tuple[str, int]:
    session = services.find_open_session(code)
    if session is None:
        form = CodeForm(formdata=None, code=services.normalise_code(code)[:12])
        form.code.errors = [_("No session has this code. Check the code and try again.")]
        return render_template("participation/enter_code.html", form=form), 404
    limits.remember_code()
    if current_participant(session.id) is not None:
        return _participant_home(session)
    try:
        services.check_joinable(session)
    except (JoinRefused, SessionFull) as refused:
        return _refused(session, refused)

    groups = db.session.scalars(
        db.select(Group).where(Group.session_id == session.id).order_by(Group.position, Group.id)
    ).all() if session.uses_groups else []
    form = JoinForm()
    if groups:
        form.group.choices = choices([("", _("Put me in a group"))]
                                     + [(g.id, g.name) for g in groups])
    else:
        del form.group
    if current_user.is_authenticated:  # known by the account's name: nothing to type
        del form.display_name
    if form.validate_on_submit():
        chosen = form.group.data if groups else ""
        group = next((g for g in groups if str(g.id) == chosen), None)
        try:
            user = current_user if current_user.is_authenticated else None
            name = user.display_name[:NAME_MAX] if user else form.display_name.data
            participant, token = services.join_session(
                session, name, Affiliation(form.affiliation.data), group, user=user)
        except (JoinRefused, SessionFull) as refused:
            db.session.rollback()
            return _refused(session, refused)
        commit()
        response = _participant_home(session)
        if token:
            response.set_cookie(
                guest_cookie_name(session.id), sign(token, GUEST_PURPOSE),
                max_age=GUEST_COOKIE_DAYS * 24 * 3600, httponly=True, samesite="Lax",
                secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            )
        flash(_("Welcome, %(name)s!", name=participant.display_name), "success")
        return response
    status = 422 if form.errors else 200
    return render_template("participation/join.html", form=form, session=session,
                           groups=groups), status


def _refused(session: Session, refused: JoinRefused | SessionFull) -> tuple[str, int]:
    """A clear reason instead of the join form: not open (403) or full (409)."""
    if isinstance(refused, SessionFull):
        reason = _("This session is full: no more participants fit in it.")
    else:
        reason = str(REFUSALS.get(session.stage, refused.message))
    return render_template("participation/refused.html", session=session,
                           reason=reason), refused.status


@bp.get("/p/<int:session_id>")
def session_home(session_id: int) -> Response | str:
    """Send a participant to their group's work on the current theme (or the brainstorm),
    and to the results once the session shows them."""
    session, _participant = get_participation_or_404(session_id)
    if session.stage in (Stage.RESULTS, Stage.CLOSED):
        return redirect(url_for("voting.participant_results", session_id=session_id))
    if not session.uses_groups:
        return redirect(url_for("brainstorm.board", session_id=session_id))
    theme_id = current_theme_id(session)
    if theme_id is None:
        return render_template("participation/waiting.html", session=session)
    return redirect(url_for("groupwork.group_page", session_id=session_id, theme_id=theme_id))
