"""The organisation admin's brand page, and the stylesheet and logo its pages load."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import undefer
from werkzeug.wrappers import Response

from app.branding import bp, services
from app.branding.forms import ColourForm, LogoForm
from app.branding.logos import LogoRefused
from app.branding.models import LOGO_TYPE, Brand
from app.core.database import commit
from app.extensions import db
from app.organisations.access import get_organisation_or_404
from app.organisations.models import Organisation, Role

# Served files change their URL (?v=) when the brand changes; the ETag answers revalidation.
CACHE = "public, max-age=86400"


def _page(organisation: Organisation, colour_form: ColourForm | None = None,
          logo_form: LogoForm | None = None, suggestion: str | None = None, status: int = 200):
    brand = organisation.brand
    if colour_form is None:
        colour_form = ColourForm(formdata=None, colour=brand.colour if brand else None)
    return render_template(
        "branding/settings.html", organisation=organisation, brand=brand,
        colour_form=colour_form, logo_form=logo_form or LogoForm(formdata=None),
        suggestion=suggestion,
    ), status


@bp.get("/organisations/<slug>/brand")
@login_required
def settings(slug: str):
    return _page(get_organisation_or_404(slug, Role.ADMIN))


@bp.post("/organisations/<slug>/brand/colour")
@login_required
def set_colour(slug: str):
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    form = ColourForm()
    if not form.validate_on_submit():
        return _page(organisation, colour_form=form, status=422)
    try:
        services.set_colour(current_user, organisation, form.colour.data)
    except services.ColourTooLight as refused:
        verdict = refused.verdict
        form.colour.errors = [_(
            "%(colour)s is too light: white text on it, or it as text on a white page, gets a "
            "contrast of %(ratio)s:1, and at least 4.5:1 is needed. A darker shade of the "
            "same colour, %(suggestion)s, passes.", colour=verdict.colour,
            ratio=f"{verdict.ratio:.1f}", suggestion=verdict.suggestion)]
        db.session.rollback()
        return _page(organisation, colour_form=form, suggestion=verdict.suggestion, status=422)
    commit()
    flash(_("The colour was saved. The organisation's sessions now use it."), "success")
    return redirect(url_for(".settings", slug=slug))


@bp.post("/organisations/<slug>/brand/colour/reset")
@login_required
def reset_colour(slug: str) -> Response:
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    services.reset_colour(current_user, organisation)
    commit()
    flash(_("The organisation's sessions use Yhdessä's own colours again."), "success")
    return redirect(url_for(".settings", slug=slug))


@bp.post("/organisations/<slug>/brand/logo")
@login_required
def upload_logo(slug: str):
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    form = LogoForm()
    if not form.validate_on_submit():
        return _page(organisation, logo_form=form, status=422)
    upload = form.logo.data
    try:
        data = upload.read()
    finally:
        upload.close()  # a large upload is a temporary file
    try:
        services.set_logo(current_user, organisation, data)
    except LogoRefused as refused:
        form.logo.errors = [str(refused.message)]
        db.session.rollback()
        return _page(organisation, logo_form=form, status=422)
    commit()
    flash(_("The logo was saved."), "success")
    return redirect(url_for(".settings", slug=slug))


@bp.post("/organisations/<slug>/brand/logo/remove")
@login_required
def remove_logo(slug: str) -> Response:
    organisation = get_organisation_or_404(slug, Role.ADMIN)
    services.remove_logo(current_user, organisation)
    commit()
    flash(_("The logo was removed."), "success")
    return redirect(url_for(".settings", slug=slug))


def _brand_or_404(slug: str, *columns) -> Brand:
    query = sa.select(Brand).join(Brand.organisation).where(Organisation.slug == slug)
    if columns:
        query = query.options(undefer(*columns))
    brand = db.session.scalar(query)
    if brand is None:
        abort(404)
    return brand


def _cached(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE
    return response.make_conditional(request)


@bp.get("/brand/<slug>.css")
def stylesheet(slug: str) -> Response:
    brand = _brand_or_404(slug)
    response = Response(services.stylesheet(brand), mimetype="text/css")
    return _cached(response, f"css-{brand.version}")


@bp.get("/brand/<slug>/logo.png")
def logo(slug: str) -> Response:
    brand = _brand_or_404(slug, Brand.logo)
    if brand.logo is None:
        abort(404)
    response = Response(brand.logo, mimetype=LOGO_TYPE)
    response.headers["Content-Disposition"] = "inline"
    return _cached(response, f"logo-{brand.logo_hash}")
