"""The seam where the per-project explanations of app.tally plug in.

The MES explanations (the supporters' remaining money, effective support, the run's own
budget) and the MES-versus-greedy comparison are computed by app.tally; until they land the
results carry ``null`` for ``mes_budget`` and ``effective_support`` and the results page
leaves their slot empty.
"""

from __future__ import annotations

from typing import Any

from app.budgets.models import Area


def effective_supports(area: Area, outcome: dict[str, Any]) -> dict[int, int]:
    """Proposal id -> integer percent of effective support (MES areas); empty for now."""
    return {}


def explanation(area: Area, outcome: dict[str, Any], proposal_id: int) -> str | None:
    """A plain-language explanation of one project's outcome; None until app.tally has it."""
    return None
