"""Brainstorm forms. The facilitator page has one small form per idea: each gets a
prefix with the idea's id so that every control's id (and label) is unique."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from app.brainstorm.models import Cluster
from app.brainstorm.queries import IdeaView
from app.brainstorm.services import CLUSTER_TITLE_MAX, HIDE_REASON_MAX, IDEA_MAX
from app.core.forms import choices, clean_text, database_int


def _idea_text(label: object, description: object = None) -> TextAreaField:
    # No maxlength attribute: it would cut a pasted text silently; the counter tells instead.
    return TextAreaField(
        label, filters=[clean_text], description=description,
        render_kw={"rows": 3, "maxlength": False},
        validators=[
            DataRequired(message=_l("Write the idea.")),
            Length(max=IDEA_MAX, message=_l("An idea can be at most %(n)s characters.",
                                            n=IDEA_MAX)),
        ],
    )


class IdeaForm(FlaskForm):
    text = _idea_text(_l("Your idea"), _l("A short idea, at most %(n)s characters.", n=IDEA_MAX))


class SupportForm(FlaskForm):
    # Sent by the Support button: "1" supports, "0" takes the support back.
    supported = HiddenField(validators=[InputRequired(), AnyOf(("0", "1"))])


class ClusterForm(FlaskForm):
    title = StringField(
        _l("Name of the sub-theme"), filters=[clean_text],
        validators=[DataRequired(message=_l("Write a name for the sub-theme.")),
                    Length(max=CLUSTER_TITLE_MAX,
                           message=_l("The name can be at most %(n)s characters.",
                                      n=CLUSTER_TITLE_MAX))],
    )


class AssignForm(FlaskForm):
    cluster = SelectField(_l("Sub-theme"), coerce=str)


class BulkMoveForm(FlaskForm):
    ideas = SelectMultipleField(
        _l("Selected ideas"), coerce=database_int, validate_choice=False,
        validators=[DataRequired(message=_l("Select at least one idea to move."))],
    )
    cluster = SelectField(_l("Move the selected ideas to"), coerce=str)


class EditIdeaForm(FlaskForm):
    text = _idea_text(_l("Text of the idea"))


class HideForm(FlaskForm):
    reason = StringField(
        _l("Reason, shown to participants in place of the idea"), filters=[clean_text],
        validators=[DataRequired(message=_l("Write the reason for hiding the idea.")),
                    Length(max=HIDE_REASON_MAX,
                           message=_l("The reason can be at most %(n)s characters.",
                                      n=HIDE_REASON_MAX))],
    )


def cluster_choices(clusters: list[Cluster]) -> list:
    return choices([("", _l("No sub-theme"))] + [(c.id, c.title) for c in clusters])


class ManageForms:
    """The facilitator page's forms, one set per idea and per sub-theme.

    Each form's prefix (``edit-12``, ``cluster-3``…) makes its controls' ids
    unique; the form that was sent and refused is shown again with its input
    and errors in place of a blank one.
    """

    def __init__(self, clusters: list[Cluster], failed: FlaskForm | None = None) -> None:
        self.clusters = clusters
        self.failed = failed
        self.failed_key = getattr(failed, "form_key", None)

    def _form(self, form_class: type[FlaskForm], key: str, **data: object) -> FlaskForm:
        if key == self.failed_key:
            return self.failed  # type: ignore[return-value]
        return make(form_class, key, self.clusters, formdata=None, **data)

    def is_failed(self, key: str) -> bool:
        return key == self.failed_key

    def new_cluster(self) -> ClusterForm:
        return self._form(ClusterForm, "new")

    def rename(self, cluster: Cluster) -> ClusterForm:
        return self._form(ClusterForm, f"cluster-{cluster.id}", title=cluster.title)

    def bulk(self) -> BulkMoveForm:
        return self._form(BulkMoveForm, "bulk")

    def assign(self, idea: IdeaView) -> AssignForm:
        return self._form(AssignForm, f"assign-{idea.id}", cluster=str(idea.cluster_id or ""))

    def edit(self, idea: IdeaView) -> EditIdeaForm:
        return self._form(EditIdeaForm, f"edit-{idea.id}", text=idea.text)

    def hide(self, idea: IdeaView) -> HideForm:
        return self._form(HideForm, f"hide-{idea.id}")


def make(form_class: type[FlaskForm], key: str, clusters: list[Cluster], **kwargs: object
         ) -> FlaskForm:
    """A form named *key* (its prefix), with the sub-theme choices when it has a select."""
    form = form_class(prefix=key, **kwargs)
    form.form_key = key
    if hasattr(form, "cluster"):
        form.cluster.choices = cluster_choices(clusters)
    return form
