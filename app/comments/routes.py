"""Comment threads: the thread page (or its live list for htmx), posting, replies,
upvotes, flags, hiding and restoring, and the session's on/off setting.

Every action is a real POST form; htmx swaps the thread's form and list in place,
without JavaScript the browser comes back to the page it was sent from.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from app.comments import bp, services
from app.comments.access import Place, comment_or_404, place_or_404
from app.comments.forms import CommentForm, FlagForm, HideForm, ReplyForm, SettingForm, UpvoteForm
from app.comments.models import Target
from app.comments.queries import (
    comment_counts,
    flagged_in_session,
    load_thread,
    thread_version,
)
from app.comments.text import render_body
from app.core.database import commit
from app.core.forms import ButtonForm
from app.core.live import etag, poll
from app.core.rendering import render_page, wants_fragment
from app.core.urls import safe_next
from app.sessions.access import get_session_or_404
from app.sessions.models import Stage

TARGETS = "any(priority,aggregate,idea,proposal)"

TARGET_LABELS = {Target.PRIORITY: _l("A group's priority"),
                 Target.AGGREGATE: _l("An item of the combined list"),
                 Target.IDEA: _l("An idea"), Target.PROPOSAL: _l("A proposal")}

bp.add_app_template_filter(render_body, "comment_body")
bp.add_app_template_global(lambda target: str(TARGET_LABELS[Target(target)]), "target_label")
bp.add_app_template_global(comment_counts)
bp.add_app_template_global(flagged_in_session)


def _order() -> str:
    return "top" if request.values.get("order") == "top" else "newest"


def _tag(place: Place, version: int) -> str:
    session_version = place.session.version if place.session else place.process.phase.value
    return etag("comments", place.key, version, session_version, _order(),
                place.actor.participant_id or place.actor.user_id or 0, place.moderator,
                get_locale())


def _context(place: Place, **extra: object) -> dict[str, object]:
    view = load_thread(place, _order())
    return {"view": view, "place": place, "tag": _tag(place, view.version),
            "form": extra.pop("form", None) or CommentForm(formdata=None), **extra}


def _next_url(place: Place) -> str:
    """Where a plain form goes back to: our own page it was sent from, or the thread."""
    return safe_next(request.form.get("next"), place.url)


@bp.app_template_global()
def comment_thread(target: str, target_id: int, next_url: str | None = None) -> Markup:
    """A whole thread (form and live list) for a page that shows one thing."""
    place = place_or_404(target, target_id)
    return Markup(render_template("comments/_thread.html", next_url=next_url or request.path,
                                  **_context(place)))


@bp.get(f"/comments/<{TARGETS}:target>/<int:target_id>")
def thread(target: str, target_id: int) -> Response:
    """The thread's page; for htmx its live list (304 while nothing changed)."""
    place = place_or_404(target, target_id)
    if not wants_fragment():
        return render_page("comments/thread.html", next_url=request.path, **_context(place))
    tag = _tag(place, thread_version(place))
    live = place.session is None or place.session.stage != Stage.CLOSED
    return poll(tag, lambda status: render_page(
        "comments/thread.html", "comments/_list.html", status=status,
        next_url=request.args.get("next") or request.path, **_context(place)), live=live)


def _answer(place: Place, message: str, anchor: str | None = None) -> Response:
    """After a change: the fresh thread for htmx, or back to the page with a message."""
    commit()
    if wants_fragment():
        return render_page("comments/thread.html", "comments/_thread.html",
                           next_url=request.form.get("next") or place.url,
                           status_message=message, **_context(place))
    flash(message, "success")
    target = _next_url(place)
    return redirect(f"{target}#{anchor}" if anchor else target, 303)


def _refused_form(place: Place, status: int = 422, **forms: object) -> Response:
    """A form with errors: shown again with the typed text (422, or 429 when too fast)."""
    return render_page("comments/thread.html", "comments/_thread.html", status=status,
                       next_url=request.form.get("next") or place.url,
                       **_context(place, **forms))


