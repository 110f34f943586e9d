"""Every model, imported in one place so the metadata (and Alembic) sees the whole schema."""

from app.api.models import ApiToken
from app.audit.models import AuditEntry
from app.auth.models import PasswordReset, SignIn, User
from app.brainstorm.models import Cluster, Idea, Support
from app.groupwork.models import AggregateItem, Priority, Submission
from app.organisations.models import Invitation, Membership, Organisation
from app.sessions.models import BackgroundItem, Group, Participant, Session, Theme
from app.voting.models import Ballot, Mark, VoteOption, VoteRound

__all__ = [
    "AggregateItem", "ApiToken", "AuditEntry", "BackgroundItem", "Ballot", "Cluster", "Group",
    "Idea", "Invitation", "Mark", "Membership", "Organisation", "Participant", "PasswordReset",
    "Priority", "Session", "SignIn", "Submission", "Support", "Theme", "User", "VoteOption",
    "VoteRound",
]
