from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.core.database import commit
from app.core.forms import ButtonForm
from app.organisations import bp, services
from app.organisations.access import get_membership_or_404, get_organisation_or_404
from app.organisations.forms import ROLE_LABELS, AddMemberForm, ChangeRoleForm
from app.organisations.models import Role


def _members_page(organisation, form: AddMemberForm, invite_url: str | None = None,
                  status: int = 200):
    return render_template(
        "organisations/members.html",
        organisation=organisation,
        memberships=services.members(organisation),
        form=form,
        role_form=ChangeRoleForm(),
        button_form=ButtonForm(),
        role_labels=ROLE_LABELS,
        invite_url=invite_url,
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
    membership, token = services.invite_member(
        current_user, organisation, form.email.data, form.display_name.data or "",
        Role(form.role.data),
    )
    commit()
    if token is None:
        flash(_("%(email)s was added to the organisation.", email=membership.user.email),
              "success")
        return redirect(url_for(".members", slug=slug))
    invite_url = url_for("auth.accept_invitation", token=token, _external=True)
    flash(_("An account was created for %(email)s. Send them the invitation link below; "
            "it works once, for 14 days.", email=membership.user.email), "success")
    return _members_page(organisation, AddMemberForm(formdata=None), invite_url=invite_url)


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
