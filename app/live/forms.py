"""Forms of the live dashboard: move a participant, type in a paper sheet."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from app.core.forms import SubForm, clean_text, in_database_range
from app.groupwork.services import REASONING_MAX, TITLE_MAX


class MoveForm(FlaskForm):
    # The route looks the group up inside the session (404 for any other id).
    group = IntegerField(_l("Group"), validators=[InputRequired(), in_database_range()])


class PaperSlotForm(SubForm):
    title = StringField(_l("Title"), filters=[clean_text],
                        validators=[DataRequired(), Length(max=TITLE_MAX)])
    reasoning = TextAreaField(
        _l("Reasoning"), filters=[clean_text],
        validators=[DataRequired(), Length(max=REASONING_MAX)],
    )


class PaperForm(FlaskForm):
    slots = FieldList(FormField(PaperSlotForm))


def paper_form(picks: int, current: list[tuple[str, str]] | None = None) -> PaperForm:
    """A form with exactly *picks* places; on GET filled with the group's current list."""
    data = {"slots": [{"title": t, "reasoning": r} for t, r in current]} if current else None
    form = PaperForm(data=data)
    while len(form.slots) < picks:
        form.slots.append_entry()
    form.slots.entries = form.slots.entries[:picks]
    return form
