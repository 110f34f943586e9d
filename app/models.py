"""Every model, imported in one place so the metadata is complete."""

from app.api.models import ApiToken
from app.audit.models import AuditEntry
from app.auth.models import User
from app.organisations.models import Membership, Organisation

__all__ = ["ApiToken", "AuditEntry", "Membership", "Organisation", "User"]
