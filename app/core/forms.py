"""Form pieces shared by features."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import SelectChoice


class ButtonForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons (sign out, confirm)."""


def choices(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Select/radio options from (value, label) pairs; labels may be lazy strings."""
    return [SelectChoice(str(value), str(label)) for value, label in pairs]
