"""Domain errors and the friendly, translated error pages.

Services raise :class:`DomainError` subclasses; the handlers here roll the
session back and answer with the right status, as HTML (page or htmx
fragment) or as JSON under ``/api/``. No stack trace ever reaches a user.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from urllib.parse import urlsplit

from flask import Flask, Response, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from app.core.database import DatabaseBusy, is_lock_error, is_outage, read_only_from_now
from app.core.logs import for_log, request_label
from app.extensions import db, login_manager

log = logging.getLogger(__name__)

# Seconds a client is asked to wait: a locked SQLite clears fast, a restart takes longer.
RETRY_AFTER_BUSY = 5
RETRY_AFTER_OUTAGE = 30


class DomainError(Exception):
    """A rule of the domain refused the request."""

    status = 409
    message = _l("The request conflicts with the current state.")

    def __init__(self, message: str | None = None) -> None:
        # The class message stays lazy: it is translated when the error is shown.
        super().__init__(message or type(self).__name__)
        if message:
            self.message = message


class NotAllowed(DomainError):
    status = 403
    message = _l("You do not have permission to do this.")


TITLES = {
    400: _l("The request could not be handled"),
    401: _l("Sign in required"),
    403: _l("No access"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    409: _l("Conflict"),
    413: _l("The upload is too large"),
    422: _l("Check the information you entered"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong"),
    503: _l("The service is busy"),
}

EXPLANATIONS = {
    400: _l("The request was incomplete or out of date. Go back, reload the page and try again."),
    401: _l("Sign in to continue."),
    403: _l("You do not have permission to see this page or do this."),
    404: _l("The page does not exist, or you do not have access to it. Check the address."),
    405: _l("This address does not accept this kind of request."),
    409: _l("Someone else changed this at the same time, or the stage has moved on."),
    413: _l("What you sent is larger than we accept. Send a smaller file or shorter text."),
    422: _l("Some of the information is missing or not valid."),
    429: _l("You have tried too many times in a short while. Wait a minute and try again."),
    500: _l("An unexpected error happened. It has been logged. Try again shortly."),
    503: _l("The service is busy right now. Wait a moment and try again."),
}

DATABASE_DOWN = _l(
    "The service cannot reach its database right now, so nothing was saved. "
    "Wait a moment and try again."
)

CSRF_EXPLANATION = _l(
    "Your form had expired or came from elsewhere, so it was not saved. "
    "Your text is shown below so that you can copy it. Reload the page and send it again."
)

# The fields people type text into, by the last part of their name ("slot-2-reasoning").
# Only these are shown back: never a password, a token or a technical field.
TYPED_FIELDS = {
    "title": _l("Title"), "reasoning": _l("Reasoning"), "text": _l("Text"),
    "description": _l("Description"), "prompt": _l("Task for the groups"),
    "source": _l("Source"), "name": _l("Name"), "display_name": _l("Name"),
    "reason": _l("Reason"), "email": _l("E-mail address"), "meeting_url": _l("Link"),
}


def _from_our_site() -> bool:
    """Did the browser send the form from one of our pages? (Never show text planted
    by another site's form on ours.)"""
    origin = request.headers.get("Origin") or request.referrer or ""
    return urlsplit(origin).netloc == request.host


def kept_input() -> list[tuple[str, str]]:
    """The text the user typed into the refused form, with its label, to copy from."""
    if request.method != "POST" or not _from_our_site():
        return []
    kept = []
    for name, value in request.form.items(multi=True):
        label = TYPED_FIELDS.get(name.rpartition("-")[2])
        value = value.replace("\x00", "")  # a refused NUL is not shown back
        if label is not None and value.strip():
            kept.append((str(label), value))
    return kept


def error_response(status: int, detail: str | None = None, keep_input: bool = False) -> Response:
    """JSON under /api/, a small alert for htmx, a whole page otherwise.

    The htmx answer is retargeted to the page's alert region (``#htmx-alert``
    in base.html), so the form that was sent stays on the page with its text.
    """
    if request.path.startswith("/api/"):
        response = jsonify(error=str(detail or TITLES.get(status, "error")))
    else:
        htmx_request = request.headers.get("HX-Request") == "true"
        response = Response(
            render_template(
                "errors/_alert.html" if htmx_request else "errors/error.html",
                status=status,
                title=TITLES.get(status, TITLES[500]),
                explanation=detail or EXPLANATIONS.get(status, EXPLANATIONS[500]),
                kept=kept_input() if keep_input and not htmx_request else [],
                back_url=g.get("error_back_url"),
            ),
            mimetype="text/html",
        )
        if htmx_request:
            response.headers["HX-Retarget"] = "#htmx-alert"
            response.headers["HX-Reswap"] = "innerHTML"
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Response:
        db.session.rollback()
        return error_response(400, str(CSRF_EXPLANATION), keep_input=True)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> Response:
        db.session.rollback()
        return error_response(error.status, str(error.message), keep_input=True)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        db.session.rollback()
        status = error.code or 500
        response = error_response(status, keep_input=status in (409, 422))
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        if status == 429:
            response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(DatabaseBusy)
    def database_busy(error: DatabaseBusy) -> Response:
        db.session.rollback()
        read_only_from_now()  # the page itself must not wait for the write lock again
        response = error_response(503, keep_input=True)
        response.headers["Retry-After"] = str(RETRY_AFTER_BUSY)
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        if is_lock_error(error):
            return database_busy(DatabaseBusy())
        if is_outage(error):
            return database_unavailable(error)
        db.session.rollback()
        log.exception("Unhandled error on %s", request_label())
        return error_response(500)


def database_unavailable(error: Exception) -> Response:
    """503 while the database is away: one warning line, a translated page (or JSON),
    the typed text kept. The pool checks each connection before use (pool_pre_ping),
    so the next request after the database is back simply works."""
    with suppress(Exception):  # the connection may be gone already
        db.session.rollback()
    # Who is signed in cannot be read now: the page is drawn as for a visitor.
    g._login_user = login_manager.anonymous_user()  # Flask-Login's per-request user
    reason = str(getattr(error, "orig", None) or error).strip().splitlines() or [""]
    log.warning("Database unavailable on %s: %s", request_label(), for_log(reason[0]))
    response = error_response(503, str(DATABASE_DOWN), keep_input=True)
    response.headers["Retry-After"] = str(RETRY_AFTER_OUTAGE)
    return response
