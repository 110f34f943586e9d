"""``flask pb import``: a Pabulib file becomes a finished, counted process, or nothing at all."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.budgets.ballot_models import Ballot, BallotChoice
from app.budgets.models import BudgetProcess, Phase, Proposal
from app.extensions import db
from app.tally import count, read_pb

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")

SMALL = """META
key;value
description;Pieni testi
country;Finland
unit;Testilä
num_projects;3
num_votes;4
budget;1000
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name
p1;600;Uimahalli
p2;300;Puisto
p3;500;Kirjasto
VOTES
voter_id;vote
1;p1,p2
2;p2
3;p3,p2
4;p1
"""


def tables_are_empty() -> bool:
    return all(db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
               for model in (BudgetProcess, Proposal, Ballot, BallotChoice))


def test_a_small_file_is_imported_and_counted(app, runner, make_org, tmp_path):
    make_org("testila")
    path = tmp_path / "small.pb"
    path.write_text(SMALL)
    result = runner.invoke(args=["pb", "import", str(path), "--org", "testila"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["ballots"] == 4
    with app.app_context():
        process = db.session.get(BudgetProcess, printed["budget_id"])
        assert process.phase == Phase.FINISHED and process.imported
        titles = {p.id: p.title for p in db.session.scalars(sa.select(Proposal))}
        # Greedy: Puisto (3 votes), Uimahalli (2), Kirjasto (1) no longer fits.
        assert sorted(titles[i] for i in printed["selected"]) == ["Puisto", "Uimahalli"]


@pytest.mark.parametrize(("broken", "line", "words"), [
    (SMALL.replace("p2;300;Puisto", "p2;kolmesataa;Puisto"), 14, "kolmesataa"),
    (SMALL.replace("p3;500;Kirjasto", "p1;500;Kirjasto"), 15, "p1"),
    (SMALL.replace("PROJECTS\n", ""), 0, ""),
    (SMALL.replace("4;p1\n", "4;p9\n"), 21, "p9"),
])
def test_a_broken_file_names_the_line_and_imports_nothing(app, runner, make_org, tmp_path,
                                                         broken, line, words):
    make_org("testila")
    path = tmp_path / "broken.pb"
    path.write_text(broken)
    result = runner.invoke(args=["pb", "import", str(path), "--org", "testila"])
    assert result.exit_code != 0
    assert "nothing was imported" in result.output
    if line:
        assert f"line {line}" in result.output and words in result.output
    with app.app_context():
        assert tables_are_empty()


def test_an_unknown_organisation_is_refused(runner, tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL)
    result = runner.invoke(args=["pb", "import", str(path), "--org", "nope"])
    assert result.exit_code != 0 and "nope" in result.output


def test_warszawa_2026_imports_end_to_end_with_the_files_own_outcome(app, runner, make_org):
    """61,668 voters: bulk inserts, counted greedily with the file's vote threshold."""
    path = DATA / "Poland_Warszawa_2026.pb"
    make_org("warszawa")
    result = runner.invoke(args=["pb", "import", str(path), "--org", "warszawa"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["ballots"] == 61668
    election = read_pb(path)
    expected = count(election, "greedy", "cost", "none", threshold_votes=3000)
    with app.app_context():
        external = dict(db.session.execute(sa.select(Proposal.id, Proposal.external_id)).all())
    assert sorted(external[i] for i in printed["selected"]) == expected.selected
    assert sorted(p.fields["selected"] == "1" for p in election.projects).count(True) == len(
        expected.selected)
