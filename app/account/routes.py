"""The account page: download my data, API tokens, delete my account."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from app.account import bp, services
from app.account.forms import DeleteAccountForm, TokenForm
from app.api.services import issue_token, revoke_token, tokens_of
from app.core.database import commit
from app.core.forms import ButtonForm
from app.extensions import db, limiter
from app.privacy.data_rights import LastAdmin, delete_account, organisations_left_without_admin


def _me():
    return current_user._get_current_object()


def _page(token_form: TokenForm | None = None, delete_form: DeleteAccountForm | None = None,
          new_token: str | None = None, status: int = 200):
    user = _me()
    return render_template(
        "account/account.html", tokens=tokens_of(user),
        token_form=token_form or TokenForm(formdata=None),
        delete_form=delete_form or DeleteAccountForm(formdata=None),
        lonely=organisations_left_without_admin(user), new_token=new_token,
    ), status


@bp.get("")
@login_required
def index():
    return _page()


@bp.get("/data.json")
@login_required
def download() -> Response:
    response = Response(services.data_download(_me()), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="yhdessa-my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/tokens")
@login_required
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(token_form=form, status=422)
    token = issue_token(_me(), form.name.data)
    commit()
    # Shown on this answer only (never stored, never cached): no redirect.
    return _page(new_token=token)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> Response:
    if not ButtonForm().validate_on_submit():
        abort(400)
    revoked = revoke_token(_me(), token_id)
    if revoked is None:
        abort(404)
    commit()
    flash(_("The token “%(name)s” was revoked. Scripts using it can no longer read the API.",
            name=revoked.name), "success")
    return redirect(url_for(".index", _anchor="tokens"))


def _confirm_page(form: DeleteAccountForm, status: int = 200):
    return render_template("account/delete.html", form=form,
                           lonely=organisations_left_without_admin(_me())), status


@bp.get("/delete")
@login_required
def confirm_delete():
    """The no-script confirmation, also reachable on its own."""
    return _confirm_page(DeleteAccountForm(formdata=None))


def _refuse(form: DeleteAccountForm, on_account_page: bool, status: int):
    form.proof.data = ""
    if on_account_page:
        return _page(delete_form=form, status=status)
    return _confirm_page(form, status)


@bp.post("/delete")
@login_required
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
def delete():
    form = DeleteAccountForm()
    user = _me()
    on_account_page = bool(form.confirm_first.data)
    if not form.validate_on_submit():
        return _refuse(form, on_account_page, 422)
    proven = bool(form.proof.data) and services.proves_deletion(user, form.proof.data)
    if not proven and not user.check_password(form.password.data or ""):
        form.password.errors.append(_("The password is wrong.") if form.password.data
                                    else _("Give your password to delete the account."))
        return _refuse(form, on_account_page, 422)
    if on_account_page:
        # Sent without script: ask on a page of its own, the password already given.
        return _confirm_page(DeleteAccountForm(formdata=None,
                                               proof=services.deletion_proof(user)))
    try:
        delete_account(user)
    except LastAdmin as lonely:
        db.session.rollback()
        form.password.errors.append(str(lonely.message))
        return _refuse(form, on_account_page, 409)
    commit()
    logout_user()
    session.clear()
    flash(_("Your account has been deleted. What you wrote in sessions stays, under “Deleted "
            "user”."), "success")
    return redirect(url_for("pages.home"))
