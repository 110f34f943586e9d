"""Comment forms: the body (with its limit), a flag's reason, a moderator's reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from app.comments.models import BODY_MAX, REASON_MAX
from app.core.forms import clean_text


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"), filters=[clean_text],
        description=_l("Plain text. Web addresses become links."),
        render_kw={"rows": 3},
        validators=[
            DataRequired(message=_l("Write your comment.")),
            Length(max=BODY_MAX, message=_l("A comment can be at most %(n)s characters.",
                                            n=BODY_MAX)),
        ],
    )
    parent = HiddenField(validators=[Optional()])

    def parent_id(self) -> int | None:
        value = (self.parent.data or "").strip()
        return int(value) if value.isdigit() and len(value) < 10 else None


class ReplyForm(CommentForm):
    body = TextAreaField(
        _l("Your reply"), filters=[clean_text], render_kw={"rows": 2},
        validators=[
            DataRequired(message=_l("Write your reply.")),
            Length(max=BODY_MAX, message=_l("A comment can be at most %(n)s characters.",
                                            n=BODY_MAX)),
        ],
    )


def _reason(label: object, required: object) -> StringField:
    return StringField(label, filters=[clean_text], validators=[
        DataRequired(message=required),
        Length(max=REASON_MAX, message=_l("The reason can be at most %(n)s characters.",
                                          n=REASON_MAX))])


class FlagForm(FlaskForm):
    reason = _reason(_l("Why should the facilitators look at this?"),
                     _l("Say why you flag the comment."))


class HideForm(FlaskForm):
    reason = _reason(_l("Reason shown in its place"), _l("Give the reason shown in its place."))


class UpvoteForm(FlaskForm):
    # "1" upvotes, "0" takes the upvote back.
    on = HiddenField(validators=[InputRequired(), AnyOf(("0", "1"))])


class SettingForm(FlaskForm):
    enabled = HiddenField(validators=[InputRequired(), AnyOf(("0", "1"))])
