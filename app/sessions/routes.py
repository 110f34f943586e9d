"""The facilitator's session pages: the list, create and edit, the session page, stage
moves and duplicating. Themes, items and groups are in :mod:`app.sessions.setup_routes`."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response

from app.core.database import commit
from app.core.errors import DomainError, error_response, kept_input
from app.core.forms import ButtonForm, choices
from app.core.urls import safe_next
from app.extensions import db
from app.organisations.access import get_organisation_or_404
from app.sessions import bp, services, setup
from app.sessions.access import FACILITATING_ROLES, can_facilitate, get_session_or_404
from app.sessions.errors import IllegalStageMove
from app.sessions.forms import SessionForm, StageForm
from app.sessions.labels import stage_label
from app.sessions.lookups import current_theme_id
from app.sessions.models import Session, Stage
from app.sessions.moves import stage_action
from app.sessions.overview import facilitated_organisations, sessions_by_organisation
from app.sessions.pages import render_detail

# --- helpers for templates ---------------------------------------------------


@bp.app_template_global()
def optional_url(endpoint: str, **values: object) -> str | None:
    """The URL of *endpoint*, or None while that page does not exist (yet)."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


bp.add_app_template_global(current_theme_id)


@bp.errorhandler(DomainError)
def refused(error: DomainError) -> Response:
    """A setup change the rules refused: say why, keep the typed text, link back."""
    db.session.rollback()
    if request.headers.get("HX-Request") == "true":
        return error_response(error.status, str(error.message))
    session_id = (request.view_args or {}).get("session_id")
    session = db.session.get(Session, session_id) if session_id else None
    back = session if session is not None and can_facilitate(session) else None
    return render_template("sessions/refused.html", message=str(error.message),
                           kept=kept_input(), session=back), error.status


def _detail_url(session: Session, anchor: str | None = None) -> str:
    return url_for("sessions.detail", session_id=session.id, _anchor=anchor)


# --- the list, create and edit -------------------------------------------------


@bp.get("/")
@login_required
def index() -> str:
    organisations = facilitated_organisations(current_user)
    if not organisations:
        abort(403)
    return render_template("sessions/index.html",
                           listing=sessions_by_organisation(organisations))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> tuple[str, int] | Response:
    slug = request.args.get("org")
    if slug:
        get_organisation_or_404(slug, *FACILITATING_ROLES)
    organisations = facilitated_organisations(current_user)
    if not organisations:
        abort(403)
    form = SessionForm()
    form.organisation.choices = choices((org.slug, org.name) for org in organisations)
    if not form.is_submitted():
        form.organisation.data = slug or organisations[0].slug
    if form.validate_on_submit():
        organisation = next(o for o in organisations if o.slug == form.organisation.data)
        session = setup.new_session(organisation, current_user, form.changes())
        commit()
        flash(_("The session was created. Next add its themes and groups."), "success")
        return redirect(_detail_url(session))
    return render_template("sessions/form.html", form=form, session=None,
                           several=len(organisations) > 1), 422 if form.errors else 200


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit(session_id: int) -> tuple[str, int] | Response:
    session = get_session_or_404(session_id, lock=request.method == "POST")
    setup.require_setup_stage(session)
    form = SessionForm()
    del form.organisation
    if session.stage != Stage.DRAFT:
        del form.kind
    if not form.is_submitted():
        form.fill_from(session)
    if form.validate_on_submit():
        setup.update_session(session, current_user, form.changes())
        commit()
        flash(_("The session's details were saved."), "success")
        return redirect(_detail_url(session))
    return render_template("sessions/form.html", form=form, session=session,
                           several=False), 422 if form.errors else 200


# --- the session page, stages, duplicate ---------------------------------------------


@bp.get("/<int:session_id>")
@login_required
def detail(session_id: int) -> tuple[str, int]:
    return render_detail(get_session_or_404(session_id))


def _target(value: str | None) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        abort(422)


@bp.get("/<int:session_id>/stage")
@login_required
def confirm_stage(session_id: int) -> str:
    """The no-script confirmation before a stage move."""
    session = get_session_or_404(session_id)
    action = stage_action(session, _target(request.args.get("to")))
    if action is None:
        raise IllegalStageMove()
    form = StageForm(formdata=None, stage=action.target.value,
                     next=safe_next(request.args.get("next"), ""))
    return render_template("sessions/stage_confirm.html", session=session, action=action,
                           form=form)


@bp.post("/<int:session_id>/stage")
@login_required
def move_stage(session_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    form = StageForm()
    if not form.validate_on_submit():
        abort(422)
    target = Stage(form.stage.data)
    if request.form.get("confirm_first"):
        # Sent without script from a page that asks first: show the confirmation page.
        return redirect(url_for(".confirm_stage", session_id=session.id, to=target.value,
                                next=form.next.data or None), 303)
    services.move_stage(session, target, current_user)
    commit()
    flash(_("The session is now at the stage “%(stage)s”.", stage=stage_label(target)),
          "success")
    return redirect(safe_next(form.next.data, _detail_url(session, "stage")))


@bp.post("/<int:session_id>/duplicate")
@login_required
def duplicate(session_id: int) -> Response:
    source = get_session_or_404(session_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    copy = setup.duplicate_session(source, current_user)
    commit()
    flash(_("This is a copy of “%(title)s”. Check its details and time.", title=source.title),
          "success")
    return redirect(_detail_url(copy))


from app.sessions import setup_routes  # noqa: E402, F401  (registers the setup routes)
