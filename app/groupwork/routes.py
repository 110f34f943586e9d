from __future__ import annotations

from app.groupwork import bp  # noqa: F401
