"""The targets of issue 11 beside the latest full results, as Markdown for bench/README.md:
``.venv/bin/python bench/targets.py [--quick]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import RESULTS  # noqa: E402


def _row(target: str, result: str, met: bool | None) -> str:
    verdict = "not shown by this run" if met is None else "met" if met else "**missed**"
    return f"| {target} | {result} | {verdict} |"


def _worst(endpoints: dict, names: list[str]) -> tuple[str, dict]:
    name = max(names, key=lambda n: endpoints[n]["p95_ms"])
    return name, endpoints[name]


def workshop(doc: dict) -> list[str]:
    run = doc["runs"][-1]
    e, cap = run["endpoints"], next(iter(run["capacity"].values()))
    scenario = [n for n in e if "capacity" not in n and not n.startswith(("vote", "poll vote",
                                                                           "poll round"))]
    vote = [n for n in e if n.startswith(("vote", "poll vote"))]
    name, worst = _worst(e, scenario)
    vname, vworst = _worst(e, vote)
    errors = sum(e[n]["errors"] for n in scenario)
    verrors = sum(e[n]["errors"] for n in vote)
    sub, bal = run["submissions"], run["ballots"]
    people = doc["plan"]["participants"]
    return [
        "| target | result | |", "|---|---|---|",
        _row(f"all {people} join within {doc['plan']['join_s']:.0f} s, 0 errors",
             f"{e['join']['requests']} joins, {e['join']['errors']} errors, join p95 "
             f"{e['join']['p95_ms']:,.0f} ms", e["join"]["errors"] == 0
             and e["join"]["requests"] == people and e["join"]["p95_ms"] < 200),
        _row("p95 < 200 ms for every endpoint, 0 errors (joins, polls, saves, submissions)",
             f"worst: {name} p95 {worst['p95_ms']:,.0f} ms; {errors} errors",
             worst["p95_ms"] < 200 and errors == 0),
        _row("poll >= 0.5x bare Flask when nothing changes",
             f"{cap['poll_quiet_rps']} req/s, hello {cap['hello_rps']} req/s: "
             f"{cap['poll_quiet_vs_hello']}x (p95 {cap['poll_quiet_p95_ms']:,.0f} ms)",
             cap["poll_quiet_vs_hello"] >= 0.5),
        _row("poll >= 700 req/s with p95 < 200 ms while groups save",
             f"{cap['poll_busy_rps']} req/s, p95 {cap['poll_busy_p95_ms']:,.0f} ms "
             f"({cap['poll_busy_share_304']:.0%} answered 304)",
             cap["poll_busy_rps"] >= 700 and cap["poll_busy_p95_ms"] < 200),
        _row("every submission stored exactly once",
             f"{sub['stored']} stored ({sub['accepted']} answered), each once: "
             f"{sub['exactly_once']}, complete in the combined list: {sub['places_complete']}",
             sub["exactly_once"] and sub["places_complete"]),
        _row(f"{people}-ballot dot vote within {doc['plan']['vote_s']:.0f} s, p95 < 200 ms, "
             "0 errors",
             f"last answer after {bal.get('last_answer_after_s', '?')} s; worst: {vname} p95 "
             f"{vworst['p95_ms']:,.0f} ms; {verrors} errors",
             vworst["p95_ms"] < 200 and verrors == 0
             and bal.get("last_answer_after_s", 1e9) <= doc["plan"]["vote_s"] + 1),
        _row("every ballot stored exactly once, none over K",
             f"{bal['stored']} stored ({bal['accepted']} whole ballots answered, each stored "
             f"as cast: {bal['stored_as_cast']}; {bal['stored_unanswered']} stored after the "
             f"phone gave up), one per participant: {bal['one_per_participant']}, over K or "
             f"M: {bal['over_limits']}; {bal['tappers']} tapped + K+1 times at once, "
             f"{bal['tappers_exactly_k']} of them hold exactly K",
             bal["one_per_participant"] and bal["over_limits"] == 0
             and bal["stored_as_cast"] == bal["accepted"]),
    ]


def two_servers(doc: dict) -> list[str]:
    run = doc["runs"][-1]
    one, two = run["capacity"]["1 instance"], run["capacity"]["2 instances"]
    lines = ["| capacity probe | 1 instance | 2 instances | growth |", "|---|---|---|---|"]
    for key, label in (("hello_rps", "bare hello, req/s"),
                       ("poll_quiet_rps", "poll, nothing changes, req/s"),
                       ("poll_busy_rps", "poll while groups save, req/s")):
        lines.append(f"| {label} | {one[key]} | {two[key]} | {two[key] / one[key]:.2f}x |")
    for key, label in (("poll_quiet_p95_ms", "poll, nothing changes, p95 ms"),
                       ("poll_busy_p95_ms", "poll while groups save, p95 ms")):
        lines.append(f"| {label} | {one[key]:,.0f} | {two[key]:,.0f} | |")
    return lines


def budget(doc: dict) -> list[str]:
    e, b, plan = doc["endpoints"], doc["ballots"], doc["plan"]
    steps = [n for n in e if not n.startswith("view")]
    views = [n for n in e if n.startswith("view")]
    name, worst = _worst(e, steps)
    vname, vworst = _worst(e, views)
    errors = sum(x["errors"] for x in e.values())
    cast = b["accepted"] > 0  # with no ballot answered, "none lost" proves nothing
    return [
        "| target | result | |", "|---|---|---|",
        _row(f"{plan['ballots_per_s']:.0f} ballots/s for {plan['seconds']:.0f} s",
             f"{doc['ballots_cast_per_s']} ballots/s cast and answered "
             f"({b['accepted']} of {plan['ballots_per_s'] * plan['seconds']:,.0f})",
             doc["ballots_cast_per_s"] >= plan["ballots_per_s"] * 0.98),
        _row("p95 < 300 ms per step", f"worst: {name} p95 {worst['p95_ms']:,.0f} ms",
             worst["p95_ms"] < 300),
        _row(f"{plan['views_per_s']:.0f} public views/s beside them (p95 < 300 ms)",
             f"worst: {vname} p95 {vworst['p95_ms']:,.0f} ms", vworst["p95_ms"] < 300),
        _row("0 errors", f"{errors}", errors == 0),
        _row("0 lost or double ballots",
             f"lost {b['lost']}, double {b['double']}; stored as cast {b['stored_as_cast']} "
             f"of {b['accepted']}; {b['stored']} stored",
             (b["lost"] == 0 and b["double"] == 0) if cast else None),
        _row("no ballot over its area's budget", f"{b['over_budget']} over",
             b["over_budget"] == 0 if cast else None),
        _row("count the process and report the time",
             f"{doc['count']['ballots']} ballots counted in {doc['count']['seconds']} s "
             f"({doc['count']['state']})", doc["count"]["state"] == "done" if cast else None),
    ]


def endpoints(doc: dict) -> list[str]:
    """Every endpoint of the run (the last worker class's), as a Markdown table."""
    rows = doc["runs"][-1]["endpoints"] if "runs" in doc else doc["endpoints"]
    lines = ["| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors | 304 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, e in rows.items():
        lines.append(f"| {name} | {e['requests']:,} | {e['rps']} | {e['p50_ms']:,.0f} | "
                     f"{e['p95_ms']:,.0f} | {e['p99_ms']:,.0f} | {e['errors']} | "
                     f"{e['share_304']:.0%} |")
    return lines


def profiles(doc: dict, top: int = 12) -> list[str]:
    run = doc["runs"][-1] if "runs" in doc else doc
    lines = []
    for key in ("profile_quiet_poll", "profile_busy_poll", "profile_dot_vote", "profile"):
        if run.get(key):
            lines += [f"\n{key} (py-spy, share of the samples that pass through each):\n", "```"]
            lines += [f"{share:6.1%}  {frame}" for frame, share in run[key][:top]]
            lines.append("```")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="read bench/results/quick/")
    parser.add_argument("--details", action="store_true",
                        help="every endpoint and the profiles too")
    args = parser.parse_args()
    folder = RESULTS / "quick" if args.quick else RESULTS
    for name, make in (("load_workshop", workshop), ("load_workshop_repeat", workshop),
                       ("load_workshop_before_shared_renders", workshop),
                       ("load_workshop_1000", workshop),
                       ("load_workshop_unchanged_polls", workshop),
                       ("load_workshop_profiled", workshop), ("load_workshop_500", workshop),
                       ("load_workshop_before_unchanged_polls", workshop),
                       ("load_workshop_two_servers", two_servers), ("load_budget", budget),
                       ("load_budget_quick", budget)):
        path = folder / f"{name}.json"
        if not path.exists():
            continue
        doc = json.loads(path.read_text())
        print(f"\n{name}: {doc['date']}, {doc['mode']}, load average "
              f"{doc['load_average'][0]} -> {doc['load_average'][1]}\n")
        print("\n".join(make(doc)))
        if args.details:
            print("\n" + "\n".join(endpoints(doc)))
            print("\n".join(profiles(doc)))


if __name__ == "__main__":
    main()
