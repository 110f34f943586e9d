from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.core.database import commit
from app.core.forms import choices
from app.core.tokens import sign
from app.extensions import db, limiter
from app.participation import bp
from app.participation.forms import CodeForm, JoinForm
from app.sessions import services
from app.sessions.access import GUEST_PURPOSE, current_participant, guest_cookie_name
from app.sessions.models import Affiliation, Group, Session

JOIN_LIMIT = "20 per minute"


def _code_key() -> str:
    return "join-code:" + services.normalise_code(request.view_args.get("code", ""))


def _participant_home(session: Session) -> Response:
    return redirect(url_for("participation.session_home", session_id=session.id))


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(JOIN_LIMIT, methods=["POST"])
def enter_code() -> str | Response:
    form = CodeForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        return redirect(url_for(".join", code=services.normalise_code(form.code.data)))
    status = 422 if form.errors else 200
    return render_template("participation/enter_code.html", form=form), status


@bp.route("/join/<code>", methods=["GET", "POST"])
@limiter.limit(JOIN_LIMIT)
@limiter.limit("60 per minute", key_func=_code_key)
def join(code: str) -> str | Response:
    session = services.find_open_session(code)
    if session is None:
        form = CodeForm(code=code)
        form.code.errors = [_("No session has this code. Check the code and try again.")]
        return render_template("participation/enter_code.html", form=form), 404
    if current_participant(session.id) is not None:
        return _participant_home(session)
    services.check_joinable(session)

    groups = db.session.scalars(
        db.select(Group).where(Group.session_id == session.id).order_by(Group.position, Group.id)
    ).all()
    form = JoinForm()
    if current_user.is_authenticated and not form.is_submitted():
        form.display_name.data = current_user.display_name
    form.group.choices = choices([("", _("Put me in a group"))] + [(g.id, g.name) for g in groups])
    if form.validate_on_submit():
        group = next((g for g in groups if str(g.id) == form.group.data), None)
        participant, token = services.join_session(
            session, form.display_name.data, Affiliation(form.affiliation.data), group,
            user=current_user if current_user.is_authenticated else None,
        )
        commit()
        response = _participant_home(session)
        if token:
            response.set_cookie(
                guest_cookie_name(session.id), sign(token, GUEST_PURPOSE),
                max_age=30 * 24 * 3600, httponly=True, samesite="Lax",
                secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            )
        flash(_("Welcome, %(name)s!", name=participant.display_name), "success")
        return response
    status = 422 if form.errors else 200
    return render_template("participation/join.html", form=form, session=session,
                           groups=groups), status


@bp.get("/p/<int:session_id>")
def session_home(session_id: int) -> Response:
    """Send a participant to their group's work (or the brainstorm) on the first theme."""
    participant = current_participant(session_id)
    session = db.session.get(Session, session_id)
    if participant is None or session is None:
        abort(404)
    if not session.uses_groups:
        return redirect(url_for("brainstorm.board", session_id=session_id))
    return redirect(url_for("groupwork.group_page", session_id=session_id))
