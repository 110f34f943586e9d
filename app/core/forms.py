"""Form pieces shared by features."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice
from wtforms.validators import Length
from wtforms.widgets import TextArea

# Long texts (text areas with a limit in this range) get a count instead of a maxlength
# attribute, which would cut a pasted text without a word; the server checks the limit.
# app.js shows the count only once the text nears its limit (NEAR_LIMIT in app.js).
COUNTED = range(200, 5001)


class ButtonForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons (sign out, confirm)."""


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
