"""Example forms for the style guide: the same fields the real pages use."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import choices


class ExampleForm(FlaskForm):
    class Meta:
        csrf = False  # never sent: it only shows how fields look

    name = StringField(_l("Your name"), description=_l("Shown to the others in your group."),
                       validators=[DataRequired(), Length(max=120)])
    reasoning = TextAreaField(
        _l("Reasoning"), description=_l("Why is this important? The count appears near the limit."),
        validators=[DataRequired(), Length(max=300)])
    affiliation = RadioField(
        _l("Background group"),
        choices=lambda: choices([("resident", _l("Resident")), ("association", _l("Association")),
                                 ("staff", _l("Municipal or county staff"))]),
        validators=[DataRequired()])
    topics = SelectMultipleField(
        _l("Topics"), choices=lambda: choices([("wellbeing", _l("Wellbeing")),
                                               ("culture", _l("Culture")),
                                               ("mobility", _l("Mobility"))]),
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
