from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.forms import SetPasswordForm
from app.auth.services import find_user, sign_in_browser
from app.core.database import commit
from app.core.errors import error_response
from app.core.forms import ButtonForm
from app.organisations import bp, services
from app.organisations.access import (
    get_invitation_or_404,
    get_membership_or_404,
    get_organisation_or_404,
)
from app.organisations.forms import ROLE_LABELS, AddMemberForm, ChangeRoleForm
from app.organisations.models import Role


def _members_page(organisation, form: AddMemberForm, status: int = 200):
    return render_template(
        "organisations/members.html",
        organisation=organisation,
        memberships=services.members(organisation),
        invitations=services.pending_invitations(organisation),
        form=form,
        role_form=ChangeRoleForm(),
        button_form=ButtonForm(),
        role_labels=ROLE_LABELS,
    ), status


@bp.get("/<slug>/members")
@login_required
def members(slug: str):
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    return _members_page(organisation, AddMemberForm())


@bp.post("/<slug>/members")
@login_required
def add_member(slug: str):
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    form = AddMemberForm()
    if not form.validate_on_submit():
        return _members_page(organisation, form, status=422)
    invitation = services.invite(current_user, organisation, form.email.data,
                                 Role(form.role.data))
    commit()
    flash(_("An invitation was sent to %(email)s. They become a member when they accept it; "
            "the link works for 14 days.", email=invitation.email), "success")
    return redirect(url_for(".members", slug=slug))


@bp.post("/<slug>/invitations/<int:invitation_id>/resend")
@login_required
def resend_invitation(slug: str, invitation_id: int) -> Response:
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    invitation = get_invitation_or_404(organisation, invitation_id)
    if ButtonForm().validate_on_submit():
        services.invite(current_user, organisation, invitation.email, invitation.role)
        commit()
        flash(_("A new invitation was sent to %(email)s; the earlier link no longer works.",
                email=invitation.email), "success")
    return redirect(url_for(".members", slug=slug))


@bp.post("/<slug>/invitations/<int:invitation_id>/cancel")
@login_required
def cancel_invitation(slug: str, invitation_id: int) -> Response:
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    invitation = get_invitation_or_404(organisation, invitation_id)
    if ButtonForm().validate_on_submit():
        services.cancel_invitation(current_user, invitation)
        commit()
        flash(_("The invitation was cancelled."), "success")
    return redirect(url_for(".members", slug=slug))


@bp.post("/<slug>/members/<int:membership_id>/role")
@login_required
def change_role(slug: str, membership_id: int) -> Response:
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    membership = get_membership_or_404(organisation, membership_id)
    form = ChangeRoleForm()
    if form.validate_on_submit():
        services.change_role(current_user, membership, Role(form.role.data))
        commit()
        flash(_("The role was changed."), "success")
    return redirect(url_for(".members", slug=slug))


@bp.post("/<slug>/members/<int:membership_id>/remove")
@login_required
def remove_member(slug: str, membership_id: int) -> Response:
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    membership = get_membership_or_404(organisation, membership_id)
    if ButtonForm().validate_on_submit():
        services.remove_member(current_user, membership)
        commit()
        flash(_("The member was removed."), "success")
    return redirect(url_for(".members", slug=slug))


# --- the invited person's side -------------------------------------------------


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str) -> str | Response:
    """Accept an invitation: with a new account when the address has none, else by signing
    in as its account. Nothing is created or joined before the invited person says so."""
    found = services.invitation_from_token(token, lock=request.method == "POST")
    if found is None:
        return error_response(404, _("This invitation has expired, has been used already or "
                                     "was cancelled. Ask the organisation's admin to send a "
                                     "new one."))
    if find_user(found.email) is None:
        return _new_account(found)
    if not current_user.is_authenticated or current_user.email != found.email:
        # Sign in as the invited address first (the sign-in page brings them back).
        return render_template("organisations/invitation.html", invitation=found,
                               role_label=ROLE_LABELS[found.role], form=None,
                               button_form=ButtonForm(), login_url=url_for(
                                   "auth.login", next=request.path))
    form = ButtonForm()
    if form.validate_on_submit():
        if request.form.get("answer") == "decline":
            services.decline_invitation(found)
            commit()
            flash(_("You declined the invitation."), "info")
            return redirect(url_for("pages.home"))
        services.accept_invitation(found, current_user)
        name = found.organisation.name
        commit()
        flash(_("You are now a member of %(name)s.", name=name), "success")
        return redirect(url_for("pages.home"))
    return render_template("organisations/invitation.html", invitation=found,
                           role_label=ROLE_LABELS[found.role], form=None, button_form=form)


def _new_account(found) -> str | Response:
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = services.accept_with_new_account(found, form.display_name.data,
                                                form.new_password.data)
        commit()
        sign_in_browser(user)
        flash(_("Welcome! Your account is ready."), "success")
        return redirect(url_for("pages.home"))
    status = 422 if form.errors else 200
    return render_template("organisations/invitation.html", invitation=found,
                           role_label=ROLE_LABELS[found.role], form=form,
                           button_form=None), status
