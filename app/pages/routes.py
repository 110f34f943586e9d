from __future__ import annotations

from datetime import date

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.auth.services import set_locale
from app.core.database import commit
from app.core.i18n import LANGUAGE_COOKIE, supported
from app.core.urls import safe_next
from app.pages import bp

STATEMENT_DATE = date(2026, 11, 24)
NOTICE_DATE = date(2026, 12, 6)


@bp.get("/")
def home() -> str:
    from app.participation.forms import CodeForm

    return render_template("pages/home.html", code_form=CodeForm(formdata=None))


@bp.get("/accessibility")
def accessibility() -> str:
    return render_template("pages/accessibility.html", statement_date=STATEMENT_DATE)


@bp.get("/privacy")
def privacy() -> str:
    from app.privacy.notice import retention_periods

    return render_template("pages/privacy.html", periods=retention_periods(),
                           operator_contact=current_app.config.get("PRIVACY_CONTACT"),
                           notice_date=NOTICE_DATE)


@bp.post("/language")
def choose_language() -> Response:
    """Remember the chosen language in a cookie and, when signed in, on the account."""
    code = supported(request.form.get("lang")) or current_app.config["BABEL_DEFAULT_LOCALE"]
    response = redirect(safe_next(request.form.get("next"), url_for(".home")))
    response.set_cookie(
        LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    if current_user.is_authenticated and current_user.locale != code:
        set_locale(current_user, code)
        commit()
    return response
