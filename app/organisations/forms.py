from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField
from wtforms.validators import DataRequired, Email, Length

from app.core.forms import choices
from app.organisations.models import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Admin"),
    Role.FACILITATOR: _l("Facilitator"),
    Role.STAFF: _l("Staff"),
}


def role_choices() -> list[SelectChoice]:
    return choices((role.value, label) for role, label in ROLE_LABELS.items())


class RoleField(SelectField):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, choices=role_choices, **kwargs)


class AddMemberForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    role = RoleField(_l("Role"), default=Role.FACILITATOR.value)


class ChangeRoleForm(FlaskForm):
    role = RoleField(_l("Role"))
