from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from app.core.forms import choices, clean_text
from app.sessions.models import Affiliation
from app.sessions.services import normalise_code

AFFILIATION_LABELS = {
    Affiliation.RESIDENT: _l("Resident"),
    Affiliation.ASSOCIATION: _l("Association or NGO"),
    Affiliation.STAFF: _l("Municipal or county staff"),
    Affiliation.COMPANY: _l("Company"),
    Affiliation.EXPERIENCE_EXPERT: _l("Experience expert"),
    Affiliation.OTHER: _l("Other"),
}


def _normalised_code(value: str | None) -> str | None:
    return normalise_code(value) if isinstance(value, str) else value


NAME_MAX = 60  # a participant's name (an account's may be longer)


class CodeForm(FlaskForm):
    code = StringField(
        _l("Join code"),
        filters=[_normalised_code],
        validators=[DataRequired(), Length(min=4, max=12)],
        description=_l("The code is on the screen or on the paper from the facilitator."),
    )


class JoinForm(FlaskForm):
    display_name = StringField(
        _l("Your name"),
        filters=[clean_text],
        validators=[DataRequired(), Length(min=1, max=NAME_MAX)],
        description=_l("Shown to your group and the facilitator. A first name is enough."),
    )
    affiliation = RadioField(
        _l("I take part as"),
        choices=lambda: choices((a.value, label) for a, label in AFFILIATION_LABELS.items()),
        validators=[DataRequired()],
    )
    group = SelectField(_l("Group"), coerce=str, validate_choice=True)
