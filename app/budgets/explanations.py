"""Why each project was or was not funded, and what the other rule would have funded.

A count (:func:`app.budgets.counting.area_outcome`) stores, per area, what
:func:`app.tally.explain` and :func:`app.tally.compare` give, as JSON with exact amounts
(fractions written as text): :func:`outcome_details`. The results page and the API read that
stored data, so no page counts again: :func:`effective_supports` for the API,
:func:`project_explanation`, :func:`mes_budget_note` and :func:`comparison_view` for the page,
in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from app.budgets.labels import euros
from app.budgets.models import Area
from app.tally import Election, Outcome, compare, explain

#: How many earlier projects an explanation names; the rest are summed up.
NAMED_EARLIER = 3


def outcome_details(election: Election, area: Area, outcome: Outcome) -> dict[str, Any]:
    """What the results page and the API need of one area's count, as JSON."""
    settings = area.rule_settings()
    explanation = explain(election, outcome=outcome, **settings)
    comparison = compare(election, outcome=outcome, **settings)
    return {
        "mes_budget": None if explanation.mes_budget is None else str(explanation.mes_budget),
        "explanations": {p.id: _project(p) for p in explanation.projects},
        "comparison": {
            "other_rule": list(comparison.other_rule),
            "other_selected": sorted(int(pid) for pid in comparison.other_selected),
            "other_cost": str(comparison.other_cost),
        },
    }


def _project(p) -> dict[str, Any]:
    mes = greedy = None
    if p.mes is not None:
        mes = {"round": p.mes.round, "outcome": p.mes.outcome,
               "money": str(p.mes.supporters_budget),
               "spent": [[int(pid), str(amount)] for pid, amount in p.mes.spent_on.items()]}
    if p.greedy is not None:
        greedy = {"position": p.greedy.position, "outcome": p.greedy.outcome,
                  "left": str(p.greedy.left)}
    return {"by": p.selected_by, "mes": mes, "greedy": greedy,
            "support": p.effective_support_percent}


def money(value: str | Fraction | Decimal) -> Decimal:
    """An exact amount (a fraction as text) in euros and cents, as people read money."""
    exact = Fraction(value)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)


def mes_budget(outcome: dict[str, Any]) -> Decimal | None:
    """The budget of the MES run that gave the outcome (None for greedy or an old count)."""
    value = outcome.get("mes_budget")
    return None if value is None else money(value)


def effective_supports(area: Area, outcome: dict[str, Any]) -> dict[int, int]:
    """Proposal id -> integer percent of effective support (MES areas; empty for greedy)."""
    return {int(pid): row["support"] for pid, row in outcome.get("explanations", {}).items()
            if row.get("support") is not None}


def _euros(amount: Any) -> str:
    return euros(amount if isinstance(amount, Decimal) else money(amount))


def project_explanation(area: Area, outcome: dict[str, Any], proposal_id: int, cost: Decimal,
                        titles: dict[int, str]) -> list[str]:
    """A project's outcome in a few plain sentences (empty when the count stored none)."""
    row = outcome.get("explanations", {}).get(str(proposal_id))
    if row is None:
        return []
    if area.rule.value == "greedy":
        return _greedy_sentences(row["greedy"], cost, area.utility.value == "cardinality")
    sentences = []
    mes = row.get("mes")
    if mes is None:
        if not outcome.get("votes", {}).get(str(proposal_id)):
            sentences.append(_("No one voted for it."))
    elif mes["outcome"] == "selected":
        sentences.append(_("Funded by Equal Shares in round %(round)s: its supporters still had "
                           "%(money)s of their shares, enough for its cost of %(cost)s.",
                           round=mes["round"], money=_euros(mes["money"]), cost=_euros(cost)))
    else:
        sentences.append(_("Not funded by Equal Shares: in round %(round)s its supporters had "
                           "only %(money)s left of their shares, less than its cost of "
                           "%(cost)s.", round=mes["round"], money=_euros(mes["money"]),
                           cost=_euros(cost)))
        spent = _spent_sentence(mes["spent"], titles)
        if spent:
            sentences.append(spent)
    greedy = row.get("greedy")
    if row["by"] == "completion":
        sentences.append(_("Funded with the money Equal Shares left over, spent in order of "
                           "votes: its cost fitted in the %(left)s that was left.",
                           left=_euros(greedy["left"])))
    elif greedy is not None and greedy["outcome"] == "no_fit" and row["by"] is None:
        sentences.append(_("The money Equal Shares left over was spent in order of votes; only "
                           "%(left)s was left when its turn came.", left=_euros(greedy["left"])))
    if row.get("support") is not None:
        sentences.append(_("Effective support %(percent)s per cent: the share of its cost its "
                           "supporters could pay together.", percent=row["support"]))
    return sentences


