"""The facilitator's forms: open a round, type in paper counts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, IntegerField, RadioField
from wtforms.validators import DataRequired, NumberRange, Optional

from app.core.forms import SubForm, choices
from app.voting.counting import BUDGET_MAX
from app.voting.rounds import PAPER_MAX

MODE_LABELS = {
    "dots": _l("Dots: spread K dots, at most M on one option"),
    "approval": _l("Approval: choose up to K options"),
    "ranked": _l("Ranked: order the K most important (Borda points)"),
}
TARGET_LABELS = {
    "ideas": _l("Ideas"),
    "clusters": _l("Sub-themes"),
}


class OpenRoundForm(FlaskForm):
    mode = RadioField(_l("Kind of vote"), choices=lambda: choices(MODE_LABELS.items()),
                      validators=[DataRequired()], default="dots")
    target = RadioField(_l("Vote on"), choices=lambda: choices(TARGET_LABELS.items()),
                        default="ideas")
    budget = IntegerField(
        _l("K: dots, choices or places per participant"),
        description=_l("Leave empty for the default: 3 for up to 10 options, 5 for more."),
        validators=[Optional(), NumberRange(min=1, max=BUDGET_MAX)])
    per_option = IntegerField(
        _l("M: the most dots on one option (dots only)"),
        description=_l("Leave empty for the default: a little over half of the dots."),
        validators=[Optional(), NumberRange(min=1, max=BUDGET_MAX)])


class PaperCountForm(SubForm):
    """One field per option, named by the option's id (built per round)."""


def paper_form(options, formdata=None) -> Form:
    class Counts(PaperCountForm):
        pass

    for option in options:
        setattr(Counts, f"option_{option.id}", IntegerField(
            option.title, default=option.paper,
            validators=[Optional(), NumberRange(min=0, max=PAPER_MAX)]))
    return Counts(formdata=formdata)
