"""Form pieces shared by features."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations
from wtforms import Field, Form, SelectChoice, ValidationError
from wtforms.validators import Length, NumberRange
from wtforms.widgets import TextArea

# Ids, versions and counts are 32-bit integer columns: a bigger number is refused by the
# form (422), never sent to the database (an overflow there would be a 500).
DATABASE_INT_MAX = 2**31 - 1

# The years a date in our forms may fall in: wide enough for any session or budget,
# narrow enough that converting between time zones cannot overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100

# Long texts (text areas with a limit in this range) get a count instead of a maxlength
# attribute, which would cut a pasted text without a word; the server checks the limit.
# app.js shows the count only once the text nears its limit (NEAR_LIMIT in app.js).
COUNTED = range(200, 5001)


class ButtonForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons (sign out, confirm)."""


class SubForm(Form):
    """A form without a CSRF token of its own: a place of a paper sheet inside a FlaskForm
    (``FormField``), or a form built per request. Its built-in messages ("This field is
    required.") are in the page's language, as FlaskForm's are (Flask-WTF's WTForms
    catalogues through Flask-Babel's locale, WTF_I18N_ENABLED); a plain ``Form`` would
    answer in English. Every form of ours is a FlaskForm or a SubForm."""

    class Meta:
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return translations


def choices(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Select/radio options from (value, label) pairs; labels may be lazy strings."""
    return [SelectChoice(str(value), str(label)) for value, label in pairs]


def clean_text(value: str | None) -> str | None:
    """Trim, and make a line break one character as browsers count it (they send CR LF)."""
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def text_limit(field: Field) -> int | None:
    """The most characters a long text *field* takes (None for short one-line fields)."""
    if not isinstance(field.widget, TextArea):
        return None
    limits = [v.max for v in field.validators if isinstance(v, Length) and v.max > 0]
    return min(limits) if limits and min(limits) in COUNTED else None


def database_int(value: object) -> int:
    """``coerce`` for fields of ids: an integer that fits the database, else ValueError
    (which WTForms reports as a field error)."""
    number = int(value)  # type: ignore[call-overload]
    if not -DATABASE_INT_MAX <= number <= DATABASE_INT_MAX:
        raise ValueError("out of range")
    return number


def in_database_range(minimum: int = 0) -> NumberRange:
    """A validator for integer fields without a smaller natural limit."""
    return NumberRange(min=minimum, max=DATABASE_INT_MAX)


def within_our_years(form: FlaskForm, field: Field) -> None:
    """A date or time between FIRST_YEAR and LAST_YEAR."""
    if isinstance(field.data, datetime) and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_l("Give a date between %(first)s and %(last)s.",
                                 first=FIRST_YEAR, last=LAST_YEAR))
