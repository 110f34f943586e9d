"""The participant's side of the vote: the panel on the page they already have open,
its polling, and the ballot's changes (real POST forms; htmx swaps only the panel).

Each change is checked and saved by one service call under a lock of the ballot; a
refusal (over the limits, after the close) shows the ballot as the participant left
it, with the reason.
"""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from app.core import shared_renders
from app.core.database import commit
from app.core.errors import DomainError
from app.core.live import poll
from app.core.rendering import html_response, render_page, wants_fragment
from app.core.unchanged_polls import ID, Read, unchanged_poll
from app.extensions import db
from app.sessions.access import get_participation_or_404
from app.sessions.models import Participant, Session
from app.voting import (
    ballots,
    bp,
    facilitator_routes,  # noqa: F401 - registers the facilitator pages
)
from app.voting.access import round_or_404
from app.voting.errors import InvalidBallot
from app.voting.models import Mode, VoteRound
from app.voting.panel import Panel, load_panel, panel_tag, poll_state

PAGE = "voting/vote.html"
PANEL = "voting/_panel.html"
RESPONSE = "voting/_panel_response.html"


def _next_url(session_id: int) -> str:
    """Where a plain form goes back to: the participant's own page it was sent from."""
    target = request.form.get("next", "")
    if target.startswith(f"/p/{session_id}/") and "//" not in target and "\\" not in target:
        return target
    return url_for("voting.panel", session_id=session_id)


def _render(panel: Panel, status: int = 200, **context: object) -> Response:
    return render_page(PAGE, RESPONSE, status=status, panel=panel,
                       next_url=request.form.get("next") or request.path, **context)


@bp.app_template_global()
def vote_panel(session: Session, participant: Participant, next_url: str) -> Markup:
    """The panel for a participant's page, as it is now (the page then keeps it live)."""
    from flask import render_template

    return Markup(render_template(PANEL, panel=load_panel(session, participant),
                                  next_url=next_url, tag=panel_tag(session, participant)))


@unchanged_poll(rf"/p/{ID}/vote", "voting.panel")
def _unchanged(ids: tuple[int, ...], binds: dict, locale: str,
               read: Read) -> tuple[str, bool] | None:
    """The vote panel's poll for the layer before Flask (app/core/unchanged_polls.py)."""
    state = poll_state(ids[0], binds, locale, read)
    return (state.tag, state.live) if state else None


@bp.get("/p/<int:session_id>/vote")
def panel(session_id: int) -> Response:
    if not wants_fragment():
        session, participant = get_participation_or_404(session_id)
        return render_page(PAGE, panel=load_panel(session, participant),
                           next_url=request.path)
    state = poll_state(session_id)  # one query, before anything is loaded
    if state is None:
        abort(404)

    next_url = request.args.get("next", "") or request.path

    def render(status: int) -> Response:
        if state.alike is not None:  # the panel as every participant sees it
            key = (session_id, "vote", status, str(get_locale()), next_url, state.alike)
            shared = shared_renders.for_participant(
                key, state.participant_id, state.tag,
                partial(_render_shared, session_id, next_url, status))
            if shared is not None:
                return html_response(shared, status)
        session, participant = get_participation_or_404(session_id)
        return _render_panel(load_panel(session, participant), next_url, status, state.tag)

    return poll(state.tag, render, live=state.live)


def _render_panel(panel: Panel, next_url: str, status: int, tag: str) -> Response:
    return render_page(PAGE, PANEL, status=status, panel=panel, next_url=next_url, tag=tag)


def _render_shared(session_id: int, next_url: str, status: int, tag: str) -> str | None:
    """The polled panel for every participant (app/core/shared_renders.py): not when the
    caller's ballot shows on it (they voted since the poll read its versions)."""
    session, participant = get_participation_or_404(session_id)
    panel = load_panel(session, participant)
    if panel.marks:
        return None
    return _render_panel(panel, next_url, status, tag).get_data(as_text=True)


def _left_message(vote_round: VoteRound, marks: dict[int, int]) -> str:
    if vote_round.mode == Mode.DOTS:
        left = vote_round.budget - sum(marks.values())
        return ngettext("Saved. %(num)s dot left.", "Saved. %(num)s dots left.", left)
    if vote_round.mode == Mode.APPROVAL:
        left = vote_round.budget - len(marks)
        return ngettext("Saved. You can choose %(num)s more.",
                        "Saved. You can choose %(num)s more.", left)
    return _("Your ranking is saved.")


