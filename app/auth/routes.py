from __future__ import annotations

import hashlib

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from app.auth import bp, services
from app.auth.forms import EmailForm, LoginForm, NewPasswordFields, PasswordChangeForm
from app.core.database import commit
from app.core.errors import error_response
from app.core.forms import ButtonForm
from app.core.urls import safe_next
from app.extensions import limiter


def _limit(name: str):
    return lambda: current_app.config[name]


def _submitted_email() -> str:
    """The e-mail address in the posted form, as a rate-limit key (hashed: the limit store
    does not need the address itself)."""
    email = services.normalise_email(request.form.get("email", ""))
    return "email:" + hashlib.sha256(email.encode()).hexdigest()


def _refused(response: Response) -> bool:
    return response.status_code == 422


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_limit("LOGIN_RATE_LIMIT"), methods=["POST"])
@limiter.limit(_limit("ACCOUNT_LOGIN_RATE_LIMIT"), methods=["POST"], key_func=_submitted_email,
               deduct_when=_refused)
def login() -> str | Response:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            target = safe_next(form.next.data, url_for("pages.home"))
            services.sign_in_browser(user)
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
@limiter.limit(_limit("LOGIN_RATE_LIMIT"), methods=["POST"])
def change_password() -> str | Response:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except services.WrongPassword:
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            services.sign_in_browser(current_user._get_current_object())
            flash(_("Your password has been changed. Other devices have been signed out."),
                  "success")
            return redirect(url_for("account.index"))
    status = 422 if form.errors else 200
    return render_template("auth/password.html", form=form), status


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_limit("RESET_RATE_LIMIT"), methods=["POST"])
@limiter.limit(_limit("RESET_EMAIL_RATE_LIMIT"), methods=["POST"], key_func=_submitted_email)
def forgot_password() -> str | Response:
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        commit()
        # The same answer whether or not the address has an account.
        flash(_("If %(email)s has an account, a link to choose a new password is on its way "
                "there. It works for an hour.", email=form.email.data.strip()), "info")
        return redirect(url_for(".login"))
    status = 422 if form.errors else 200
    return render_template("auth/forgot.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response:
    user = services.user_from_reset(token, lock=request.method == "POST")
    if user is None:
        return error_response(404, _("This link has expired or has been used already. Ask "
                                     "for a new one on the sign-in page."))
    form = NewPasswordFields()
    if form.validate_on_submit():
        services.reset_password(user, form.new_password.data)
        commit()
        services.sign_in_browser(user)
        flash(_("Your new password is set. Other devices have been signed out."), "success")
        return redirect(url_for("pages.home"))
    status = 422 if form.errors else 200
    return render_template("auth/reset.html", form=form, user=user), status
