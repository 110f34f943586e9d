"""Every model, imported in one place so the metadata (and Alembic) sees the whole schema."""

from app.aggregation.models import AggregateItem
from app.api.models import ApiToken
from app.audit.models import AuditEntry
from app.auth.models import User
from app.brainstorm.models import Cluster, Idea, Support
from app.groupwork.models import Priority, Submission
from app.organisations.models import Membership, Organisation
from app.sessions.models import BackgroundItem, Group, Participant, Session, Theme

__all__ = [
    "AggregateItem", "ApiToken", "AuditEntry", "BackgroundItem", "Cluster", "Group", "Idea",
    "Membership", "Organisation", "Participant", "Priority", "Session", "Submission", "Support",
    "Theme", "User",
]
