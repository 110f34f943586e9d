"""Read the Pabulib ``.pb`` format (https://pabulib.org/format).

A file has three sections, each a line with its name and then a header row: ``META``
(``key;value`` rows), ``PROJECTS`` (``project_id;cost;...``) and ``VOTES`` (``voter_id;vote;...``).
Fields are separated by ``;`` and may be quoted (``"a;b"``). Every problem is reported as a
:class:`PabulibError` naming the line.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from fractions import Fraction
from operator import itemgetter
from pathlib import Path

import numpy as np

from app.tally.decimals import parse_decimal
from app.tally.errors import PabulibError
from app.tally.model import POINTS_VOTE_TYPES, VOTE_TYPES, Election, Project

_SECTIONS = ("meta", "projects", "votes")
_Rows = Iterator[tuple[int, list[str]]]


def read_pb(source: str | os.PathLike[str]) -> Election:
    """Read a ``.pb`` file; a ``str`` that contains a newline is read as the file's text."""
    if isinstance(source, str) and "\n" in source:
        return parse_pb(source)
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PabulibError(0, f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PabulibError(line, "the file is not valid UTF-8 text") from None
    return parse_pb(text)


def number(text: str, line: int, what: str) -> Fraction:
    """A non-negative decimal, exactly; a :class:`PabulibError` naming ``line`` otherwise."""
    value = parse_decimal(text)
    if value is None:
        raise PabulibError(line, f"{what} {text.strip()!r} is not a non-negative number")
    return value


def _rows(text: str) -> _Rows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise PabulibError(reader.line_num, f"unreadable row: {exc}") from None


def _is_blank(row: list[str]) -> bool:
    return all(not c.strip() for c in row)


def _section_name(row: list[str]) -> str | None:
    cells = [c.strip() for c in row if c.strip()]
    if len(cells) == 1 and cells[0].lower() in _SECTIONS:
        return cells[0].lower()
    return None


def _header(rows: _Rows, section: str, after: int) -> tuple[int, list[str]]:
    for line, row in rows:
        if not _is_blank(row):
            if _section_name(row):
                break
            header = [c.strip() for c in row]
            if len(set(header)) != len(header):
                raise PabulibError(line, f"{section} header names a column twice")
            return line, header
    raise PabulibError(after, f"{section} section has no header row")


def _next_section(rows: _Rows, expected: str, last: int) -> int:
    for line, row in rows:
        if _is_blank(row):
            continue
        name = _section_name(row)
        if name != expected:
            what = f"section {name.upper()}" if name else f"{';'.join(row)[:40]!r}"
            raise PabulibError(line, f"expected the {expected.upper()} section, found {what}")
        return line
    raise PabulibError(last, f"file ends without a {expected.upper()} section")


def parse_pb(text: str) -> Election:
    """Parse the text of a ``.pb`` file into an :class:`Election`."""
    rows = _rows(text.removeprefix("\ufeff"))
    line = _next_section(rows, "meta", 1)
    line, header = _header(rows, "META", line)
    if [h.lower() for h in header if h] != ["key", "value"]:
        raise PabulibError(line, f"the META header must be 'key;value', found {';'.join(header)!r}")
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    projects: list[Project] = []
    index: dict[str, int] = {}
    for line, row in rows:
        if _is_blank(row):
            continue
        if _section_name(row):
            if _section_name(row) != "projects":
                raise PabulibError(line, f"expected the PROJECTS section, found {row[0]!r}")
            break
        cells = [c.strip() for c in row]
        while len(cells) > 2 and not cells[-1]:
            cells.pop()
        if len(cells) != 2 or not cells[0]:
            raise PabulibError(line, "a META row must be 'key;value'")
        if cells[0] in meta:
            raise PabulibError(line, f"META key {cells[0]!r} is given twice")
        meta[cells[0]] = cells[1]
        meta_lines[cells[0]] = line
    else:
        raise PabulibError(line, "file ends without a PROJECTS section")
    line, header = _header(rows, "PROJECTS", line)
    for col in ("project_id", "cost"):
        if col not in header:
            raise PabulibError(line, f"PROJECTS header has no {col!r} column")
    for line, row in rows:
        if _is_blank(row):
            continue
        if _section_name(row):
            if _section_name(row) != "votes":
                raise PabulibError(line, f"expected the VOTES section, found {row[0]!r}")
            break
        _project(row, line, header, projects, index)
    else:
        raise PabulibError(line, "file ends without a VOTES section")
    if "budget" not in meta:
        raise PabulibError(line, "META has no 'budget'")
    budget = number(meta["budget"], meta_lines["budget"], "budget")
    vote_type = meta.get("vote_type", "").lower()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(meta_lines.get("vote_type", line),
                           f"vote_type {meta.get('vote_type', '')!r} is not one of "
                           f"{', '.join(VOTE_TYPES)}")
    return _votes(rows, line, meta, budget, vote_type, projects, index)


def _project(row: list[str], line: int, header: list[str], projects: list[Project],
             index: dict[str, int]) -> None:
    if len(row) > len(header) and not _is_blank(row[len(header):]):
        raise PabulibError(line, f"{len(row)} fields but the PROJECTS header has {len(header)}")
    values = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
    pid = values.pop("project_id")
    if not pid:
        raise PabulibError(line, "empty project_id")
    if pid in index:
        raise PabulibError(line, f"project {pid!r} is listed twice")
    cost = number(values.pop("cost"), line, f"cost of project {pid!r}")
    index[pid] = len(projects)
    projects.append(Project(pid, cost, values))


def _votes(rows: _Rows, section_line: int, meta: dict[str, str], budget: Fraction,
           vote_type: str, projects: list[Project], index: dict[str, int]) -> Election:
    line, header = _header(rows, "VOTES", section_line)
    if "vote" not in header:
        raise PabulibError(line, "VOTES header has no 'vote' column")
    width = len(header)
    vcol = header.index("vote")
    icol = header.index("voter_id") if "voter_id" in header else -1
    with_points = vote_type in POINTS_VOTE_TYPES
    pcol = header.index("points") if "points" in header else -1
    if with_points and pcol < 0:
        raise PabulibError(line, f"VOTES header has no 'points' column for {vote_type} votes")
    extra = [i for i, h in enumerate(header) if i not in (vcol, icol, pcol)]
    # The other columns' cells as they are (the writer trims them), in one call a voter.
    others = itemgetter(*extra) if len(extra) > 1 else _one_cell(extra[0] if extra else 0)
    ptr = [0]
    flat: list[int] = []
    points: list[int | Fraction] = []
    voter_ids: list[str] = []
    voter_rows: list[tuple[str, ...]] = []
    get = index.__getitem__
    seen: dict[str, int] = {}  # voter id -> line
    for line, row in rows:
        if len(row) != width:
            if _is_blank(row):
                continue
            if _section_name(row):
                raise PabulibError(line, f"section {row[0].strip()} is out of place")
            if len(row) > width and not _is_blank(row[width:]):
                raise PabulibError(line, f"{len(row)} fields but the VOTES header has {width}")
            row = (row + [""] * width)[:width]
        vote = row[vcol].strip()
        voter = row[icol].strip() if icol >= 0 else str(len(voter_ids) + 1)
        if not vote and _is_blank(row):
            continue
        if icol >= 0:
            if not voter:
                raise PabulibError(line, "empty voter_id")
            if voter in seen:
                raise PabulibError(line, f"voter {voter!r} already voted on line {seen[voter]}")
            seen[voter] = line
        try:
            js = list(map(get, vote.split(","))) if vote else []
        except KeyError:
            js = _lenient_ids(vote, index, line, voter)
        pts = _points(row[pcol], line, voter, len(js)) if with_points else []
        if len(js) > 1 and len(set(js)) != len(js):  # listed twice: counts once (pabutools)
            keep = [k for k, j in enumerate(js) if j not in js[:k]]
            js = [js[k] for k in keep]
            pts = [pts[k] for k in keep] if with_points else []
        points.extend(pts)
        flat.extend(js)
        ptr.append(len(flat))
        voter_ids.append(voter)
        if extra:
            voter_rows.append(others(row))
    return Election(
        meta=meta,
        budget=budget,
        vote_type=vote_type,
        projects=projects,
        ptr=np.array(ptr, dtype=np.int64),
        items=np.array(flat, dtype=np.int32),
        points=points if with_points else None,
        voter_ids=voter_ids,
        voter_fields=[header[i] for i in extra],
        voter_rows=voter_rows,
    )


def _one_cell(index: int):
    """Like ``itemgetter(index)``, but the cell comes as a one-cell tuple."""
    return lambda row: (row[index],)


def _lenient_ids(vote: str, index: dict[str, int], line: int, voter: str) -> list[int]:
    """Project indices of a vote with spaces or empty items; unknown ids are an error."""
    js = []
    for x in vote.split(","):
        x = x.strip()
        if not x:
            continue
        if x not in index:
            raise PabulibError(line, f"vote of voter {voter!r} names unknown project {x!r}")
        js.append(index[x])
    return js


def _points(raw: str, line: int, voter: str, count: int) -> list[int | Fraction]:
    """The points of one vote: one number for each listed project."""
    raw = raw.strip()
    cells = raw.split(",") if raw else []
    if len(cells) != count:
        raise PabulibError(line, f"voter {voter!r} has {len(cells)} points for {count} projects")
    values: list[int | Fraction] = []
    for cell in cells:
        cell = cell.strip()
        value = int(cell) if cell.isdigit() else number(cell, line, f"points of voter {voter!r}")
        values.append(value)
    return values
