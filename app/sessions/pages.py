"""Rendering the session page with its many small forms (shared by the routes)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from app.sessions.forms import GroupForm, ItemForm, MakeGroupsForm, PasteForm, ThemeForm
from app.sessions.models import Group, Session, Theme
from app.sessions.moves import stage_actions
from app.sessions.overview import load_setup
from app.sessions.setup import SETUP_STAGES

# Each form on the page has a prefix, so that field ids stay unique and a form sent
# with errors can be shown again in its place.
NEW_THEME = "theme"
NEW_GROUP = "new-group"
MAKE_GROUPS = "make"


def item_prefix(theme_id: int) -> str:
    return f"item-{theme_id}"


def paste_prefix(theme_id: int) -> str:
    return f"paste-{theme_id}"


def group_prefix(group_id: int) -> str:
    return f"group-{group_id}"


def theme_form(session: Session, **kwargs) -> ThemeForm:
    """The theme form; a brainstorm calls themes questions and has no priorities."""
    form = ThemeForm(**kwargs)
    if not session.uses_groups:
        form.title.label.text = _("Question")
        form.prompt.label.text = _("Explanation shown with the question")
        form.prompt.description = ""
        del form.picks
    return form


class SetupForms:
    """The page's forms: fresh ones, or the one just sent with its errors."""

    def __init__(self, session: Session, sent: FlaskForm | None = None) -> None:
        self.session = session
        self.sent = sent

    def _get(self, prefix: str, make):
        if self.sent is not None and self.sent._prefix == f"{prefix}-":
            return self.sent
        return make(prefix)

    def theme(self) -> ThemeForm:
        return self._get(NEW_THEME, lambda p: theme_form(self.session, prefix=p, formdata=None))

    def item(self, theme: Theme) -> ItemForm:
        return self._get(item_prefix(theme.id), lambda p: ItemForm(prefix=p, formdata=None))

    def paste(self, theme: Theme) -> PasteForm:
        return self._get(paste_prefix(theme.id), lambda p: PasteForm(prefix=p, formdata=None))

    def rename(self, group: Group, place: int) -> GroupForm:
        form = self._get(group_prefix(group.id),
                         lambda p: GroupForm(prefix=p, formdata=None, name=group.name))
        form.name.label.text = _("Name of group %(n)s", n=place)
        return form

    def group(self) -> GroupForm:
        return self._get(NEW_GROUP, lambda p: GroupForm(prefix=p, formdata=None))

    def make_groups(self) -> MakeGroupsForm:
        return self._get(MAKE_GROUPS, lambda p: MakeGroupsForm(prefix=p, formdata=None))

    @property
    def open_details(self) -> str | None:
        """The prefix of the form sent with errors (its <details> opens)."""
        return self.sent._prefix.rstrip("-") if self.sent is not None else None


def render_detail(session: Session, sent: FlaskForm | None = None,
                  status: int = 200) -> tuple[str, int]:
    """The session page; *sent* is a form that came back with errors (422)."""
    view = load_setup(session)
    return render_template(
        "sessions/detail.html", session=session, view=view,
        forms=SetupForms(session, sent), actions=stage_actions(session),
        editable=session.stage in SETUP_STAGES,
    ), status


