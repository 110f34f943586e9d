"""Write to the audit log. Every feature that changes a stage, a vote or a
member calls :func:`record` inside the same transaction as the change."""

from __future__ import annotations

from typing import Any

from app.audit.models import AuditEntry
from app.extensions import db


def _describe_actor(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, "system"
    if getattr(actor, "is_authenticated", False) and hasattr(actor, "email"):
        return actor.id, actor.email
    return None, str(actor)


def record(
    actor: Any,
    action: str,
    obj: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation_id: int | None = None,
) -> AuditEntry:
    """Add an audit entry for *action* on *obj* by *actor* (a user, a label or None)."""
    if getattr(obj, "id", None) is None and obj is not None:
        db.session.flush()
    actor_id, actor_label = _describe_actor(actor)
    entry = AuditEntry(
        actor_id=actor_id,
        actor_label=actor_label[:200],
        organisation_id=organisation_id
        if organisation_id is not None
        else getattr(obj, "organisation_id", None),
        action=action,
        object_type=getattr(obj, "__tablename__", type(obj).__name__),
        object_id=None if obj is None else str(getattr(obj, "id", "")) or None,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry
