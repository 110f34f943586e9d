"""The one place that decides who may read, write and moderate a comment thread.

A thread on a session's thing (priority, combined-list item, idea) is open to the
session's participants (guests included) and its facilitators: members of its
organisation without that role get 403, everyone else 404, as for the session itself.
A thread on a PB proposal is read by whoever may see the proposal; signed-in users
write, and the process's staff moderate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort, g, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.aggregation.models import AggregateItem
from app.brainstorm.models import Idea
from app.budgets.access import can_manage, get_process_or_404
from app.budgets.models import BudgetProcess, Phase, Proposal
from app.comments.models import TARGET_COLUMNS, Comment, CommentThread, Target
from app.extensions import db
from app.groupwork.models import Priority, Submission, SubmissionState
from app.organisations.access import has_role
from app.sessions.access import can_facilitate, current_participant, hold
from app.sessions.models import Participant, Session, SessionKind, Stage, Theme

#: Stages in which a session's things take comments.
COMMENTING_STAGES = (Stage.OPEN, Stage.VOTING, Stage.RESULTS)


@dataclass
class Actor:
    """Who is asking: a participant of the session or an account (or nobody yet)."""

    participant_id: int | None = None
    user_id: int | None = None

    @property
    def known(self) -> bool:
        return self.participant_id is not None or self.user_id is not None

    def owns(self, comment: Comment) -> bool:
        return ((self.participant_id is not None and comment.participant_id ==
                 self.participant_id) or
                (self.user_id is not None and comment.user_id == self.user_id))


@dataclass
class Place:
    """A thing that can be commented on, and the caller's rights on it."""

    target: Target
    target_id: int
    title: str            # what the thing says, to show above its thread
    actor: Actor
    moderator: bool       # may hide and restore (facilitators, the process's staff)
    session: Session | None = None
    theme_id: int | None = None
    process: BudgetProcess | None = None
    language: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.target.value}-{self.target_id}"

    @property
    def url(self) -> str:
        return url_for("comments.thread", target=self.target.value, target_id=self.target_id)

    @property
    def closed_reason(self) -> str | None:
        """Why nobody can post here now (None when the caller can)."""
        if self.process is not None:
            if self.process.phase == Phase.DRAFT:
                return _("Comments open when the process is published.")
            if self.actor.user_id is None:
                return _("Sign in to comment.")
            return None
        assert self.session is not None
        if not self.session.comments_enabled:
            return _("The facilitator has turned comments off in this session.")
        if self.session.stage not in COMMENTING_STAGES:
            return _("Comments are closed here.")
        return None

    @property
    def back_url(self) -> str:
        if self.process is not None:
            return url_for("budgets.proposal_page", process_id=self.process.id,
                           proposal_id=self.target_id)
        assert self.session is not None
        if self.actor.participant_id is None:  # a facilitator
            if self.target == Target.IDEA:
                return url_for("brainstorm.manage", session_id=self.session.id,
                               theme_id=self.theme_id)
            return url_for("aggregation.theme", session_id=self.session.id,
                           theme_id=self.theme_id)
        if self.target == Target.IDEA:
            return url_for("brainstorm.board", session_id=self.session.id, theme=self.theme_id)
        if self.session.stage in (Stage.RESULTS, Stage.CLOSED):
            return url_for("voting.participant_results", session_id=self.session.id)
        return url_for("participation.session_home", session_id=self.session.id)


def _refuse(organisation) -> None:
    abort(403 if has_role(current_user, organisation) else 404)


def _session_place(target: Target, target_id: int, session: Session, theme_id: int,
                   title: str, private_group: int | None = None) -> Place:
    """The caller's rights in *session*; *private_group*: the thing is a group's unsubmitted
    draft, seen only by that group and the facilitators."""
    if can_facilitate(session):
        participant = current_participant(session.id)
        return Place(target, target_id, title, Actor(
            participant_id=participant.id if participant else None,
            user_id=None if participant else current_user.id),
            moderator=True, session=session, theme_id=theme_id, language=session.language)
    participant: Participant | None = current_participant(session.id)
    if participant is None:
        _refuse(session.organisation)
    if private_group is not None and participant.group_id != private_group:
        abort(404)
    return Place(target, target_id, title, Actor(participant_id=participant.id),
                 moderator=False, session=session, theme_id=theme_id,
                 language=session.language)


def place_or_404(target: str, target_id: int, lock: bool = False) -> Place:
    """The thing *target*/*target_id* and the caller's rights; 403/404 as described above.

    With ``lock`` the session row is held (FOR SHARE) for the rest of the transaction, so
    a stage move or turning comments off cannot interleave with a post."""
    try:
        kind = Target(target)
    except ValueError:
        abort(404)
    if kind == Target.PROPOSAL:
        proposal = db.session.get(Proposal, target_id)
        if proposal is None:
            abort(404)
        process = get_process_or_404(proposal.process_id)
        user_id = current_user.id if current_user.is_authenticated else None
        return Place(kind, proposal.id, proposal.title, Actor(user_id=user_id),
                     moderator=can_manage(process), process=process)
    if kind == Target.PRIORITY:
        row = db.session.execute(
            sa.select(Priority.title, Submission.theme_id, Submission.group_id,
                      Submission.state, Session)
            .join(Submission, Submission.id == Priority.submission_id)
            .join(Theme, Theme.id == Submission.theme_id)
            .join(Session, Session.id == Theme.session_id)
            .where(Priority.id == target_id)).first()
        if row is None:
            abort(404)
        private = row.group_id if row.state != SubmissionState.SUBMITTED else None
        place = _session_place(kind, target_id, row.Session, row.theme_id, row.title, private)
    elif kind == Target.AGGREGATE:
        row = db.session.execute(
            sa.select(AggregateItem.title, AggregateItem.theme_id, Session)
            .join(Theme, Theme.id == AggregateItem.theme_id)
            .join(Session, Session.id == Theme.session_id)
            .where(AggregateItem.id == target_id)).first()
        if row is None or row.Session.kind == SessionKind.BRAINSTORM:
            abort(404)
        place = _session_place(kind, target_id, row.Session, row.theme_id, row.title)
    else:
        row = db.session.execute(
            sa.select(Idea.text, Idea.theme_id, Idea.hidden_reason, Session)
            .join(Theme, Theme.id == Idea.theme_id)
            .join(Session, Session.id == Theme.session_id)
            .where(Idea.id == target_id)).first()
        if row is None:
            abort(404)
        place = _session_place(kind, target_id, row.Session, row.theme_id, row.text)
        if row.hidden_reason is not None and not place.moderator:
            abort(404)  # a hidden idea takes no comments
    if lock and place.session is not None:
        hold(place.session)
    g.error_back_url = place.back_url
    return place


def thread_of(place: Place) -> CommentThread | None:
    column = getattr(CommentThread, TARGET_COLUMNS[place.target])
    return db.session.scalar(sa.select(CommentThread).where(column == place.target_id))


def comment_or_404(comment_id: int, lock: bool = False) -> tuple[Place, CommentThread, Comment]:
    """A comment, its thread and the caller's rights on its thing."""
    row = db.session.execute(sa.select(Comment, CommentThread)
                             .join(CommentThread, CommentThread.id == Comment.thread_id)
                             .where(Comment.id == comment_id)).first()
    if row is None:
        abort(404)
    thread: CommentThread = row.CommentThread
    target_id = getattr(thread, TARGET_COLUMNS[thread.target])
    place = place_or_404(thread.target.value, target_id, lock=lock)
    return place, thread, row.Comment