@bp.post(f"/comments/<{TARGETS}:target>/<int:target_id>")
def post(target: str, target_id: int) -> Response:
    place = place_or_404(target, target_id, lock=True)
    parent = request.form.get("parent", "").strip()
    prefix = f"reply-{parent}" if parent.isdigit() and len(parent) < 10 else ""
    form = ReplyForm(prefix=prefix) if prefix else CommentForm()
    if prefix:
        form.parent.data = parent
    services.require_open(place)
    if not form.validate_on_submit():
        if prefix:
            return _refused_form(place, failed=("reply", int(parent), form))
        return _refused_form(place, form=form)
    if services.posting_too_fast(place, current_app.config["COMMENTS_PER_MINUTE"]):
        form.body.errors.append(_("You have posted many comments within a minute. Wait a moment "
                                  "and send again: your text is kept here."))
        if prefix:
            return _refused_form(place, 429, failed=("reply", int(parent), form))
        return _refused_form(place, 429, form=form)
    comment = services.post_comment(place, form.body.data, form.parent_id())
    return _answer(place, _("Your reply was posted.") if prefix else
                   _("Your comment was posted."), f"comment-{comment.id}")


@bp.post("/comments/c/<int:comment_id>/upvote")
def upvote(comment_id: int) -> Response:
    place, _thread, comment = comment_or_404(comment_id, lock=True)
    form = UpvoteForm()
    services.require_open(place)  # who may not upvote here hears why, whatever they sent
    if not form.validate_on_submit():
        abort(400)
    services.set_upvote(place, comment, form.on.data == "1")
    return _answer(place, _("Upvoted.") if form.on.data == "1" else
                   _("Your upvote was taken back."), f"comment-{comment.id}")


@bp.post("/comments/c/<int:comment_id>/flag")
def flag(comment_id: int) -> Response:
    place, _thread, comment = comment_or_404(comment_id, lock=True)
    form = FlagForm(prefix=f"flag-{comment.id}")
    services.require_open(place)
    if not form.validate_on_submit():
        return _refused_form(place, failed=("flag", comment.id, form))
    services.flag(place, comment, form.reason.data)
    return _answer(place, _("Thank you. The facilitators will look at the comment."),
                   f"comment-{comment.id}")


def _moderator(place: Place) -> None:
    if not place.moderator:
        abort(403)


@bp.post("/comments/c/<int:comment_id>/hide")
@login_required
def hide(comment_id: int) -> Response:
    place, _thread, comment = comment_or_404(comment_id, lock=True)
    _moderator(place)
    form = HideForm(prefix=f"hide-{comment.id}")
    if not form.validate_on_submit():
        return _refused_form(place, failed=("hide", comment.id, form))
    services.hide(place, comment, current_user, form.reason.data)
    return _answer(place, _("The comment was hidden."), f"comment-{comment.id}")


@bp.post("/comments/c/<int:comment_id>/restore")
@login_required
def restore(comment_id: int) -> Response:
    place, _thread, comment = comment_or_404(comment_id, lock=True)
    _moderator(place)
    if not ButtonForm().validate_on_submit():  # the CSRF token
        abort(400)
    services.restore(place, comment, current_user)
    return _answer(place, _("The comment was restored."), f"comment-{comment.id}")


@bp.post("/sessions/<int:session_id>/comments")
@login_required
def setting(session_id: int) -> Response:
    """A facilitator turns the session's comments on or off."""
    session = get_session_or_404(session_id, lock=True)
    form = SettingForm()
    if not form.validate_on_submit():
        abort(400)
    enabled = form.enabled.data == "1"
    services.set_comments_enabled(session, current_user, enabled)
    commit()
    flash(_("Comments are on.") if enabled else _("Comments are off."), "success")
    return redirect(url_for("sessions.detail", session_id=session.id, _anchor="comments-setting"),
                    303)


FORMS = {"reply": ReplyForm, "flag": FlagForm, "hide": HideForm}


@bp.app_template_global()
def comment_form(kind: str, comment_id: int, failed: tuple | None = None):
    """The reply, flag or hide form of one comment: the refused one with its errors and
    text, otherwise an empty one (each with its own prefix, so every id is unique)."""
    if failed and failed[0] == kind and failed[1] == comment_id:
        return failed[2]
    form = FORMS[kind](formdata=None, prefix=f"{kind}-{comment_id}")
    if kind == "reply":
        form.parent.data = str(comment_id)
    return form


@bp.app_template_global()
def comment_link(target: str, target_id: int, counts: dict[tuple[str, int], int],
                 about: str = "") -> Markup:
    """'Comments (n)' leading to a thing's thread (*counts* from comment_counts); *about*
    names the thing for screen readers."""
    count = counts.get((target, target_id), 0)
    href = url_for("comments.thread", target=Target(target).value, target_id=target_id)
    label = _("Comments (%(num)s)", num=count) if count else _("Comment")
    if not about:
        return Markup('<a class="comment-link" href="{0}">{1}</a>').format(href, label)
    return Markup('<a class="comment-link" href="{0}" aria-label="{1}: {2}">{1}</a>').format(
        href, label, about)
