"""``python -m app.tally``: JSON output, thresholds, exit code 2 on bad input, no Flask."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from app.tally import TallyError, count, parse_pb

from .reference import ref_count

REPO = Path(__file__).resolve().parents[2]

SMALL = """META
key;value
num_projects;4
num_votes;5
budget;1000.50
vote_type;approval
PROJECTS
project_id;cost
10;400
9;400
x;600.25
y;100
VOTES
voter_id;vote
1;10,9
2;10,x
3;9,x
4;x
5;10
"""


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.tally", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")
    return path


def reference(rule: str, utility: str = "cost", completion: str = "none",
              votes: int | None = None, percent: str | None = None) -> dict[str, object]:
    """The contract's JSON object as the reference implementation computes it."""
    e = parse_pb(SMALL)
    chosen = ref_count(e, rule, utility, completion, votes,
                       None if percent is None else Fraction(percent))
    cost = sum(p.cost for p in e.projects if p.id in chosen)
    return {"selected": sorted(chosen), "cost": int(cost) if cost.denominator == 1
            else float(cost), "budget": 1000.5}


def test_output_is_exactly_the_contract_json(small: Path) -> None:
    proc = run_cli(str(small), "--rule", "greedy", "--utility", "cost", "--completion", "none")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith("\n") and proc.stderr == ""
    result = json.loads(proc.stdout)
    assert list(result) == ["selected", "cost", "budget"]
    assert result == reference("greedy")
    assert '"budget": 1000.5}' in proc.stdout  # exact decimal text, no float noise


@pytest.mark.parametrize("votes", ["0", "2", "3", "4"])
def test_threshold_votes_leaves_out_less_supported_projects(small: Path, votes: str) -> None:
    proc = run_cli(str(small), "--rule", "greedy", "--threshold-votes", votes)
    assert json.loads(proc.stdout) == reference("greedy", votes=int(votes))


@pytest.mark.parametrize("percent", ["0", "66.6", "66.7", "100"])
def test_threshold_percent_is_relative_to_the_most_supported_project(small: Path,
                                                                     percent: str) -> None:
    proc = run_cli(str(small), "--rule", "greedy", "--utility", "cardinality",
                   "--threshold-percent", percent)
    assert json.loads(proc.stdout) == reference("greedy", "cardinality", percent=percent)


@pytest.mark.parametrize("completion", ["none", "greedy", "add1", "add1-greedy"])
@pytest.mark.parametrize("utility", ["cost", "cardinality"])
def test_mes_with_every_completion_equals_the_reference(small: Path, utility: str,
                                                        completion: str) -> None:
    proc = run_cli(str(small), "--rule", "mes", "--utility", utility, "--completion", completion)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == reference("mes", utility, completion)


@pytest.mark.parametrize(
    "args",
    [
        ["--rule", "borda"],
        ["--rule", "mes", "--utility", "points"],
        ["--rule", "mes", "--completion", "add2"],
        ["--rule", "mes", "--threshold-votes", "3"],
        ["--rule", "greedy", "--completion", "add1"],
        ["--rule", "greedy", "--threshold-votes", "-1"],
        ["--rule", "greedy", "--threshold-percent", "101"],
        ["--rule", "greedy", "--threshold-votes", "2", "--threshold-percent", "5"],
        [],
    ],
)
def test_bad_arguments_exit_2_with_a_message(small: Path, args: list[str]) -> None:
    proc = run_cli(str(small), *args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "error" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ("hello\n", "line 1"),
        (SMALL.replace("x;600.25", "x;six hundred"), "line 11"),
        (SMALL.replace("3;9,x", "3;9,z"), "line 17"),
        (SMALL.split("VOTES")[0], "VOTES"),
        ("", "META"),
    ],
)
def test_bad_files_exit_2_naming_the_problem(tmp_path: Path, content: str | None,
                                             message: str) -> None:
    path = tmp_path / "broken.pb"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    proc = run_cli(str(path), "--rule", "mes")
    assert proc.returncode == 2
    assert message in proc.stderr
    assert str(path) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_directory_is_a_bad_file(tmp_path: Path) -> None:
    proc = run_cli(str(tmp_path), "--rule", "greedy")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_the_tally_package_does_not_import_flask() -> None:
    script = ("import sys, app.tally, app.tally.__main__; "
              "print('flask' in sys.modules or any(m.startswith('flask') for m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, timeout=60, check=True)
    assert proc.stdout.strip() == "False"


def test_the_cli_run_does_not_import_flask(small: Path) -> None:
    script = ("import runpy, sys\n"
              f"sys.argv = ['app.tally', {str(small)!r}, '--rule', 'mes']\n"
              "try:\n    runpy.run_module('app.tally', run_name='__main__')\n"
              "except SystemExit as exc:\n    assert not exc.code\n"
              "print('flask' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, timeout=60, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "False"


def test_count_refuses_bad_arguments_with_a_tally_error() -> None:
    e = parse_pb(SMALL)
    for kwargs in ({"rule": "borda"}, {"rule": "mes", "utility": "points"},
                   {"rule": "mes", "completion": "add2"},
                   {"rule": "mes", "threshold_votes": 3},
                   {"rule": "greedy", "completion": "add1"},
                   {"rule": "greedy", "threshold_votes": -1},
                   {"rule": "greedy", "threshold_percent": "101"},
                   {"rule": "greedy", "threshold_percent": "lots"}):
        with pytest.raises(TallyError):
            count(e, **kwargs)
