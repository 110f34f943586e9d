from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, ValidationError
from wtforms.validators import DataRequired

from app.branding.colours import normalise


class ColourForm(FlaskForm):
    colour = StringField(
        _l("Primary colour"),
        description=_l("A hex code such as #0a4b8c. Buttons, links and the page header use it; "
                       "it must be dark enough for white text on it."),
        validators=[DataRequired(_l("Give the colour as a hex code, such as #0a4b8c."))],
        render_kw={"spellcheck": "false", "class": "input-short"},
    )

    def validate_colour(self, field: StringField) -> None:
        colour = normalise(field.data or "")
        if colour is None:
            raise ValidationError(_l("Give the colour as a hex code, such as #0a4b8c."))
        field.data = colour


class LogoForm(FlaskForm):
    logo = FileField(
        _l("Logo"),
        description=_l("A PNG, JPEG or WebP image of at most 500 KB, preferably wide and on a "
                       "transparent or white background. It is shown on a white area in the "
                       "page header."),
        validators=[FileRequired(_l("Choose an image file."))],
        render_kw={"accept": "image/png,image/jpeg,image/webp"},
    )
