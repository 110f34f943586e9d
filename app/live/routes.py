from __future__ import annotations

from app.live import bp  # noqa: F401
