from __future__ import annotations

from app.aggregation import bp  # noqa: F401
