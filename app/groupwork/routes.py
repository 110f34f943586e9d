"""The group page: a group's ranked list for one theme, edited together from phones.

Every form works without JavaScript (post, then redirect back to the place that
changed); with htmx a save swaps only its place, and the list polls for the other
members' changes. The group always comes from the participant, never from the request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.core import shared_renders
from app.core.database import commit
from app.core.live import poll
from app.core.rendering import html_response, render_page, wants_fragment
from app.core.unchanged_polls import ID, Read, unchanged_poll
from app.extensions import db
from app.groupwork import bp, reading, services
from app.groupwork.errors import (
    InvalidPriorities,
    NoGroup,
    SlotText,
    SubmissionLocked,
    VersionConflict,
)
from app.groupwork.forms import MoveForm, SlotForm, slot_prefix
from app.groupwork.reading import GroupPage
from app.sessions.access import get_participation_or_404
from app.sessions.errors import StageClosed
from app.sessions.lookups import item_or_404, theme_or_404
from app.sessions.models import Participant, Session
from app.sessions.services import STAGE_CLOSED_MESSAGES

PAGE = "groupwork/page.html"
WORK = "groupwork/_work_response.html"
SLOT = "groupwork/_slot_response.html"
BASE = "/p/<int:session_id>/themes/<int:theme_id>"


def _page_url(session_id: int, theme_id: int, rank: int | None = None) -> str:
    url = url_for("groupwork.group_page", session_id=session_id, theme_id=theme_id)
    return f"{url}#slot-{rank}" if rank else url


def _slot_form(page: GroupPage, rank: int) -> SlotForm:
    slot = page.slot(rank)
    return SlotForm(formdata=None, prefix=slot_prefix(rank),
                    data={"title": slot.title, "reasoning": slot.reasoning})


def _render(page: GroupPage, fragment: str, status: int = 200,
            forms: dict[int, SlotForm] | None = None, **context: Any) -> Response:
    forms = dict(forms or {})
    for slot in page.slots:
        forms.setdefault(slot.rank, _slot_form(page, slot.rank))
    context.setdefault("conflicts", {})
    context.setdefault("refusals", {})
    return render_page(PAGE, fragment, status=status, view=page, forms=forms,
                       stage_notice=STAGE_CLOSED_MESSAGES.get(page.session.stage), **context)


def _reload(session: Session, participant: Participant, theme_id: int) -> GroupPage:
    return reading.load_group_page(session, participant, theme_id)


def _changed(session: Session, participant: Participant, theme_id: int, rank: int,
             describe: Callable[[GroupPage], str], focus: str | None = None,
             fragment: str = WORK) -> Response:
    """After a successful change: the fragment for htmx, else back to the place (303)."""
    page = _reload(session, participant, theme_id)
    message = describe(page)
    if not wants_fragment():
        flash(message, "success")
        return redirect(_page_url(session.id, theme_id, rank), 303)
    return _render(page, fragment, slot=page.slot(rank), status_message=message, focus=focus)


@unchanged_poll(rf"/p/{ID}/themes/{ID}", "groupwork.group_page")
def _unchanged(ids: tuple[int, ...], binds: dict, locale: str,
               read: Read) -> tuple[str, bool] | None:
    """The group page's poll for the layer before Flask (app/core/unchanged_polls.py)."""
    state = reading.poll_state(ids[0], ids[1], binds, read)
    return (state.tag(ids[1], locale), state.live) if state else None


@bp.get(BASE)
def group_page(session_id: int, theme_id: int) -> Response:
    if not wants_fragment():
        session, participant = get_participation_or_404(session_id)
        return _render(reading.load_group_page(session, participant, theme_id), WORK)
    state = reading.poll_state(session_id, theme_id)  # one query, before anything is loaded
    if state is None:
        abort(404)

    def render(status: int) -> Response:
        if state.group_id is not None:  # the list as the group's members all see it
            key = (session_id, theme_id, status, str(get_locale()), state.shared_versions)
            shared = shared_renders.for_participant(
                key, state.participant_id, state.tag(theme_id),
                partial(_render_shared, session_id, theme_id, status, state.group_id))
            if shared is not None:
                return html_response(shared, status)
        session, participant = get_participation_or_404(session_id)
        return _render(reading.load_group_page(session, participant, theme_id), WORK,
                       status=status)

    return poll(state.tag(theme_id), render, live=state.live)


def _render_shared(session_id: int, theme_id: int, status: int, group_id: int,
                   tag: str) -> str | object | None:
    """The polled list for every member of the group (app/core/shared_renders.py): not when
    it shows a replaced text, which tells its writer apart, nor when the caller has been
    moved out of the group since the poll read its versions."""
    session, participant = get_participation_or_404(session_id)
    page = reading.load_group_page(session, participant, theme_id)
    if page.group is None or page.group.id != group_id:
        return None
    if any(slot.replaced for slot in page.slots):
        return shared_renders.NOT_ALIKE
    return _render(page, WORK, status=status, shared_tag=tag,
                   you_mark=shared_renders.you_mark).get_data(as_text=True)


