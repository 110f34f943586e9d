from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.api.models import TOKEN_NAME_MAX
from app.core.forms import clean_text


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name of the token"),
        description=_l("Say what uses it, for example “Power BI report of the welfare "
                       "committee”, so that you know which one to revoke."),
        filters=[clean_text],
        validators=[DataRequired(_l("Give the token a name.")),
                    Length(max=TOKEN_NAME_MAX, message=_l(
                        "At most %(max)d characters.", max=TOKEN_NAME_MAX))],
    )


class DeleteAccountForm(FlaskForm):
    """Deleting the account: the password, or (on the no-script confirmation page) the
    signed proof that it was given a moment ago. ``confirm_first`` comes from the account
    page: without script it asks on a page of its own; with script app.js asked already
    and drops the field."""

    password = PasswordField(_l("Your password"), validators=[Length(max=200)])
    proof = HiddenField()
    confirm_first = HiddenField()
