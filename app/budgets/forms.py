"""Forms of the participatory-budgeting pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.budgets.codes import MAX_CODES_AT_ONCE
from app.core.forms import choices, clean_text

TITLE_MAX, DESCRIPTION_MAX, PLACE_MAX, ANSWER_MAX = 200, 5000, 200, 2000


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), filters=[clean_text],
                        validators=[DataRequired(_l("Write a title.")), Length(max=TITLE_MAX)])
    description = TextAreaField(
        _l("Description"), filters=[clean_text], render_kw={"rows": 6},
        validators=[DataRequired(_l("Describe the project.")), Length(max=DESCRIPTION_MAX)],
        description=_l("What would be done, for whom, and why."))
    area = SelectField(_l("Area"), coerce=str, validators=[DataRequired()])
    cost = StringField(_l("Estimated cost (euros)"), filters=[clean_text],
                       validators=[DataRequired(_l("Give an estimated cost."))],
                       description=_l("Staff check the cost during the review."))
    place = StringField(_l("Place (optional)"), filters=[clean_text],
                        validators=[Optional(), Length(max=PLACE_MAX)])


class ReviewForm(FlaskForm):
    cost = StringField(_l("Cost (euros)"), filters=[clean_text], validators=[DataRequired()])
    decision = RadioField(_l("Decision"), choices=lambda: choices([
        ("feasible", _l("Feasible: goes on the ballot")),
        ("unfeasible", _l("Not feasible")),
    ]), validators=[InputRequired(_l("Choose a decision."))])
    public_answer = TextAreaField(
        _l("Public answer"), filters=[clean_text], render_kw={"rows": 3},
        validators=[Length(max=ANSWER_MAX)],
        description=_l("Shown on the proposal page. Needed when the proposal is not feasible."))
    staff_notes = TextAreaField(_l("Staff notes (not public)"), filters=[clean_text],
                                render_kw={"rows": 2}, validators=[Length(max=ANSWER_MAX)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.decision.data == "unfeasible" and not self.public_answer.data:
            self.public_answer.errors = [_l("Tell the proposer why it is not feasible.")]
            return False
        return valid


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BallotForm(FlaskForm):
    projects = CheckboxesField(_l("Projects"), coerce=str, validate_choice=False)
    home_area = SelectField(_l("Your home area"), coerce=str, validate_choice=False)


class PaperBallotForm(FlaskForm):
    projects = CheckboxesField(_l("Projects marked on the paper ballot"), coerce=str,
                               validate_choice=False)


class VotingCodeForm(FlaskForm):
    code = StringField(_l("Voting code"), filters=[clean_text],
                       validators=[DataRequired(_l("Type the code from your slip.")),
                                   Length(max=40)],
                       description=_l("For example K4QX-7MTA-9CHW. Upper or lower case."))


class CodesForm(FlaskForm):
    count = IntegerField(_l("Number of codes"), default=20,
                         validators=[InputRequired(), NumberRange(min=1, max=MAX_CODES_AT_ONCE)])


class ReceiptForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    code = StringField(_l("Receipt code"), filters=[clean_text],
                       validators=[DataRequired(_l("Type your receipt code.")), Length(max=40)])


class PhaseForm(FlaskForm):
    target = HiddenField(validators=[DataRequired()])


class UpdateForm(FlaskForm):
    state = SelectField(_l("Stage of the work"), choices=lambda: choices([
        ("planned", _l("Planned")), ("in_progress", _l("In progress")), ("done", _l("Done"))]))
    day = StringField(_l("Date (yyyy-mm-dd)"), filters=[clean_text],
                      validators=[DataRequired()])
    note = TextAreaField(_l("Note"), filters=[clean_text], render_kw={"rows": 2},
                         validators=[Length(max=ANSWER_MAX)])
