"""The one place that decides who may run a session and who is taking part in it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import abort, g, request, url_for
from flask_login import current_user

from app.core.rendering import wants_fragment
from app.core.tokens import token_hash, unsign
from app.extensions import db, login_manager
from app.organisations.access import has_role
from app.organisations.models import Role
from app.sessions.models import Participant, Session

FACILITATING_ROLES = (Role.ADMIN, Role.FACILITATOR)
GUEST_PURPOSE = "participant"


def can_facilitate(session: Session) -> bool:
    return has_role(current_user, session.organisation, *FACILITATING_ROLES)


def _load(session_id: int, lock: bool, shared: bool = False) -> Session | None:
    query = sa.select(Session).where(Session.id == session_id)
    if lock:
        # The session row, not the joined ones; re-read, as the wait may have seen a move.
        query = (query.with_for_update(read=shared, of=Session)
                 .execution_options(populate_existing=True))
    return db.session.scalar(query)


def hold(session: Session, exclusive: bool = False) -> None:
    """Hold the session row for the rest of the transaction (see get_participation_or_404)
    and read its stage again."""
    _load(session.id, lock=True, shared=not exclusive)


def get_session_or_404(session_id: int, lock: bool = False) -> Session:
    """A session the signed-in user may facilitate.

    Refused with 403 to those who know the session exists (members of its organisation,
    its participants: a guest who tries the paper form of another group) and with 404 to
    every other signed-in user, so that guessed ids tell an outsider nothing. A signed-out
    visitor is sent to sign in first (:func:`sign_in_first`).

    With ``lock`` the session row is locked for the rest of the transaction,
    so a stage move and a write inside the session cannot interleave.
    """
    session = _load(session_id, lock)
    if session is not None and can_facilitate(session):
        return session
    if session is not None and current_participant(session.id) is not None:
        # The error page leads the participant back to their own pages.
        g.error_back_url = url_for("participation.session_home", session_id=session.id)
        abort(403)
    sign_in_first()
    if session is None:
        abort(404)
    abort(403 if has_role(current_user, session.organisation) else 404)


def sign_in_first() -> None:
    """A signed-out visitor opening a facilitator's page goes to the sign-in page and
    comes back after signing in (Flask-Login's ``next``, a local path that the sign-in
    checks again). Asked before anything about the session is told, so that the answer
    is the same whether or not the session exists. Form posts and htmx requests are
    left to the caller's refusal: only a page is worth coming back to."""
    if not current_user.is_authenticated and request.method == "GET" and not wants_fragment():
        abort(login_manager.unauthorized())


def guest_cookie_name(session_id: int) -> str:
    return f"yhd_p{session_id}"


def caller_binds(session_id: int) -> dict[str, Any] | None:
    """Who the caller is, as the bind parameters of :func:`caller_select`: the session, the
    account (``user_id``) and the guest cookie's hash (``token_hash``), those that the request
    names; None when it names neither."""
    binds: dict[str, Any] = {"session_id": session_id}
    if current_user.is_authenticated:
        binds["user_id"] = current_user.id
    binds.update(guest_binds(session_id, request.cookies) or {})
    return binds if len(binds) > 1 else None


def guest_binds(session_id: int, cookies: Mapping[str, str]) -> dict[str, Any] | None:
    """:func:`caller_binds` for a guest, from the request's cookies alone (no account)."""
    token = unsign(cookies.get(guest_cookie_name(session_id)), GUEST_PURPOSE)
    if token is None:
        return None
    return {"session_id": session_id, "token_hash": token_hash(token)}


def caller_select(names: frozenset[str], *columns: Any) -> sa.Select:
    """``SELECT columns`` from the session joined with the caller's participant row (the
    account's before a guest cookie's, as current_participant), one indexed lookup, with
    the bind parameters *names* of :func:`caller_binds`. Its shape depends on the names only,
    so a caller may build it once and keep it (a poll then builds no statement)."""
    clauses = []
    if "user_id" in names:
        clauses.append(Participant.user_id == sa.bindparam("user_id"))
    if "token_hash" in names:
        clauses.append(Participant.token_hash == sa.bindparam("token_hash"))
    query = (sa.select(*columns).select_from(Session)
             .join(Participant, Participant.session_id == Session.id)
             .where(Session.id == sa.bindparam("session_id"), sa.or_(*clauses)).limit(1))
    if "user_id" in names:
        query = query.order_by(Participant.user_id.is_(None))
    return query


def caller_query(session_id: int, *columns: Any) -> sa.Select | None:
    """:func:`caller_select` with the caller's parameters bound; None when the request names
    no participant. Callers join what else they read."""
    binds = caller_binds(session_id)
    if binds is None:
        return None
    return caller_select(frozenset(binds), *columns).params(**binds)


def current_participant(session_id: int) -> Participant | None:
    """The participant this browser is in the session, by account or guest cookie."""
    if current_user.is_authenticated:
        participant = db.session.scalar(
            sa.select(Participant).where(
                Participant.session_id == session_id, Participant.user_id == current_user.id
            )
        )
        if participant is not None:
            return participant
    token = unsign(request.cookies.get(guest_cookie_name(session_id)), GUEST_PURPOSE)
    if token is None:
        return None
    return db.session.scalar(
        sa.select(Participant).where(
            Participant.session_id == session_id, Participant.token_hash == token_hash(token)
        )
    )


def get_participation_or_404(session_id: int, lock: bool = False) -> tuple[Session, Participant]:
    """The session and the caller's participant in it; 404 when they have not joined.

    With ``lock`` the session row is held shared (``FOR SHARE``): participants' writes run
    side by side, a stage move (which holds it exclusively) waits until they are done,
    and a write that waited for a move sees the new stage. Such writes must not update
    the session row itself (app/core/live.py).
    """
    session = _load(session_id, lock, shared=True)
    participant = current_participant(session_id) if session is not None else None
    if session is None or participant is None:
        abort(404)
    return session, participant
