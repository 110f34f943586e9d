"""Setting up a session's themes, background items and groups (POST forms on the
session page; a form sent with errors comes back in place with status 422)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.core.database import commit
from app.core.forms import ButtonForm
from app.core.urls import safe_next
from app.sessions import bp, groups, themes
from app.sessions.access import get_session_or_404
from app.sessions.forms import (
    GroupForm,
    ItemForm,
    ItemsForm,
    MakeGroupsForm,
    MoveForm,
    PasteForm,
)
from app.sessions.lookups import group_or_404, item_or_404, theme_or_404
from app.sessions.models import Session
from app.sessions.pages import (
    MAKE_GROUPS,
    NEW_GROUP,
    NEW_THEME,
    group_prefix,
    item_prefix,
    paste_prefix,
    render_detail,
    theme_form,
)
from app.sessions.setup import require_setup_stage

Page = tuple[str, int] | Response


def _back(session: Session, anchor: str) -> Response:
    return redirect(url_for("sessions.detail", session_id=session.id, _anchor=anchor))


def _offset() -> int:
    form = MoveForm()
    if not form.validate_on_submit():
        abort(422)
    return form.offset


def _button_pressed() -> None:
    if not ButtonForm().validate_on_submit():
        abort(400)


# --- themes ----------------------------------------------------------------


@bp.post("/<int:session_id>/themes")
@login_required
def add_theme(session_id: int) -> Page:
    session = get_session_or_404(session_id, lock=True)
    form = theme_form(session, prefix=NEW_THEME)
    if not form.validate_on_submit():
        return render_detail(session, form, 422)
    picks = form.picks.data if "picks" in form else 3
    theme = themes.add_theme(session, current_user, form.title.data, form.prompt.data or "",
                             picks)
    commit()
    flash(_("“%(title)s” was added.", title=theme.title), "success")
    return _back(session, f"theme-{theme.id}")


@bp.route("/<int:session_id>/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@login_required
def edit_theme(session_id: int, theme_id: int) -> Page:
    session = get_session_or_404(session_id, lock=request.method == "POST")
    require_setup_stage(session)
    theme = theme_or_404(session, theme_id)
    form = theme_form(session, obj=theme)
    status = 200
    if form.validate_on_submit():
        picks = form.picks.data if "picks" in form else theme.picks
        try:
            themes.update_theme(session, theme, current_user, form.title.data,
                                form.prompt.data or "", picks)
        except themes.PicksLocked as error:
            form.picks.errors = [str(error.message)]
            status = 409
        else:
            commit()
            flash(_("“%(title)s” was saved.", title=theme.title), "success")
            return _back(session, f"theme-{theme.id}")
    return render_template("sessions/theme_edit.html", session=session, theme=theme,
                           form=form), 422 if form.errors and status == 200 else status


@bp.post("/<int:session_id>/themes/<int:theme_id>/delete")
@login_required
def delete_theme(session_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    _button_pressed()
    title = theme.title
    themes.delete_theme(session, theme, current_user)
    commit()
    flash(_("“%(title)s” was deleted.", title=title), "success")
    return _back(session, "themes")


@bp.post("/<int:session_id>/themes/<int:theme_id>/move")
@login_required
def move_theme(session_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    themes.move_theme(session, theme, _offset())
    commit()
    return _back(session, f"theme-{theme.id}")


@bp.post("/<int:session_id>/themes/<int:theme_id>/current")
@login_required
def set_current_theme(session_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    _button_pressed()
    themes.set_current_theme(session, theme)
    commit()
    flash(_("“%(title)s” is now the current theme.", title=theme.title), "success")
    default = url_for("sessions.detail", session_id=session.id, _anchor=f"theme-{theme.id}")
    return redirect(safe_next(request.form.get("next"), default))


# --- background items ------------------------------------------------------


@bp.post("/<int:session_id>/themes/<int:theme_id>/items")
@login_required
def add_item(session_id: int, theme_id: int) -> Page:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    form = ItemForm(prefix=item_prefix(theme.id))
    if not form.validate_on_submit():
        return render_detail(session, form, 422)
    themes.add_item(session, theme, current_user, form.text.data, form.source.data or "")
    commit()
    flash(_("The background item was added."), "success")
    return _back(session, f"theme-{theme.id}")


@bp.post("/<int:session_id>/themes/<int:theme_id>/paste")
@login_required
def paste_items(session_id: int, theme_id: int) -> Page:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    form = PasteForm(prefix=paste_prefix(theme.id))
    if not form.validate_on_submit():
        return render_detail(session, form, 422)
    try:
        items = themes.paste_items(session, theme, current_user, form.text.data,
                                   form.source.data or "")
    except themes.InvalidPaste as error:
        form.text.errors = [str(error.message)]
        return render_detail(session, form, 422)
    commit()
    flash(ngettext("%(num)s background item was added.", "%(num)s background items were added.",
                   len(items)), "success")
    return _back(session, f"theme-{theme.id}")


@bp.post("/<int:session_id>/items/<int:item_id>/delete")
@login_required
def delete_item(session_id: int, item_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    item = item_or_404(session, item_id)
    _button_pressed()
    theme_id = item.theme_id
    themes.delete_item(session, item, current_user)
    commit()
    flash(_("The background item was deleted."), "success")
    return _back(session, f"theme-{theme_id}")


@bp.post("/<int:session_id>/items/<int:item_id>/move")
@login_required
def move_item(session_id: int, item_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    item = item_or_404(session, item_id)
    theme = theme_or_404(session, item.theme_id)
    themes.move_item(session, theme, item, _offset())
    commit()
    return _back(session, f"item-{item.id}")


@bp.post("/<int:session_id>/themes/<int:theme_id>/items/delete")
@login_required
def delete_items(session_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    form = ItemsForm()
    if not form.validate_on_submit():
        flash(" ".join(str(error) for error in form.items.errors), "error")
        return _back(session, f"theme-{theme.id}")
    count = themes.delete_items(session, theme, form.items.data, current_user)
    commit()
    flash(ngettext("%(num)s background item was deleted.",
                   "%(num)s background items were deleted.", count), "success")
    return _back(session, f"theme-{theme.id}")


@bp.post("/<int:session_id>/themes/<int:theme_id>/items/order")
@login_required
def reorder_items(session_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    form = ItemsForm()
    if not form.validate_on_submit():
        abort(422)
    themes.reorder_items(session, theme, form.items.data)
    commit()
    return _back(session, f"theme-{theme.id}")


# --- groups ------------------------------------------------------------------


@bp.post("/<int:session_id>/groups")
@login_required
def add_group(session_id: int) -> Page:
    session = get_session_or_404(session_id, lock=True)
    form = GroupForm(prefix=NEW_GROUP)
    if not form.validate_on_submit():
        return render_detail(session, form, 422)
    try:
        group = groups.add_group(session, current_user, form.name.data)
    except groups.GroupNameTaken as error:
        form.name.errors = [str(error.message)]
        return render_detail(session, form, 422)
    commit()
    flash(_("“%(name)s” was added.", name=group.name), "success")
    return _back(session, "groups")


@bp.post("/<int:session_id>/groups/make")
@login_required
def make_groups(session_id: int) -> Page:
    session = get_session_or_404(session_id, lock=True)
    form = MakeGroupsForm(prefix=MAKE_GROUPS)
    if not form.validate_on_submit():
        return render_detail(session, form, 422)
    created = groups.make_groups(session, current_user, form.count.data)
    commit()
    flash(ngettext("%(num)s group was added.", "%(num)s groups were added.", len(created)),
          "success")
    return _back(session, "groups")


@bp.post("/<int:session_id>/groups/<int:group_id>/rename")
@login_required
def rename_group(session_id: int, group_id: int) -> Page:
    session = get_session_or_404(session_id, lock=True)
    group = group_or_404(session, group_id)
    form = GroupForm(prefix=group_prefix(group.id))
    if not form.validate_on_submit():
        return render_detail(session, form, 422)
    try:
        groups.rename_group(session, group, current_user, form.name.data)
    except groups.GroupNameTaken as error:
        form.name.errors = [str(error.message)]
        return render_detail(session, form, 422)
    commit()
    flash(_("The group is now called “%(name)s”.", name=group.name), "success")
    return _back(session, f"group-{group.id}")


@bp.post("/<int:session_id>/groups/<int:group_id>/delete")
@login_required
def delete_group(session_id: int, group_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    group = group_or_404(session, group_id)
    _button_pressed()
    name = group.name
    groups.delete_group(session, group, current_user)
    commit()
    flash(_("“%(name)s” was deleted.", name=name), "success")
    return _back(session, "groups")


@bp.post("/<int:session_id>/groups/<int:group_id>/move")
@login_required
def move_group(session_id: int, group_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    group = group_or_404(session, group_id)
    groups.move_group(session, group, _offset())
    commit()
    return _back(session, f"group-{group.id}")
