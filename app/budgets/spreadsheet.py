"""The results as a CSV of projects, for Excel and the council's papers.

A row per project on the ballot: area, id (as in the API and the .pb file), title, cost, votes,
outcome, effective support (Equal Shares areas) and the explanation in the reader's language.
UTF-8 with a byte-order mark; cells that would start a formula are neutralised as in the
workshops' CSV.
"""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from app.budgets.ballot_models import CountRun
from app.budgets.explanations import effective_supports
from app.budgets.models import BudgetProcess
from app.budgets.pages import results_view
from app.exports.spreadsheet import neutralise


def results_csv(process: BudgetProcess, run: CountRun) -> str:
    rows: list[list[object]] = [[_("Area"), _("Id"), _("Project"), _("Cost"), _("Votes"),
                                 _("Outcome"), _("Effective support (per cent)"), _("Why")]]
    for view in results_view(process, run):
        supports = effective_supports(view.area, (run.result or {}).get(str(view.area.id), {}))
        for row in view.projects:
            proposal = row["proposal"]
            rows.append([view.area.name, proposal.id, proposal.title, str(proposal.cost),
                         row["votes"], _("Selected") if row["selected"] else _("Not selected"),
                         supports.get(proposal.id, ""), " ".join(row["explanation"])])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return "\ufeff" + out.getvalue()
