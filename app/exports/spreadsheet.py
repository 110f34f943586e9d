"""The CSV export: one row per priority and per vote result, for Excel and the minutes.

UTF-8 with a byte-order mark (Excel then reads ä and ö right). A cell that begins
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is neutralised with a
leading apostrophe, so that a spreadsheet never runs a participant's text as a formula.
"""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from app.exports.report import Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """*cell* as a spreadsheet may show it without running it as a formula."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _rows(report: Report) -> list[list[object]]:
    rows: list[list[object]] = [[
        _("Row"), _("Theme"), _("Group"), _("Source"), _("Place"), _("Title"), _("Reasoning"),
        _("Points"), _("Online"), _("Paper"), _("Vote round"), _("Kind of vote"),
    ]]
    modes = {"dots": _("Dot vote"), "approval": _("Approval vote"), "ranked": _("Ranked vote")}
    sources = {"online": _("online"), "paper": _("paper")}
    for theme in report.themes:
        for group in report.groups[theme.id]:
            for priority in group["priorities"]:
                rows.append([_("priority"), theme.title, group["name"], sources[group["source"]],
                             priority["rank"], priority["title"], priority["reasoning"],
                             theme.picks - priority["rank"] + 1, "", "", "", ""])
        for results in report.rounds[theme.id]:
            for row in results.rows:
                rows.append([_("vote result"), theme.title, "", "", row.place, row.title, "",
                             row.total, row.online, row.paper, results.round.id,
                             modes[results.round.mode.value]])
    return rows


def session_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in _rows(report):
        writer.writerow([neutralise(cell) for cell in row])
    return "\ufeff" + out.getvalue()