@bp.post(f"{BASE}/slots/<int:rank>")
def save_slot(session_id: int, theme_id: int, rank: int) -> Response:
    session, participant = get_participation_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    if not 1 <= rank <= theme.picks:
        abort(422)
    if request.form.get("action") == "discard":  # "Use their text": show what is saved
        return _changed(session, participant, theme_id, rank,
                        lambda page: _("Their text is shown."), fragment=SLOT)
    form = SlotForm(prefix=slot_prefix(rank))
    if not form.validate_on_submit():
        return _slot_refused(session, participant, theme_id, rank, form, 422)
    try:
        services.save_slot(session, participant, theme, rank, form.title.data,
                           form.reasoning.data or "", form.version.data,
                           replacing=request.form.get("action") == "keep")
    except VersionConflict as conflict:
        db.session.rollback()
        return _slot_refused(session, participant, theme_id, rank, form, 409, conflict.current)
    except InvalidPriorities as invalid:
        db.session.rollback()
        for name, messages in invalid.fields.get(rank, {}).items():
            form[name].errors = list(messages)
        return _slot_refused(session, participant, theme_id, rank, form, 422)
    except (StageClosed, SubmissionLocked, NoGroup) as closed:
        # The list can no longer change: the place again, read-only, with why and the
        # participant's text to copy (the page, or the place for htmx; no script needed).
        db.session.rollback()
        return _slot_refused(session, participant, theme_id, rank, form, closed.status,
                             refused=str(closed.message))
    commit()
    return _changed(session, participant, theme_id, rank,
                    lambda page: _("Place %(rank)s saved.", rank=rank), fragment=SLOT)


def _slot_refused(session: Session, participant: Participant, theme_id: int, rank: int,
                  form: SlotForm, status: int, conflict: SlotText | None = None,
                  refused: str | None = None) -> Response:
    """The place again with the typed text: field errors (422), both texts (409), or the
    reason the list can no longer change with the text to copy (409)."""
    page = _reload(session, participant, theme_id)
    kept = [(str(form[name].label.text), form[name].data) for name in ("title", "reasoning")
            if (form[name].data or "").strip()] if refused else []
    return _render(page, SLOT, status=status, forms={rank: form}, slot=page.slot(rank),
                   conflicts={rank: conflict} if conflict else {},
                   refusals={rank: (refused, kept)} if refused else {})


@bp.post(f"{BASE}/slots/<int:rank>/move")
def move_slot(session_id: int, theme_id: int, rank: int) -> Response:
    session, participant = get_participation_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(422)
    try:
        new_rank = services.move_slot(session, participant, theme, rank, form.version.data,
                                      form.target(rank))
    except VersionConflict as conflict:
        db.session.rollback()
        page = _reload(session, participant, theme_id)
        return _render(page, WORK, status=409, list_alert=str(conflict.message))
    commit()
    button = form.direction.data or ("up" if new_rank < rank else "down")
    if new_rank in (1, theme.picks):  # the moved place has only the other button now
        button = "down" if new_rank == 1 else "up"
    return _changed(session, participant, theme_id, new_rank, partial(_moved, rank=new_rank),
                    focus=f"slot-{new_rank}-{button}")


def _moved(page: GroupPage, rank: int) -> str:
    title = page.slot(rank).title
    if title:
        return _("“%(title)s” moved to place %(rank)s.", title=title, rank=rank)
    return _("Moved to place %(rank)s.", rank=rank)


@bp.post(f"{BASE}/items/<int:item_id>/use")
def use_item(session_id: int, theme_id: int, item_id: int) -> Response:
    session, participant = get_participation_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    item = item_or_404(session, item_id, theme)
    rank = services.use_item(session, participant, theme, item)
    commit()
    return _changed(session, participant, theme_id, rank,
                    lambda page: _("Added to place %(rank)s. Write its reasoning.", rank=rank),
                    focus=f"slot-{rank}-reasoning")


@bp.post(f"{BASE}/submit")
def submit_list(session_id: int, theme_id: int) -> Response:
    session, participant = get_participation_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    try:
        services.submit(session, participant, theme)
    except InvalidPriorities as invalid:
        db.session.rollback()
        page = _reload(session, participant, theme_id)
        forms = {rank: _slot_form(page, rank) for rank in range(1, theme.picks + 1)}
        for rank, fields in invalid.fields.items():
            for name, messages in fields.items():
                forms[rank][name].errors = list(messages)
        return _render(page, WORK, status=422, forms=forms, list_errors=invalid.errors)
    commit()
    return _changed(session, participant, theme_id, 1,
                    lambda page: _("Your group's list was submitted."),
                    focus="list-heading")
