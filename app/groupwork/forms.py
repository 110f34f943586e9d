"""Forms of the group page: one per place of the list, and the Up/Down buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from app.core.forms import clean_text
from app.groupwork.services import REASONING_MAX, TITLE_MAX


def slot_prefix(rank: int) -> str:
    """Each place's fields get their own names and ids: ``slot-2-title``."""
    return f"slot-{rank}"


class SlotForm(FlaskForm):
    """A place of the list. The reasoning may wait until the group submits."""

    title = StringField(
        _l("Title"), filters=[clean_text],
        validators=[DataRequired(_l("Write a title.")), Length(max=TITLE_MAX)],
    )
    reasoning = TextAreaField(
        _l("Reasoning"), filters=[clean_text],
        validators=[Length(max=REASONING_MAX)],
        description=_l("Why is this important? Needed before your group submits the list."),
        render_kw={"rows": 5},
    )
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)])


class MoveForm(FlaskForm):
    version = IntegerField(validators=[InputRequired(), NumberRange(min=0)])
    direction = HiddenField(validators=[AnyOf(["up", "down"])])

    @property
    def offset(self) -> int:
        return -1 if self.direction.data == "up" else 1
