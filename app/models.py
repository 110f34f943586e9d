"""Every model, imported in one place so the metadata (and Alembic) sees the whole schema."""

from app.aggregation.models import AggregateItem
from app.api.models import ApiToken
from app.audit.models import AuditEntry
from app.auth.models import PasswordReset, SignIn, User
from app.brainstorm.models import Cluster, Idea, Support
from app.branding.models import Brand
from app.budgets.ballot_models import Ballot, BallotChoice, CountRun, Voter, VotingCode
from app.budgets.models import Area, BudgetProcess, Proposal, StatusUpdate
from app.comments.models import Comment, CommentFlag, CommentThread, CommentUpvote
from app.groupwork.models import Priority, PriorityReplacement, Submission
from app.organisations.models import Invitation, Membership, Organisation
from app.sessions.models import BackgroundItem, Group, Participant, Session, Theme
from app.voting.models import VoteBallot, VoteMark, VoteOption, VoteRound

__all__ = [
    "AggregateItem", "ApiToken", "Area", "AuditEntry", "BackgroundItem", "Ballot", "BallotChoice",
    "Brand", "BudgetProcess", "Cluster", "Comment", "CommentFlag", "CommentThread",
    "CommentUpvote", "CountRun", "Group", "Idea", "Invitation", "Membership",
    "Organisation", "Participant", "PasswordReset", "Priority", "PriorityReplacement",
    "Proposal", "Session", "SignIn",
    "StatusUpdate", "Submission", "Support", "Theme", "User", "VoteBallot", "VoteMark",
    "VoteOption", "VoteRound", "Voter", "VotingCode",
]
