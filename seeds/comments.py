"""Demo comments: a short conversation on the workshop's first theme (a comment on the
top item of the combined list with a reply and upvotes, one on a group's priority) and
one on a participatory budgeting proposal, so that threads and the memo have content."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.aggregation.services import aggregates_for
from app.auth.models import User
from app.budgets.models import BudgetProcess, Proposal
from app.comments.models import Comment, CommentThread, CommentUpvote, Target
from app.core.database import utcnow
from app.extensions import db
from app.groupwork.models import Priority, Submission, SubmissionState
from app.sessions.models import Participant, Session, Theme

ON_ITEM = ("Palvelulupaus pitää kirjoittaa selkokielellä, jotta jokainen asukas "
           "ymmärtää, mitä siinä luvataan.")
REPLY = "Samaa mieltä. Ja ruotsiksi samaan aikaan, ei vasta myöhemmin."
ON_ITEM_LINK = ("Palvelulupauksista on hyviä esimerkkejä, esim. https://www.suomi.fi "
                "– kannattaa katsoa ennen kirjoittamista.")
ON_PRIORITY = "Tähän tarvitaan myös rahoitus: kuka maksaa järjestöjen osuuden?"
ON_PROPOSAL = ("Hyvä ehdotus. Työpajassa tätä pidettiin tärkeänä useammassa ryhmässä, "
               "joten toivon sille ääniä.")


def _thread(target: Target, thing_id: int, **where: int | None) -> CommentThread:
    thread = CommentThread(target=target, **where, **{f"{target.value}_id": thing_id})
    db.session.add(thread)
    db.session.flush()
    return thread


def seed_comments(workshop: Session, process: BudgetProcess, writer: User) -> None:
    if db.session.scalar(sa.select(CommentThread.id).where(
            CommentThread.session_id == workshop.id).limit(1)):
        return  # seeded already
    theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == workshop.id)
                              .order_by(Theme.position, Theme.id).limit(1))
    people = list(db.session.scalars(sa.select(Participant.id).where(
        Participant.session_id == workshop.id).order_by(Participant.id)))
    top = aggregates_for([theme])[theme.id][0]
    start = utcnow() - timedelta(hours=2)
    thread = _thread(Target.AGGREGATE, top.id, session_id=workshop.id, theme_id=theme.id)
    first = Comment(thread_id=thread.id, participant_id=people[0], body=ON_ITEM,
                    created_at=start)
    db.session.add(first)
    db.session.flush()
    db.session.add_all([
        Comment(thread_id=thread.id, parent_id=first.id, participant_id=people[4], body=REPLY,
                created_at=start + timedelta(minutes=3)),
        Comment(thread_id=thread.id, participant_id=people[8], body=ON_ITEM_LINK,
                created_at=start + timedelta(minutes=5)),
        *(CommentUpvote(comment_id=first.id, participant_id=voter)
          for voter in (people[4], people[7], people[10])),
    ])
    priority = db.session.scalar(
        sa.select(Priority).join(Submission, Submission.id == Priority.submission_id)
        .where(Submission.theme_id == theme.id, Submission.state == SubmissionState.SUBMITTED,
               Priority.rank == 1).order_by(Priority.id).limit(1))
    if priority is not None:
        on_priority = _thread(Target.PRIORITY, priority.id, session_id=workshop.id,
                              theme_id=theme.id)
        db.session.add(Comment(thread_id=on_priority.id, participant_id=people[2],
                               body=ON_PRIORITY, created_at=start + timedelta(minutes=8)))
    proposal = db.session.scalar(sa.select(Proposal).where(
        Proposal.process_id == process.id, Proposal.source_aggregate_id.is_not(None))
        .order_by(Proposal.id).limit(1))
    if proposal is not None:
        on_proposal = _thread(Target.PROPOSAL, proposal.id, process_id=process.id)
        db.session.add(Comment(thread_id=on_proposal.id, user_id=writer.id, body=ON_PROPOSAL))
    db.session.flush()
