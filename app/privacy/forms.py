from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from app.privacy.retention import MAX_RETENTION_DAYS


class RetentionForm(FlaskForm):
    days = IntegerField(
        _l("Keep guests' names for (days after the session closes)"),
        description=_l("0 removes them the night after a session closes. Counts by background "
                       "group, the groups' lists and ideas stay in any case."),
        validators=[
            InputRequired(_l("Give the number of days.")),
            NumberRange(min=0, max=MAX_RETENTION_DAYS, message=_l(
                "Give a whole number of days from 0 to %(max)d.", max=MAX_RETENTION_DAYS)),
        ],
        render_kw={"class": "input-short", "inputmode": "numeric"},
    )
