"""The facilitator's combined list per theme: merge duplicates, rename, undo a merge."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.aggregation import bp, services
from app.aggregation.forms import MergeForm, RenameForm
from app.aggregation.models import AggregateItem
from app.core.database import commit
from app.core.rendering import render_page, wants_fragment
from app.extensions import db
from app.sessions.access import get_session_or_404
from app.sessions.lookups import theme_or_404, themes_of
from app.sessions.models import Session, Theme


def _item_or_404(theme: Theme, item_id: int) -> AggregateItem:
    item = db.session.get(AggregateItem, item_id)
    if item is None or item.theme_id != theme.id:
        abort(404)
    return item


def _page(
    session: Session,
    theme: Theme,
    status: int = 200,
    merge_form: MergeForm | None = None,
    rename_form: RenameForm | None = None,
    renamed_id: int | None = None,
    notice: str | None = None,
) -> Response:
    return render_page(
        "aggregation/theme.html", "aggregation/_aggregate.html", status=status,
        session=session, theme=theme, themes=themes_of(session.id), rows=services.aggregate(theme),
        merge_form=merge_form or MergeForm(formdata=None),
        rename_form=rename_form or RenameForm(formdata=None), renamed_id=renamed_id, notice=notice,
        editable=session.stage in services.EDIT_STAGES,
    )


def _done(session: Session, theme: Theme, message: str) -> Response:
    """htmx swaps the updated list (with the message); a plain form goes back to the page."""
    if wants_fragment():
        return _page(session, theme, notice=message)
    flash(message, "success")
    return redirect(url_for(".theme", session_id=session.id, theme_id=theme.id))


@bp.get("/<int:session_id>/themes/<int:theme_id>/aggregate")
def theme(session_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id)
    return _page(session, theme_or_404(session, theme_id))


@bp.post("/<int:session_id>/themes/<int:theme_id>/aggregate/merge")
def merge(session_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    form = MergeForm()
    if form.validate_on_submit():
        try:
            merged = services.merge(session, theme, form.items.data or [], form.title.data or "",
                                    current_user)
        except services.MergeRefused as refused:
            form.items.errors = [str(refused.message)]
        else:
            commit()
            return _done(session, theme, _("Merged into “%(title)s”.", title=merged.title))
    return _page(session, theme, status=422, merge_form=form)


@bp.post("/<int:session_id>/themes/<int:theme_id>/aggregate/items/<int:item_id>/undo")
def undo(session_id: int, theme_id: int, item_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    item = _item_or_404(theme, item_id)
    title = item.title
    services.undo_merge(session, theme, item, current_user)
    commit()
    return _done(session, theme, _("The merge “%(title)s” was undone.", title=title))


@bp.post("/<int:session_id>/themes/<int:theme_id>/aggregate/items/<int:item_id>/title")
def rename(session_id: int, theme_id: int, item_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    item = _item_or_404(theme, item_id)
    form = RenameForm()
    if not form.validate_on_submit():
        return _page(session, theme, status=422, rename_form=form, renamed_id=item.id)
    services.rename(session, theme, item, form.title.data, current_user)
    commit()
    return _done(session, theme, _("The title was changed to “%(title)s”.", title=item.title))
