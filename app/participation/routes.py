from __future__ import annotations

from app.participation import bp  # noqa: F401
