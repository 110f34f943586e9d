"""Why each project was or was not funded: structured data for a results page to phrase.

    explanation = explain(election, rule="mes", utility="cost", completion="add1-greedy")
    explanation.mes_budget, explanation.project("214").effective_support_percent

For **MES** (any utility, any completion) each project MES takes part in gets a
:class:`MesStep`, exactly what pabutools 1.2.3's ``calculate_project_loss`` reports for the MES
run that gave the outcome (at ``mes_budget``: the budget, or where Add1 stopped): the round in
which MES selected it or found it unaffordable, its supporters' money then and how much of their
money went to which earlier selected project. Every project gets its *effective support*: the
largest share of its cost its supporters could have paid in a run of MES without it (the
exact fraction, and the integer percent of pabutools' ``calculate_effective_supports`` with
``final_budget=mes_budget``: ``int(100 * share)``, at least 100 for a project MES selected).
See :mod:`app.tally.mes_trace` for the definitions. A completion (greedy after MES) gives the
projects MES did not select a :class:`~app.tally.greedy.GreedyStep`.

For **greedy** each project gets a :class:`~app.tally.greedy.GreedyStep`: selected, did not fit
in the money left, or below the threshold.

Amounts are exact fractions in the currency; no float takes part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from app.tally.counting import count, eligible_projects, mes_setup
from app.tally.greedy import GreedyStep, greedy_steps
from app.tally.mes_trace import TracedRun, effective_support
from app.tally.model import Election, Outcome


@dataclass(frozen=True)
class MesStep:
    """What MES saw of one project: in ``round`` (1-based) it was ``selected`` or found
    ``unaffordable`` (its supporters' money was less than its cost). ``supporters_budget`` is
    its supporters' money then (for a selected project, before paying for it; for the others,
    after that round's winner paid) and ``spent_on`` what they had paid for each project
    selected before (id -> amount, in selection order; 0 where they supported it but had
    nothing left to pay)."""

    round: int
    outcome: str
    supporters_budget: Fraction
    spent_on: dict[str, Fraction]

    @property
    def spent(self) -> Fraction:
        """What the supporters had paid for earlier projects in all."""
        return sum(self.spent_on.values(), Fraction(0))


@dataclass(frozen=True)
class ProjectExplanation:
    """One project. ``selected_by``: ``greedy`` (the greedy rule), ``mes``, ``completion``
    (greedy after MES) or ``None``. ``mes`` is ``None`` under greedy and for projects MES does
    not take part in (no supporters, or cost 0); ``greedy`` is the greedy rule's step, or the
    completion's for a project MES did not select. ``effective_support`` (MES only): ``None``
    for a project costing 0."""

    id: str
    cost: Fraction
    votes: int
    selected: bool
    selected_by: str | None
    mes: MesStep | None = None
    greedy: GreedyStep | None = None
    effective_support: Fraction | None = None
    effective_support_percent: int | None = None


@dataclass(frozen=True)
class Explanation:
    """An outcome with a :class:`ProjectExplanation` for every project (file order)."""

    rule: str
    utility: str
    completion: str
    budget: Fraction
    cost: Fraction
    selected: list[str]  # in the order of selection
    mes_budget: Fraction | None
    projects: list[ProjectExplanation] = field(default_factory=list)

    def project(self, project_id: str) -> ProjectExplanation:
        for p in self.projects:
            if p.id == project_id:
                return p
        raise KeyError(project_id)


def explain(election: Election, rule: str, utility: str = "cost", completion: str = "none", *,
            threshold_votes: int | None = None,
            threshold_percent: Fraction | int | str | None = None,
            outcome: Outcome | None = None) -> Explanation:
    """Count (or take ``outcome``, the result of :func:`~app.tally.counting.count` with the same
    arguments) and explain every project. Raises :class:`~app.tally.errors.TallyError` for
    bad arguments, as ``count`` does."""
    if outcome is None:
        outcome = count(election, rule, utility, completion, threshold_votes=threshold_votes,
                        threshold_percent=threshold_percent)
    ids = election.project_ids
    costs = [p.cost for p in election.projects]
    votes = election.vote_counts()
    index = {pid: j for j, pid in enumerate(ids)}
    order = [index[pid] for pid in outcome.order]
    chosen = set(order)
    if rule == "greedy":
        eligible = eligible_projects(votes, threshold_votes, threshold_percent)
        steps = greedy_steps(ids, costs, votes, election.budget, utility, eligible=eligible)
        projects = [ProjectExplanation(ids[j], costs[j], votes[j], j in chosen,
                                       "greedy" if j in chosen else None, greedy=steps[j])
                    for j in range(len(ids))]
        return Explanation(rule, utility, completion, election.budget, outcome.cost,
                           outcome.order, None, projects)
    assert outcome.mes_budget is not None and outcome.mes_selected is not None
    by_mes = order[:outcome.mes_selected]
    steps = {}
    if completion in ("greedy", "add1-greedy"):
        steps = greedy_steps(ids, costs, votes, election.budget, "cost", initial=by_mes)
    mes_steps, support = _mes_details(election, utility, outcome.mes_budget, by_mes)
    projects = []
    for j in range(len(ids)):
        share = support.get(j)
        percent = None if share is None else int(100 * share)
        if j in by_mes and (percent is not None or costs[j] == 0):
            percent = max(percent or 0, 100)  # pabutools' floor for a selected project
        selected_by = "mes" if j in by_mes else "completion" if j in chosen else None
        projects.append(ProjectExplanation(
            ids[j], costs[j], votes[j], j in chosen, selected_by, mes=mes_steps.get(j),
            greedy=steps.get(j), effective_support=share, effective_support_percent=percent))
    return Explanation(rule, utility, completion, election.budget, outcome.cost, outcome.order,
                       outcome.mes_budget, projects)


def _mes_details(election: Election, utility: str, mes_budget: Fraction,
                 by_mes: list[int]) -> tuple[dict[int, MesStep], dict[int, Fraction]]:
    """MES steps and effective supports (see the module) of the run at ``mes_budget``."""
    votes = election.vote_counts()
    support = {j: Fraction(0) for j, v in enumerate(votes)
               if v == 0 and election.projects[j].cost > 0}
    if election.n_voters == 0:
        return {}, support
    setup = mes_setup(election, utility)
    eng = setup.engine
    share = setup.share(mes_budget)
    traced = TracedRun(eng, share)
    traced.finish()
    if [*setup.free, *traced.selected] != by_mes:
        raise AssertionError("the traced MES run differs from the count")  # a bug, not input
    ids = election.project_ids
    unit = setup.unit
    steps = {j: MesStep(c.round, "selected" if c.selected else "unaffordable",
                        c.money / unit, {ids[q]: v / unit for q, v in c.spent.items()})
             for j, c in traced.considered.items()}
    for j in eng.active:
        support[j] = effective_support(eng, j, traced)
    return steps, support
