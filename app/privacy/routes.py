"""An organisation's privacy settings: how long guests' names are kept."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.core.database import commit
from app.organisations.access import get_organisation_or_404
from app.organisations.models import Organisation, Role
from app.privacy import bp
from app.privacy.forms import RetentionForm
from app.privacy.retention import set_retention


def _page(organisation: Organisation, form: RetentionForm, status: int = 200):
    return render_template("privacy/settings.html", organisation=organisation,
                           form=form), status


@bp.get("/organisations/<slug>/privacy")
@login_required
def settings(slug: str):
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    return _page(organisation, RetentionForm(formdata=None,
                                             days=organisation.guest_retention_days))


@bp.post("/organisations/<slug>/privacy")
@login_required
def save(slug: str):
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    form = RetentionForm()
    if not form.validate_on_submit():
        return _page(organisation, form, 422)
    set_retention(current_user, organisation, form.days.data)
    commit()
    flash(ngettext("Guests' names are now kept for %(num)d day after a session closes.",
                   "Guests' names are now kept for %(num)d days after a session closes.",
                   form.days.data), "success")
    return redirect(url_for(".settings", slug=slug))
