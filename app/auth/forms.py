from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

PASSWORD_MIN = 12


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class NewPasswordFields(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=200)],
        description=_l("At least %(n)s characters. A few unrelated words make a good password.",
                       n=PASSWORD_MIN),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


class PasswordChangeForm(NewPasswordFields):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])


class SetPasswordForm(NewPasswordFields):
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])


class EmailForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
