"""Reading and writing Pabulib files: robustness, clear errors naming the line, round trip."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest
from pabulib.checker import Checker

from app.tally import (
    Election,
    PabulibError,
    Project,
    TallyError,
    count,
    pabulib_rule,
    parse_pb,
    read_pb,
    write_pb,
)
from app.tally.decimals import format_decimal, parse_decimal

GOOD = '''META
key;value
description;"Kaupunki; osallistuva budjetointi"
country;Finland
unit;Tampere
instance;2026
num_projects;3
num_votes;4
budget;1555905.71
vote_type;approval
rule;greedy
date_begin;01.03.2026
date_end;15.03.2026
PROJECTS
project_id;cost;votes;name
A-1;600000;3;"Puisto; ja ""leikkipaikka"""
B/2;500000.50;2;Kirjasto
C3;400000;1;Uimaranta
VOTES
voter_id;vote;age
v1;A-1,B/2;34
v2;B/2;51
v3;C3,A-1;
v4;A-1;29
'''


def lines_with_error(text: str) -> PabulibError:
    with pytest.raises(PabulibError) as info:
        parse_pb(text)
    return info.value


def test_quoted_fields_and_semicolons_inside_quotes_are_read() -> None:
    e = parse_pb(GOOD)
    assert e.meta["description"] == "Kaupunki; osallistuva budjetointi"
    assert e.projects[0].fields["name"] == 'Puisto; ja "leikkipaikka"'
    assert [p.id for p in e.projects] == ["A-1", "B/2", "C3"]
    assert e.ballots() == [["A-1", "B/2"], ["B/2"], ["C3", "A-1"], ["A-1"]]
    assert e.voter_ids == ["v1", "v2", "v3", "v4"]
    assert e.voter_fields == ["age"]


def test_non_integer_budget_and_cost_are_exact() -> None:
    e = parse_pb(GOOD)
    assert e.budget == Fraction("1555905.71")
    assert e.projects[1].cost == Fraction("500000.5")
    outcome = count(e, "greedy")
    assert outcome.selected == ["A-1", "B/2", "C3"]
    assert outcome.cost == Fraction("1500000.5")


def test_decimal_comma_and_byte_order_mark_are_accepted() -> None:
    e = parse_pb("\ufeff" + GOOD.replace("budget;1555905.71", "budget;1555905,71"))
    assert e.budget == Fraction("1555905.71")


def test_windows_line_ends_and_blank_lines_are_accepted() -> None:
    text = GOOD.replace("\nPROJECTS", "\n\nPROJECTS").replace("\n", "\r\n")
    assert parse_pb(text).ballots() == parse_pb(GOOD).ballots()


@pytest.mark.parametrize(
    ("vote_type", "extra_header", "extra"),
    [("cumulative", ";points", [";2,1", ";3", ";1,2", ";3"]),
     ("scoring", ";points", [";5,1", ";3", ";1,2", ";3"]),
     ("ordinal", "", ["", "", "", ""]),
     ("choose-1", "", ["", "", "", ""])],
)
def test_other_vote_types_are_read_as_approvals(vote_type: str, extra_header: str,
                                                extra: list[str]) -> None:
    votes = ["v1;A-1,B/2", "v2;B/2", "v3;C3,A-1", "v4;A-1"]
    if vote_type == "choose-1":
        votes = ["v1;A-1", "v2;B/2", "v3;C3", "v4;A-1"]
    head, _ = GOOD.split("VOTES\n")
    text = (head.replace("vote_type;approval", f"vote_type;{vote_type}")
            + f"VOTES\nvoter_id;vote{extra_header}\n"
            + "".join(v + x + "\n" for v, x in zip(votes, extra, strict=True)))
    e = parse_pb(text)
    assert e.vote_type == vote_type
    assert e.n_voters == 4
    assert e.ballot(0) == votes[0].split(";")[1].split(",")
    if extra_header:
        assert e.points is not None and e.points[:2] == [int(x) for x in extra[0][1:].split(",")]


def test_missing_section_names_the_last_line() -> None:
    text = GOOD.split("VOTES\n")[0]
    err = lines_with_error(text)
    assert err.line == text.count("\n")
    assert "VOTES" in str(err)
    assert str(err).startswith(f"line {err.line}:")


def test_section_out_of_order_is_named() -> None:
    text = GOOD.replace("META\n", "PROJECTS\n", 1)
    err = lines_with_error(text)
    assert err.line == 1
    assert "PROJECTS" in str(err)


def test_bad_cost_names_its_line() -> None:
    err = lines_with_error(GOOD.replace("B/2;500000.50;2", "B/2;lots;2"))
    assert err.line == 17
    assert "cost" in str(err) and "'lots'" in str(err)


def test_negative_cost_is_an_error() -> None:
    assert lines_with_error(GOOD.replace("C3;400000", "C3;-400000")).line == 18


def test_bad_budget_names_its_line() -> None:
    err = lines_with_error(GOOD.replace("budget;1555905.71", "budget;1.5M"))
    assert err.line == 9
    assert "budget" in str(err)


def test_missing_budget_is_an_error() -> None:
    err = lines_with_error(GOOD.replace("budget;1555905.71\n", ""))
    assert "budget" in str(err)


def test_unknown_vote_type_is_an_error() -> None:
    err = lines_with_error(GOOD.replace("vote_type;approval", "vote_type;quadratic"))
    assert err.line == 10
    assert "quadratic" in str(err)


def test_unknown_project_in_a_vote_names_line_voter_and_project() -> None:
    err = lines_with_error(GOOD.replace("v2;B/2", "v2;B/2,ZZ"))
    assert err.line == 22
    assert "'ZZ'" in str(err) and "'v2'" in str(err)


def test_duplicate_project_id_is_an_error() -> None:
    err = lines_with_error(GOOD.replace("C3;400000", "A-1;400000"))
    assert err.line == 18
    assert "A-1" in str(err)


def test_row_with_too_many_fields_is_an_error() -> None:
    assert lines_with_error(GOOD.replace("v4;A-1;29", "v4;A-1;29;x")).line == 24


def test_unterminated_quote_is_an_error_not_a_traceback() -> None:
    err = lines_with_error(GOOD.replace("v4;A-1;29", 'v4;"A-1;29'))
    assert err.line >= 24


def test_points_must_match_the_vote() -> None:
    text = (GOOD.replace("vote_type;approval", "vote_type;cumulative")
            .replace("voter_id;vote;age", "voter_id;vote;points").replace("v1;A-1,B/2;34",
                                                                         "v1;A-1,B/2;3"))
    err = lines_with_error(text)
    assert err.line == 21
    assert "points" in str(err)


def test_a_project_listed_twice_in_a_vote_counts_once() -> None:
    e = parse_pb(GOOD.replace("v2;B/2", "v2;B/2,B/2"))
    assert e.ballot(1) == ["B/2"]


def test_unreadable_file_and_bad_encoding_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(PabulibError, match="cannot read"):
        read_pb(tmp_path / "missing.pb")
    bad = tmp_path / "bad.pb"
    bad.write_bytes(GOOD.encode() + b"v5;\xff\xfe\n")
    with pytest.raises(PabulibError, match="UTF-8") as info:
        read_pb(bad)
    assert info.value.line == 25


def test_reading_a_path_and_a_text_give_the_same_election(tmp_path: Path) -> None:
    path = tmp_path / "good.pb"
    path.write_text(GOOD, encoding="utf-8")
    assert read_pb(path).ballots() == read_pb(GOOD).ballots()


def test_written_file_reads_back_identically() -> None:
    e = parse_pb(GOOD)
    text = write_pb(e, selected=["A-1", "C3"], rule="greedy")
    back = parse_pb(text)
    assert back.budget == e.budget
    assert [(p.id, p.cost) for p in back.projects] == [(p.id, p.cost) for p in e.projects]
    assert back.projects[0].fields["name"] == e.projects[0].fields["name"]
    assert [p.fields["selected"] for p in back.projects] == ["1", "0", "1"]
    assert [p.fields["votes"] for p in back.projects] == ["3", "2", "1"]
    assert back.ballots() == e.ballots()
    assert back.voter_ids == e.voter_ids
    assert back.voter_rows == e.voter_rows
    assert write_pb(back, selected=["A-1", "C3"], rule="greedy") == text


def test_cumulative_points_survive_the_round_trip() -> None:
    e = Election.from_ballots("10.5", [("x", 4), ("y", "6.25")], [["x", "y"], ["y"]],
                              vote_type="cumulative", points=[[2, Fraction(1, 2)], [3]])
    back = parse_pb(write_pb(e))
    assert back.points == [2, Fraction(1, 2), 3]
    assert back.budget == Fraction("10.5")
    assert back.projects[1].cost == Fraction("6.25")


def test_numbers_are_written_exactly() -> None:
    assert format_decimal(Fraction(1555905)) == "1555905"
    assert format_decimal(Fraction("1555905.71")) == "1555905.71"
    assert format_decimal(Fraction(1, 8)) == "0.125"


def published_election() -> Election:
    projects = [
        Project("1", Fraction(300), {"name": "Puisto"}),
        Project("2", Fraction(500), {"name": 'Kirjasto; "uusi"'}),
        Project("3", Fraction(400), {}),
        Project("4", Fraction(250), {"name": "Penkit"}),
    ]
    ballots = [["1", "2"], ["2"], ["3", "1"], ["1"], ["4", "2", "1"], ["3"]]
    meta = {"description": "Osallistuva budjetointi, testi", "country": "Finland",
            "unit": "Tampere", "instance": "2026", "rule": "greedy",
            "date_begin": "01.03.2026", "date_end": "15.03.2026", "language": "fi",
            "currency": "EUR"}
    return Election.from_ballots(1000, projects, ballots, meta=meta)


@pytest.mark.parametrize(
    ("rule", "completion", "meta_rule"),
    [("greedy", "none", "greedy"), ("mes", "none", "equalshares"),
     ("mes", "add1-greedy", "unknown")],
)
def test_published_ballots_pass_the_pabulib_checker(rule: str, completion: str,
                                                    meta_rule: str) -> None:
    e = published_election()
    outcome = count(e, rule, "cost", completion)
    text = write_pb(e, selected=outcome.selected, rule=meta_rule)
    report = Checker().process_files([text])
    results = [v for k, v in report.items() if k not in ("metadata", "summary")]
    assert len(results) == 1
    found = results[0]["results"]
    assert report["metadata"] == {"processed": 1, "valid": 1, "invalid": 0}
    assert found["errors"] == {}
    # The checker recomputes greedy and equal shares itself and agrees with our outcome.
    allowed = {"rule validation skipped"} if meta_rule == "unknown" else set()
    assert set(found["warnings"]) <= allowed


def test_rows_shorter_than_the_header_are_padded_with_empty_fields() -> None:
    e = parse_pb(GOOD.replace("v3;C3,A-1;\n", "v3;C3,A-1\n"))
    assert e.ballot(2) == ["C3", "A-1"]
    assert e.voter_rows[2] == ("",)


def test_empty_votes_are_ballots_too() -> None:
    e = parse_pb(GOOD.replace("v2;B/2;51", "v2;;51"))
    assert e.n_voters == 4
    assert e.ballot(1) == []


def test_a_section_inside_votes_is_an_error() -> None:
    err = lines_with_error(GOOD + "PROJECTS\n")
    assert err.line == 25
    assert "PROJECTS" in str(err)


def test_cumulative_votes_need_a_points_column() -> None:
    err = lines_with_error(GOOD.replace("vote_type;approval", "vote_type;cumulative"))
    assert err.line == 20
    assert "points" in str(err)


def test_ordinal_votes_keep_the_ranking() -> None:
    e = parse_pb(GOOD.replace("vote_type;approval", "vote_type;ordinal"))
    assert e.ballot(2) == ["C3", "A-1"]


def test_decimals_are_parsed_exactly_or_refused() -> None:
    assert parse_decimal("1555905.71") == Fraction(155590571, 100)
    assert parse_decimal(" 12,5 ") == Fraction(25, 2)
    assert parse_decimal(".5") == Fraction(1, 2)
    for bad in ("", "-3", "1e6", "1.5M", "1.2.3", "nan"):
        assert parse_decimal(bad) is None


def test_a_value_without_an_exact_decimal_cannot_be_written() -> None:
    with pytest.raises(ValueError):
        format_decimal(Fraction(1, 3))
    e = Election.from_ballots(10, [("a", Fraction(10, 3))], [["a"]])
    with pytest.raises(TallyError, match="cost of project 'a'"):
        write_pb(e)


def test_votes_and_selected_columns_given_by_the_caller_are_accepted() -> None:
    projects = [Project("1", Fraction(300), {"name": "Puisto", "votes": "99", "selected": "1"}),
                Project("2", Fraction(500), {"name": "Kirjasto", "votes": "0", "selected": "0"})]
    e = Election.from_ballots(600, projects, [["1"], ["1", "2"], ["2"]])
    kept = parse_pb(write_pb(e))
    assert [p.fields["votes"] for p in kept.projects] == ["2", "2"]  # counted from the ballots
    assert [p.fields["selected"] for p in kept.projects] == ["1", "0"]  # as given
    recounted = parse_pb(write_pb(e, selected=["2"]))
    assert [p.fields["selected"] for p in recounted.projects] == ["0", "1"]
    with pytest.raises(TallyError, match="unknown selected"):
        write_pb(e, selected=["3"])


def test_building_an_election_checks_its_data() -> None:
    with pytest.raises(TallyError, match="unknown project"):
        Election.from_ballots(10, [("a", 1)], [["b"]])
    with pytest.raises(TallyError, match="twice"):
        Election.from_ballots(10, [("a", 1)], [["a", "a"]])
    with pytest.raises(TallyError, match="duplicate"):
        Election.from_ballots(10, [("a", 1), ("a", 2)], [])
    with pytest.raises(TallyError, match="negative"):
        Election.from_ballots(10, [("a", -1)], [])
    with pytest.raises(TallyError, match="budget"):
        Election.from_ballots(-1, [("a", 1)], [])


REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")


@pytest.mark.parametrize("path", sorted(DATA.glob("*.pb")), ids=lambda p: p.stem)
def test_every_shared_file_survives_a_write_and_read(path: Path) -> None:
    e = read_pb(path)
    back = parse_pb(write_pb(e))
    assert back.budget == e.budget and back.vote_type == e.vote_type
    assert [(p.id, p.cost) for p in back.projects] == [(p.id, p.cost) for p in e.projects]
    assert (back.ptr == e.ptr).all() and (back.items == e.items).all()
    assert back.points == e.points
    assert back.voter_ids == e.voter_ids
    assert back.voter_rows == e.voter_rows


# ------------------------------------------------------------ broken files for `pb import`


@pytest.mark.parametrize(("broken", "line", "words"), [
    # sections
    (GOOD.replace("PROJECTS\n", ""), 14, ["META row"]),
    (GOOD.replace("VOTES\n", ""), 19, ["cost", "'vote'"]),
    (GOOD.replace("key;value\n", ""), 2, ["key;value"]),
    (GOOD.replace("project_id;cost;votes;name", "id;cost;votes;name"), 15, ["project_id"]),
    (GOOD.replace("project_id;cost;votes;name", "project_id;price;votes;name"), 15, ["cost"]),
    (GOOD.replace("voter_id;vote;age", "voter_id;ballot;age"), 20, ["'vote'"]),
    (GOOD.replace("voter_id;vote;age", "voter_id;vote;vote"), 20, ["twice"]),
    (GOOD.replace("instance;2026", "instance"), 6, ["key;value"]),
    (GOOD.replace("country;Finland", "unit;Finland"), 5, ["'unit'", "twice"]),
    (GOOD + "META\n", 25, ["out of place"]),
    ("", 1, ["META"]),
    # projects
    (GOOD.replace("B/2;500000.50;2", "A-1;500000.50;2"), 17, ["'A-1'", "twice"]),
    (GOOD.replace("B/2;500000.50;2", ";500000.50;2"), 17, ["project_id"]),
    (GOOD.replace("B/2;500000.50;2", "B/2;500 000;2"), 17, ["cost", "'500 000'"]),
    (GOOD.replace("B/2;500000.50;2", "B/2;;2"), 17, ["cost"]),
    (GOOD.replace("B/2;500000.50;2", "B/2;1e6;2"), 17, ["cost", "'1e6'"]),
    # votes
    (GOOD.replace("v3;C3,A-1;", "v1;C3,A-1;"), 23, ["'v1'", "line 21"]),
    (GOOD.replace("v3;C3,A-1;", ";C3,A-1;"), 23, ["voter_id"]),
    (GOOD.replace("v3;C3,A-1;", "v3;C3,D4;"), 23, ["'D4'", "'v3'"]),
    (GOOD.replace("v3;C3,A-1;", "v3;C3;A-1;x"), 23, ["fields"]),
])
def test_a_broken_file_is_refused_naming_the_line(broken: str, line: int,
                                                  words: list[str]) -> None:
    err = lines_with_error(broken)
    assert err.line == line, str(err)
    assert str(err).startswith(f"line {line}: ")
    for word in words:
        assert word in str(err)


def test_points_that_are_not_numbers_name_their_line() -> None:
    text = (GOOD.replace("vote_type;approval", "vote_type;cumulative")
            .replace("voter_id;vote;age", "voter_id;vote;points")
            .replace("v1;A-1,B/2;34", "v1;A-1,B/2;3,x"))
    err = lines_with_error(text)
    assert err.line == 21 and "points" in str(err) and "'x'" in str(err)


@pytest.mark.parametrize(("rule", "utility", "completion", "threshold", "meta_rule"), [
    ("greedy", "cost", "none", None, "greedy"),
    ("greedy", "cost", "none", 2, "greedy-threshold"),
    ("mes", "cost", "none", None, "equalshares"),
    ("mes", "cost", "greedy", None, "unknown"),
    ("mes", "cost", "add1-greedy", None, "unknown"),
    ("mes", "cardinality", "none", None, "unknown"),
])
def test_meta_rule_of_a_published_file_passes_the_checker(rule: str, utility: str,
                                                          completion: str, threshold: int | None,
                                                          meta_rule: str) -> None:
    e = published_election()
    if threshold is not None:
        e.meta["min_project_score_threshold"] = str(threshold)
    assert pabulib_rule(rule, utility, completion, threshold is not None) == meta_rule
    outcome = count(e, rule, utility, completion, threshold_votes=threshold)
    text = write_pb(e, selected=outcome.selected, rule=meta_rule)
    report = Checker().process_files([text])
    found = next(v for k, v in report.items() if k not in ("metadata", "summary"))["results"]
    assert report["metadata"] == {"processed": 1, "valid": 1, "invalid": 0}
    assert found["errors"] == {}
    written = parse_pb(text)
    assert [p.fields["selected"] for p in written.projects] == [
        "1" if p.id in outcome.selected else "0" for p in e.projects]
    assert [int(p.fields["votes"]) for p in written.projects] == e.vote_counts()
