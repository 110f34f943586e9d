"""The facilitator's side of the vote: a theme's rounds (open, close, results) and the
paper counts; the live results fragment that the dashboard and the projector poll."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from app.core.database import commit
from app.core.live import poll
from app.core.rendering import render_page, wants_fragment
from app.sessions.access import get_session_or_404
from app.sessions.lookups import theme_or_404
from app.sessions.models import Session, Stage, Theme
from app.voting import bp, rounds
from app.voting.access import round_or_404
from app.voting.forms import OpenRoundForm, paper_form
from app.voting.models import Mode, Target, VoteRound
from app.voting.results import results_tag, results_tags, rounds_of, session_results_of

BASE = "/sessions/<int:session_id>"
RESULTS = "voting/_round_results.html"


def _theme_page(session: Session, theme: Theme, form: OpenRoundForm | None = None,
                status: int = 200) -> Response:
    theme_rounds = rounds_of([theme.id])[theme.id]
    results = session_results_of(session, theme_rounds)
    form = form or OpenRoundForm(formdata=None)
    if not session.uses_groups:
        form.target.data = form.target.data or "ideas"
    return render_page(
        "voting/theme.html", status=status, session=session, theme=theme, rounds=theme_rounds,
        results=results, form=form, can_open=session.stage == Stage.VOTING
        and not any(r.is_open for r in theme_rounds),
        tags=results_tags(session, theme_rounds, get_locale()),
    )


def _round_url(session: Session, vote_round: VoteRound) -> str:
    return url_for("voting.theme_rounds", session_id=session.id, theme_id=vote_round.theme_id)


@bp.get(f"{BASE}/themes/<int:theme_id>/vote")
def theme_rounds(session_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id)
    return _theme_page(session, theme_or_404(session, theme_id))


@bp.post(f"{BASE}/themes/<int:theme_id>/rounds")
def open_round(session_id: int, theme_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    theme = theme_or_404(session, theme_id)
    form = OpenRoundForm()
    if not session.uses_groups and not form.target.data:
        form.target.data = "ideas"
    if session.uses_groups:
        del form.target
    if not form.validate_on_submit():
        return _theme_page(session, theme, form, status=422)
    target = Target.AGGREGATE if session.uses_groups else Target(form.target.data)
    rounds.open_round(session, theme, Mode(form.mode.data), current_user, target,
                      form.budget.data, form.per_option.data)
    commit()
    flash(_("The vote is open. Participants see it on their phones now."), "success")
    return redirect(url_for(".theme_rounds", session_id=session.id, theme_id=theme.id), 303)


@bp.post(f"{BASE}/rounds/<int:round_id>/close")
def close_round(session_id: int, round_id: int) -> Response:
    session = get_session_or_404(session_id, lock=True)
    vote_round = round_or_404(session, round_id, lock="update")
    rounds.close_round(session, vote_round, current_user)
    commit()
    flash(_("The vote is closed and its results are final."), "success")
    return redirect(request.form.get("next") if request.form.get("next", "").startswith(
        f"/sessions/{session.id}/") else _round_url(session, vote_round), 303)


@bp.route(f"{BASE}/rounds/<int:round_id>/paper", methods=["GET", "POST"])
def paper(session_id: int, round_id: int) -> Response:
    session = get_session_or_404(session_id, lock=request.method == "POST")
    vote_round = round_or_404(session, round_id,
                              lock="update" if request.method == "POST" else None)
    theme = theme_or_404(session, vote_round.theme_id)
    form = paper_form(vote_round.options, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        counts = {option.id: form[f"option_{option.id}"].data or 0
                  for option in vote_round.options}
        rounds.enter_paper(session, vote_round, counts, current_user)
        commit()
        flash(_("The paper counts were saved and added to the results."), "success")
        return redirect(_round_url(session, vote_round), 303)
    return render_page("voting/paper.html", status=422 if form.errors else 200,
                       session=session, theme=theme, round=vote_round, form=form,
                       can_enter=session.stage in rounds.PAPER_STAGES
                       and vote_round.mode != Mode.RANKED)


@bp.get(f"{BASE}/rounds/<int:round_id>/results")
def round_results(session_id: int, round_id: int) -> Response:
    """The results fragment (live on the dashboard and projector); a page without htmx."""
    session = get_session_or_404(session_id)
    vote_round = round_or_404(session, round_id)
    if not wants_fragment():
        return redirect(_round_url(session, vote_round))
    tag = results_tag(session, vote_round, get_locale())
    return poll(tag, lambda status: _results_fragment(session, vote_round, tag, status),
                live=session.stage != Stage.CLOSED)


def _results_fragment(session: Session, vote_round: VoteRound, tag: str,
                      status: int = 200) -> Response:
    results = session_results_of(session, [vote_round])[vote_round.id]
    return render_page(RESULTS, RESULTS, status=status, session=session, round=vote_round,
                       results=results, tag=tag)


@bp.app_template_global()
def vote_results_live(session: Session, theme: Theme | None, heading_level: int = 2,
                      projector: bool = False) -> Markup:
    """The latest round of *theme* with its live results (dashboard, projector)."""
    if theme is None:
        return Markup("")
    theme_rounds = rounds_of([theme.id])[theme.id]
    if not theme_rounds:
        return Markup(render_template("voting/_latest_round.html", session=session,
                                      theme=theme, round=None, level=heading_level,
                                      projector=projector))
    latest = theme_rounds[0]
    results = session_results_of(session, [latest])[latest.id]
    return Markup(render_template(
        "voting/_latest_round.html", session=session, theme=theme, round=latest,
        results=results, tag=results_tag(session, latest, get_locale()), level=heading_level,
        projector=projector))
