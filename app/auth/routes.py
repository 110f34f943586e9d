from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from app.auth import bp, services
from app.auth.forms import LoginForm, PasswordChangeForm, SetPasswordForm
from app.core.database import commit
from app.core.forms import ButtonForm
from app.core.urls import safe_next
from app.extensions import limiter


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _start_session(user) -> None:
    """Sign *user* in on a fresh session, so a planted session id is worthless."""
    session.clear()
    session[services.SIGN_IN_KEY] = services.start_sign_in(user)
    commit()
    login_user(user)
    session.permanent = True


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            target = safe_next(form.next.data, url_for("pages.home"))
            _start_session(user)
            return redirect(target)
        form.password.errors.append(_("The e-mail address or password is wrong."))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    if ButtonForm().validate_on_submit():
        services.end_sign_in(session.get(services.SIGN_IN_KEY))
        commit()
        logout_user()
        session.clear()
        flash(_("You have signed out."), "info")
    return redirect(url_for("pages.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"])
def change_password() -> str | Response:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except services.WrongPassword:
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            _start_session(current_user._get_current_object())
            flash(_("Your password has been changed. Other devices have been signed out."),
                  "success")
            return redirect(url_for("pages.home"))
    status = 422 if form.errors else 200
    return render_template("auth/password.html", form=form), status


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> str | Response:
    user = services.user_from_invitation(token)
    if user is None:
        abort(404)
    form = SetPasswordForm(display_name=user.display_name)
    if form.validate_on_submit():
        services.accept_invitation(user, form.display_name.data, form.new_password.data)
        commit()
        _start_session(user)
        flash(_("Welcome! Your account is ready."), "success")
        return redirect(url_for("pages.home"))
    status = 422 if form.errors else 200
    return render_template("auth/invitation.html", form=form, user=user), status
