"""Words for phases, statuses and counting rules, as people read them."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from app.budgets.models import (
    PHASES,
    Area,
    BudgetProcess,
    CountingRule,
    ImplementationState,
    Phase,
    ProposalStatus,
)

PHASE_LABELS: dict[Phase, LazyString] = {
    Phase.DRAFT: _l("Preparation"),
    Phase.PROPOSALS: _l("Proposals"),
    Phase.REVIEW: _l("Review"),
    Phase.VOTING: _l("Voting"),
    Phase.COUNTING: _l("Counting"),
    Phase.FINISHED: _l("Results"),
}

PHASE_MOVES: dict[Phase, LazyString] = {
    Phase.PROPOSALS: _l("Open for proposals"),
    Phase.REVIEW: _l("Close proposals and start the review"),
    Phase.VOTING: _l("Open voting"),
    Phase.COUNTING: _l("Close voting"),
    Phase.FINISHED: _l("Publish the results"),
}

STATUS_LABELS: dict[ProposalStatus, LazyString] = {
    ProposalStatus.SUBMITTED: _l("Waiting for review"),
    ProposalStatus.FEASIBLE: _l("On the ballot"),
    ProposalStatus.UNFEASIBLE: _l("Not feasible"),
    ProposalStatus.SELECTED: _l("Selected"),
    ProposalStatus.NOT_SELECTED: _l("Not selected"),
}

STATE_LABELS: dict[ImplementationState, LazyString] = {
    ImplementationState.PLANNED: _l("Planned"),
    ImplementationState.IN_PROGRESS: _l("In progress"),
    ImplementationState.DONE: _l("Done"),
}

# The rules in plain words (the same texts as README's "Counting participatory budgeting votes").
GREEDY_TEXT = _l(
    "Greedy counting: projects are taken in order of support, the most votes first. A project "
    "is funded if it fits in what is left of the budget; otherwise it is skipped and the next "
    "one is considered.")
GREEDY_CARDINALITY_TEXT = _l("Support is counted as votes per euro of cost.")
THRESHOLD_VOTES_TEXT = _l("A project needs at least %(votes)s votes.")
THRESHOLD_PERCENT_TEXT = _l("A project needs at least %(percent)s %% of the votes of the "
                            "most-voted project.")
MES_TEXT = _l(
    "Method of Equal Shares: every voter gets an equal share of the budget. A project is "
    "chosen if its supporters can pay for it together from their shares; each round picks the "
    "project whose cost is spread most evenly, in the smallest shares, among its supporters.")
MES_CARDINALITY_TEXT = _l("Each supporter values a project equally, whatever its cost.")
ADD1_TEXT = _l(
    "If money is left, Add1 raises everyone's share by one euro at a time and counts again "
    "until no further project fits (never going over the real budget).")
GREEDY_COMPLETION_TEXT = _l("What remains is then spent greedily, the most votes first.")


def rule_texts(area: Area) -> list[str]:
    """The area's counting rule as a few plain sentences."""
    if area.rule == CountingRule.GREEDY:
        texts = [str(GREEDY_TEXT)]
        if area.utility.value == "cardinality":
            texts.append(str(GREEDY_CARDINALITY_TEXT))
        if area.threshold_votes is not None:
            texts.append(str(THRESHOLD_VOTES_TEXT) % {"votes": area.threshold_votes})
        if area.threshold_percent is not None:
            texts.append(str(THRESHOLD_PERCENT_TEXT) % {"percent": area.threshold_percent})
        return texts
    texts = [str(MES_TEXT)]
    if area.utility.value == "cardinality":
        texts.append(str(MES_CARDINALITY_TEXT))
    if area.completion.value.startswith("add1"):
        texts.append(str(ADD1_TEXT))
    if area.completion.value.endswith("greedy"):
        texts.append(str(GREEDY_COMPLETION_TEXT))
    return texts


def phase_steps(process: BudgetProcess) -> list[dict]:
    """The step indicator: each phase with its label, date and whether it is done or current."""
    dates = {Phase.PROPOSALS: process.proposals_start, Phase.REVIEW: process.review_start,
             Phase.VOTING: process.voting_start, Phase.COUNTING: process.voting_end,
             Phase.FINISHED: process.results_date}
    current = PHASES.index(process.phase)
    return [{"phase": phase, "label": PHASE_LABELS[phase], "date": dates.get(phase),
             "state": "done" if i < current else "current" if i == current else "todo"}
            for i, phase in enumerate(PHASES) if phase != Phase.DRAFT]


def euros(amount) -> str:
    """A money amount as people read it: 12 500 € (cents only when there are any)."""
    pattern = "#,##0" if amount == int(amount) else "#,##0.00"
    return f"{format_decimal(amount, format=pattern)} €"