def _greedy_sentences(step: dict[str, Any] | None, cost: Decimal,
                      per_euro: bool) -> list[str]:
    if step is None:
        return []
    if step["outcome"] == "below_threshold":
        return [_("Not funded: it had fewer votes than the area's threshold.")]
    position = (_("Number %(position)s in order of votes per euro.", position=step["position"])
                if per_euro else
                _("Number %(position)s in order of votes.", position=step["position"]))
    if step["outcome"] == "selected":
        return [position, _("Its cost fitted in the %(left)s left of the budget, so it was "
                            "funded.", left=_euros(step["left"]))]
    return [position, _("It cost %(cost)s but only %(left)s of the budget was left, so it was "
                        "not funded.", cost=_euros(cost), left=_euros(step["left"]))]


def _spent_sentence(spent: list[list], titles: dict[int, str]) -> str | None:
    paid = sorted(((Fraction(amount), pid) for pid, amount in spent if Fraction(amount) > 0),
                  key=lambda x: (-x[0], x[1]))
    if not paid:
        return None
    total = sum((amount for amount, _pid in paid), Fraction(0))
    named = [_("%(title)s (%(amount)s)", title=titles.get(pid, str(pid)), amount=_euros(amount))
             for amount, pid in paid[:NAMED_EARLIER]]
    rest = len(paid) - len(named)
    listed = ", ".join(named)
    if rest:
        listed = ngettext("%(list)s and %(num)d more", "%(list)s and %(num)d more", rest,
                          list=listed)
    return _("They had spent %(spent)s of their shares on projects funded before it: "
             "%(list)s.", spent=_euros(total), list=listed)


def mes_budget_note(area: Area, outcome: dict[str, Any]) -> str | None:
    """Where Add1 stopped, in words (None when Equal Shares ran with the real budget)."""
    value = mes_budget(outcome)
    if value is None or value == area.budget:
        return None
    return _("Add1 raised the shares until Equal Shares ran with a budget of %(mes)s; what it "
             "funded stays within the real budget of %(budget)s.", mes=_euros(value),
             budget=_euros(area.budget))


@dataclass
class ComparisonView:
    heading: str
    same: bool
    same_text: str
    only_this_label: str
    only_other_label: str
    only_this: list[int]
    only_other: list[int]
    other_cost: Decimal


def comparison_view(area: Area, outcome: dict[str, Any]) -> ComparisonView | None:
    """What the other rule would have funded with the same ballots (None for an old count)."""
    stored = outcome.get("comparison")
    if stored is None:
        return None
    ours, theirs = set(outcome.get("selected", [])), set(stored["other_selected"])
    if stored["other_rule"][0] == "greedy":
        texts = (_("What greedy counting would have funded"),
                 _("Greedy counting (most votes first) would have funded the same projects."),
                 _("Funded here, but not by greedy counting (most votes first):"),
                 _("Greedy counting would have funded these instead:"))
    else:
        texts = (_("What the Method of Equal Shares would have funded"),
                 _("The Method of Equal Shares would have funded the same projects."),
                 _("Funded here, but not by the Method of Equal Shares:"),
                 _("The Method of Equal Shares would have funded these instead:"))
    return ComparisonView(texts[0], ours == theirs, texts[1], texts[2], texts[3],
                          sorted(ours - theirs), sorted(theirs - ours),
                          money(stored["other_cost"]))
