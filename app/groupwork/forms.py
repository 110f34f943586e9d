"""Forms of the group page: one per place of the list, and the Up/Down buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    Optional,
)
from wtforms.widgets import HiddenInput

from app.core.forms import clean_text, in_database_range
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
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), in_database_range()])


class MoveForm(FlaskForm):
    """The Up/Down buttons send ``direction``; dragging a place sends the place ``to``."""

    version = IntegerField(validators=[InputRequired(), in_database_range()])
    direction = HiddenField(validators=[Optional(), AnyOf(["up", "down"])])
    to = IntegerField(validators=[Optional(), in_database_range(1)])

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and bool(self.direction.data or self.to.data)

    def target(self, rank: int) -> int:
        if self.to.data:
            return self.to.data
        return rank - 1 if self.direction.data == "up" else rank + 1
