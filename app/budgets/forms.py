"""Forms of the participatory-budgeting pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
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
    declare = CheckboxesField(
        _l("Your right to vote"), choices=lambda: choices([(
            "y", _l("I declare that I may vote in this process (for example, that I live in "
                    "the area)."))]),
        validators=[DataRequired(_l("Confirm that you may vote in this process."))])


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


class ProcessForm(FlaskForm):
    title = StringField(_l("Title"), filters=[clean_text],
                        validators=[DataRequired(_l("Write a title.")), Length(max=TITLE_MAX)])
    description = TextAreaField(_l("Description"), filters=[clean_text], render_kw={"rows": 4},
                                validators=[Length(max=DESCRIPTION_MAX)])
    area_rule = RadioField(_l("In which areas may one person vote?"), default="every",
                           choices=lambda: choices([
                               ("every", _l("Every area")),
                               ("one", _l("One area of their choice")),
                               ("home_plus_one", _l("Their home area and one more")),
                           ]), description=_l("A city-wide area can always be added."))
    voters = CheckboxesField(_l("Who can vote"), choices=lambda: choices([
        ("allow_accounts", _l("Signed-in residents who declare they may vote")),
        ("allow_codes", _l("One-time voting codes")),
        ("allow_paper", _l("Paper ballots typed in by staff")),
    ]), default=["allow_accounts", "allow_codes", "allow_paper"])
    proposals_start = DateField(_l("Proposals open"), validators=[Optional()])
    review_start = DateField(_l("Review starts"), validators=[Optional()])
    voting_start = DateField(_l("Voting opens"), validators=[Optional()])
    voting_end = DateField(_l("Voting closes"), validators=[Optional()])
    results_date = DateField(_l("Results published"), validators=[Optional()])


class AreaForm(FlaskForm):
    name = StringField(_l("Name"), filters=[clean_text],
                       validators=[DataRequired(_l("Write a name.")), Length(max=120)])
    citywide = CheckboxesField(_l("Reach"), choices=lambda: choices([
        ("y", _l("City-wide: can be voted in on top of the other areas"))]))
    budget = DecimalField(_l("Budget (euros)"), places=2,
                          validators=[InputRequired(_l("Give the budget.")),
                                      NumberRange(min=1, max=99_999_999_999)])
    min_projects = IntegerField(_l("Least projects on a ballot"), default=1,
                                validators=[InputRequired(), NumberRange(min=0, max=1000)])
    max_projects = IntegerField(_l("Most projects on a ballot (optional)"),
                                validators=[Optional(), NumberRange(min=1, max=1000)])
    min_share_percent = IntegerField(
        _l("Share of the budget a ballot must use at least, in per cent (optional)"),
        validators=[Optional(), NumberRange(min=0, max=100)])
    rule = SelectField(_l("Counting rule"), default="mes", choices=lambda: choices([
        ("mes", _l("Method of Equal Shares")), ("greedy", _l("Greedy (most votes first)"))]))
    utility = SelectField(_l("Support counted by"), default="cost", choices=lambda: choices([
        ("cost", _l("Cost (the money a supporter wants spent)")),
        ("cardinality", _l("Number of supported projects"))]))
    completion = SelectField(_l("When money is left (Equal Shares)"), default="add1-greedy",
                             choices=lambda: choices([
                                 ("add1-greedy", _l("Add1, then greedy (recommended)")),
                                 ("add1", _l("Add1")), ("greedy", _l("Greedy")),
                                 ("none", _l("Nothing"))]))
    threshold_votes = IntegerField(_l("Greedy: least votes a project needs (optional)"),
                                   validators=[Optional(), NumberRange(min=0)])
    threshold_percent = IntegerField(
        _l("Greedy: least share of the most-voted project's votes, in per cent (optional)"),
        validators=[Optional(), NumberRange(min=0, max=100)])


class PromoteForm(FlaskForm):
    area = SelectField(_l("Process and area"), coerce=str,
                       validators=[DataRequired(_l("Choose the process and area."))])
    cost = StringField(_l("Estimated cost (euros)"), filters=[clean_text],
                       validators=[DataRequired(_l("Give an estimated cost."))],
                       description=_l("Staff check the cost during the review."))


class ProposalFilterForm(FlaskForm):
    """The proposals list's filters (a GET form)."""

    class Meta:
        csrf = False

    area = SelectField(_l("Area"), coerce=str, validate_choice=False)
    status = SelectField(_l("Status"), coerce=str, validate_choice=False)
