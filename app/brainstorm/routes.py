from __future__ import annotations

from app.brainstorm import bp  # noqa: F401
