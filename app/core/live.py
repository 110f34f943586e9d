"""Live pages: polling that answers 304 until what the page shows has changed.

A live fragment polls its own URL (``hx-trigger="every 3s"``). Its ETag is built from
the version counters of exactly what it shows; the browser sends it back as
If-None-Match, and :func:`poll` answers

* **286** with the last state once the page has stopped being live (htmx swaps it in
  and stops polling),
* **304** while the ETag is still current, before anything else is loaded, or
* the fragment with its new ETag.

The client side is one handler in ``static/js/app.js``: a 304, or a 200 whose ETag the
region already shows (``data-etag``), leaves the page alone.

Version counters (a ``version`` column, moved on by :func:`bump`):

=====================  ===============================================================
``Session.version``    setup and stage: stage moves, themes, items, groups, the current
                       theme. Every live page reads it, so these refresh every page.
``Group.version``      who is in the group: a join into it, a move in or out.
``Submission.version`` one group's list for one theme: save, move, submit, unlock, paper.
``Theme.version``      what the whole room sees under the theme: submitted lists and the
                       combined list, or a brainstorm's ideas, supports and sub-themes.
=====================  ===============================================================

Each page reads its counters in one query, before loading anything else:

* group page: the session, the caller's group and the group's list for the theme
  (``groupwork.reading.poll_state``, the caller found by the guest cookie's hash);
* projector: the session and the current theme (``live.versions``);
* dashboard: the session, the sums of its groups' and lists' counters and the number
  of participants (``live.versions``): any group's save moves it, yet no save writes a
  row shared with other groups;
* brainstorm board and manage page: the session and the question.

A guest's unchanged poll of the group page or the vote panel — most of what a full room
sends — is answered before Flask handles the request (``app/core/unchanged_polls.py``), by
the same ``poll_state`` and ETag code; everything else comes here.
When a group's list or the vote panel has changed, the first poll renders it once for
everyone who sees it alike (a group's members; the voters who have not voted yet) and the
others fill in their own parts (``app/core/shared_renders.py``).

A participant's write holds the session row ``FOR SHARE`` (``get_participation_or_404``)
so that 200 groups save side by side while a stage move (``FOR UPDATE``) waits for them;
such a write never updates the session row. ``Theme.version`` is shared by a theme's
submissions and ideas, so it is bumped last, just before the commit.

A **vote round** joins the same way: a ``VoteRound.version`` that the facilitator's
changes move (open, close, paper counts) and one ``version`` per ballot that its voter's
changes move. The voter's page reads session + round + own ballot; the results view reads
session + round + the count and the sum of the round's ballot versions in its one query
(as the dashboard sums its groups'), so no ballot writes a row that 2,000 voters share.
While results are hidden until the round closes, the results view's ETag leaves the
ballots out, so that not even the ETag changes with the votes.

A **comment thread** (app/comments) has its own ``CommentThread.version``, moved on by every
post, upvote, flag, hide and restore in it; its list's ETag is that version with the
session's (comments turned off, a stage move), so a comment refreshes only the phones that
show its thread.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Response, request

from app.extensions import db

STOP_POLLING = 286  # htmx stops a polling element that receives this status


def etag(*parts: object) -> str:
    return "-".join(str(part) for part in parts)


def poll(tag: str, render: Callable[[int], Response], live: bool = True) -> Response:
    """The answer to a live fragment's poll. *render(status)* renders the fragment; it is
    called only when the browser does not have *tag* yet, or with 286 once not *live*."""
    if not live:
        return render(STOP_POLLING)
    if tag in request.if_none_match:
        response = Response(status=304)
        response.vary.add("HX-Request")
    else:
        response = render(200)
    response.set_etag(tag)
    response.headers["Cache-Control"] = "no-cache"
    return response


def read_versions(query: sa.Select, params: dict | None = None) -> sa.Row | None:
    """The first row of a poll's version query. On PostgreSQL, when it is the request's
    first query, it runs outside a transaction: a 304 costs no BEGIN and ROLLBACK round
    trips. A poll only reads, and under READ COMMITTED each statement sees the latest
    commits either way. (SQLite's connections keep the BEGIN of core/database.py, and a
    session joined to a connection's own transaction, as in tests, keeps that.)"""
    if not db.session().in_transaction() and db.engine.dialect.name == "postgresql" \
            and isinstance(db.session.get_bind(), sa.Engine):
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return db.session.execute(query, params).first()


def bump(model: type, object_id: int) -> None:
    """Move the live version of one row on, now (``UPDATE … SET version = version + 1``):
    the pages that show it answer 200 to their next poll."""
    db.session.execute(
        sa.update(model).where(model.id == object_id).values(version=model.version + 1)
        .execution_options(synchronize_session="fetch"))