def _saved(session: Session, participant: Participant, vote_round: VoteRound,
           marks: dict[int, int]) -> Response:
    message = _left_message(vote_round, marks)
    if not wants_fragment():
        flash(message, "success")
        return redirect(_next_url(session.id), 303)
    return _render(load_panel(session, participant), status_message=message)


def _refused(session: Session, participant: Participant, vote_round: VoteRound,
             refused: DomainError, kept: dict[int, object] | None = None) -> Response:
    """The ballot as the participant left it (*kept*: what they typed), with the reason."""
    db.session.rollback()
    panel = load_panel(session, participant)
    if panel.round is None or panel.round.id != vote_round.id:  # closed meanwhile
        panel.round, panel.theme_title, panel.results = vote_round, "", None
    if kept is not None and vote_round.mode == Mode.RANKED:  # the ranking form's choices
        panel.marks = kept  # type: ignore[assignment]
    elif panel.marks is None or panel.round is vote_round:
        found = ballots.find_ballot(vote_round.id, participant.id)
        panel.marks = ballots.marks_of(found.id if found else None)
    return _render(panel, status=refused.status, error=str(refused.message))


@bp.post("/p/<int:session_id>/rounds/<int:round_id>/adjust")
def adjust(session_id: int, round_id: int) -> Response:
    """One more or one fewer dot (or choice) on one option."""
    session, participant = get_participation_or_404(session_id)
    vote_round = round_or_404(session, round_id, lock="share")
    option_id = request.form.get("option", type=int)
    delta = request.form.get("delta", type=int)
    try:
        if option_id is None or delta is None:
            raise InvalidBallot("unknown_option", _("That option is not in this vote."))
        marks = ballots.adjust(session, participant, vote_round, option_id, delta)
    except DomainError as refused:
        return _refused(session, participant, vote_round, refused)
    commit()
    return _saved(session, participant, vote_round, marks)


def _typed_ballot(vote_round: VoteRound) -> tuple[dict[int, int], dict[int, object]]:
    """The whole ballot from ``option-<id>`` fields: (marks, what was typed, to keep).

    Raises InvalidBallot for a field of another round's option or a value that is not
    a whole number."""
    known = {option.id for option in vote_round.options}
    typed: dict[int, object] = {}
    for name, value in request.form.items():
        if not name.startswith("option-"):
            continue
        option_id = name.removeprefix("option-")
        if not option_id.isdigit() or int(option_id) not in known:
            raise InvalidBallot("unknown_option", _("That option is not in this vote."))
        typed[int(option_id)] = value.strip()
    marks: dict[int, int] = {}
    for option_id, value in typed.items():
        text = str(value)
        if text in ("", "0"):
            continue
        if not text.isdigit():
            raise InvalidBallot("not_positive", _("Give a whole number of zero or more."))
        marks[option_id] = int(text)
    return marks, typed


@bp.post("/p/<int:session_id>/rounds/<int:round_id>/ballot")
def save_ballot(session_id: int, round_id: int) -> Response:
    """The whole ballot at once (the ranked form; also dots and choices as numbers)."""
    session, participant = get_participation_or_404(session_id)
    vote_round = round_or_404(session, round_id, lock="share")
    typed: dict[int, object] | None = None
    try:
        marks, typed = _typed_ballot(vote_round)
        marks = ballots.save_ballot(session, participant, vote_round, marks)
    except DomainError as refused:
        return _refused(session, participant, vote_round, refused, typed)
    commit()
    return _saved(session, participant, vote_round, marks)


@bp.get("/p/<int:session_id>/results")
def participant_results(session_id: int) -> Response:
    """A participant's results on their phone: the combined lists, the votes and their own
    group's list, once the session shows its results."""
    from app.exports.report import load_report
    from app.exports.results import is_public

    session, participant = get_participation_or_404(session_id)
    report = load_report(session) if is_public(session) else None
    return render_page("voting/results.html", session=session, participant=participant,
                       report=report)
