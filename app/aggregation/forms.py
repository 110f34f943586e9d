"""Forms of the combined list: merge duplicates, rename an item."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.aggregation.services import TITLE_MAX
from app.core.forms import database_int


class MergeForm(FlaskForm):
    # The checkboxes sit on the list items (form="merge-form"); the service checks the ids.
    items = SelectMultipleField(_l("Items to merge"), coerce=database_int, validate_choice=False)
    title = StringField(
        _l("Title of the merged item"),
        validators=[Optional(), Length(max=TITLE_MAX)],
    )


class RenameForm(FlaskForm):
    title = StringField(_l("New title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
