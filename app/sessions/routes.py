from __future__ import annotations

from app.sessions import bp  # noqa: F401
