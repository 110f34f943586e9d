"""Forms of the facilitator's session setup: the session, its themes, background items,
groups and stage moves."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
    ValidationError,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from app.core.forms import choices, clean_text, within_our_years
from app.core.i18n import LANGUAGE_NAMES
from app.sessions.labels import KIND_LABELS
from app.sessions.models import ResultsVisibility, Session, Stage

VISIBILITY_LABELS = {
    ResultsVisibility.LIVE: _l("Live: everyone sees results as they come in"),
    ResultsVisibility.AFTER_CLOSE: _l("After closing: results are shown when voting has closed"),
}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
SOURCES_LIST = "session-sources"  # id of the page's <datalist> of sources already used


def http_url(form: FlaskForm, field: URLField) -> None:
    """Only web links: no javascript:, data: or other schemes."""
    if field.data and not field.data.lower().startswith(("http://", "https://")):
        raise ValidationError(_l("Give a web address that starts with https:// or http://."))


def to_local_input(moment: datetime | None) -> datetime | None:
    """A stored UTC time as the naive Helsinki time a datetime-local input shows."""
    return to_user_timezone(moment).replace(tzinfo=None) if moment else None


def from_local_input(moment: datetime | None) -> datetime | None:
    """The naive Helsinki time a datetime-local input sent, as an aware UTC time."""
    return to_utc(moment).replace(tzinfo=UTC) if moment else None


class SessionForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), validate_choice=True)
    title = StringField(_l("Title"), filters=[clean_text],
                        validators=[DataRequired(), Length(max=200)])
    kind = RadioField(
        _l("Kind of session"),
        choices=lambda: choices((kind.value, label) for kind, label in KIND_LABELS.items()),
        validators=[DataRequired()],
        default="workshop",
    )
    description = TextAreaField(
        _l("Description"), filters=[clean_text], validators=[Length(max=5000)],
        description=_l("Shown to participants when they join."),
    )
    language = SelectField(
        _l("Language of the session"), choices=lambda: choices(LANGUAGE_NAMES.items()),
        default="fi",
    )
    scheduled_at = DateTimeLocalField(
        _l("Date and time"), format=DATETIME_FORMAT, validators=[Optional(), within_our_years],
        description=_l("Finnish time. Leave empty if it is not decided yet."),
    )
    results_visibility = RadioField(
        _l("Results are shown"),
        choices=lambda: choices((v.value, label) for v, label in VISIBILITY_LABELS.items()),
        validators=[DataRequired()],
        default="live",
    )
    meeting_url = URLField(
        _l("Online meeting link (optional)"),
        validators=[Optional(), Length(max=500), URL(message=_l("Give a whole web address.")),
                    http_url],
        description=_l("For a virtual or hybrid session (Teams, Zoom, Jitsi…). "
                       "Only participants who have joined see it."),
    )
    max_participants = IntegerField(
        _l("Most participants (optional)"),
        validators=[Optional(), NumberRange(min=1, max=10000)],
        description=_l("Joining stops when this many have joined."),
    )

    def fill_from(self, session: Session) -> None:
        for name in ("title", "description", "language", "meeting_url", "max_participants"):
            getattr(self, name).data = getattr(session, name)
        if "kind" in self:
            self.kind.data = session.kind.value
        self.results_visibility.data = session.results_visibility.value
        self.scheduled_at.data = to_local_input(session.scheduled_at)

    def changes(self) -> dict[str, Any]:
        """The session's fields as the form gives them (organisation excluded)."""
        values = {
            "title": self.title.data,
            "description": self.description.data or "",
            "language": self.language.data,
            "scheduled_at": from_local_input(self.scheduled_at.data),
            "results_visibility": ResultsVisibility(self.results_visibility.data),
            "meeting_url": (self.meeting_url.data or "").strip() or None,
            "max_participants": self.max_participants.data,
        }
        if "kind" in self:
            values["kind"] = self.kind.data
        return values


class ThemeForm(FlaskForm):
    title = StringField(_l("Title"), filters=[clean_text],
                        validators=[DataRequired(), Length(max=200)])
    prompt = TextAreaField(
        _l("Task for the groups"), filters=[clean_text], validators=[Length(max=2000)],
        description=_l("Shown to the groups, e.g. “Choose the three most important issues "
                       "and write your reasoning for each.”"),
    )
    picks = IntegerField(
        _l("Number of priorities"), default=3,
        validators=[DataRequired(), NumberRange(min=1, max=10)],
        description=_l("How many ranked priorities each group writes (1–10)."),
    )


class ItemForm(FlaskForm):
    text = TextAreaField(_l("Background item"), filters=[clean_text],
                         validators=[DataRequired(), Length(max=1000)])
    source = StringField(
        _l("Source"), validators=[Length(max=120)], render_kw={"list": SOURCES_LIST},
        description=_l("Where the item comes from, e.g. a statement or a report."),
    )


class PasteForm(FlaskForm):
    text = TextAreaField(
        _l("Paste a bullet list"), filters=[clean_text],
        validators=[DataRequired(), Length(max=50000)],
        description=_l("Each line becomes one background item. Bullets, numbers and "
                       "indentation are removed; an indented line without a bullet continues "
                       "the item above it."),
    )
    source = StringField(
        _l("Source of the whole list"), validators=[Length(max=120)],
        render_kw={"list": SOURCES_LIST},
    )


class GroupForm(FlaskForm):
    name = StringField(_l("Group name"), validators=[DataRequired(), Length(max=80)])


class MakeGroupsForm(FlaskForm):
    count = IntegerField(
        _l("Number of new groups"), default=3,
        validators=[DataRequired(), NumberRange(min=1, max=30)],
    )


class MoveForm(FlaskForm):
    """Up/Down buttons: the pressed button sends ``direction``."""

    direction = SelectField(choices=choices([("up", "up"), ("down", "down")]),
                            validate_choice=True)

    @property
    def offset(self) -> int:
        return -1 if self.direction.data == "up" else 1


class ItemsForm(FlaskForm):
    """Ticked background items (bulk removal), or all of a theme's items in their new
    order (drag and drop)."""

    items = SelectMultipleField(
        coerce=int, validate_choice=False,
        validators=[DataRequired(_l("Tick at least one background item."))])


class StageForm(FlaskForm):
    stage = SelectField(choices=choices((stage.value, stage.value) for stage in Stage),
                        validate_choice=True)
    next = HiddenField()
