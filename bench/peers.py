"""Time the peers on one Pabulib file; runs in the bench venv (pabutools 1.2.3, muoblpbindings).

    python bench/peers.py pabutools FILE [--timeout S]   # every rule, one process
    python bench/peers.py muoblp FILE RULE                # one call: mes_cost, mes_card, add1

Prints one JSON object. pabutools calls are exactly those of the data's ``reference.py``;
``mes_cost_add1_greedy`` is greedy after the Add1 outcome and its time includes Add1's. A rule
that runs past ``--timeout`` seconds is recorded as a timeout. muoblpbindings gets the
approval profile with utilities (the cost, or 1) and is timed around the call only.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class RuleTimeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise RuleTimeout


def pabutools_rules(path: str, timeout: int) -> dict[str, Any]:
    from pabutools.election import Cardinality_Sat, Cost_Sat, parse_pabulib
    from pabutools.rules import (
        completion_by_rule_combination,
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    t0 = time.perf_counter()
    instance, profile = parse_pabulib(path)
    out: dict[str, Any] = {"parse": time.perf_counter() - t0, "rules": {}}
    n = profile.num_ballots()
    calls = {
        "greedy_cost": lambda: greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat),
        "greedy_card": lambda: greedy_utilitarian_welfare(instance, profile,
                                                          sat_class=Cardinality_Sat),
        "mes_cost": lambda: method_of_equal_shares(instance, profile, sat_class=Cost_Sat),
        "mes_card": lambda: method_of_equal_shares(instance, profile, sat_class=Cardinality_Sat),
        "mes_cost_greedy": lambda: completion_by_rule_combination(
            instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat}, {"sat_class": Cost_Sat}]),
        "mes_cost_add1": lambda: exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, {"sat_class": Cost_Sat}, budget_step=n),
    }
    signal.signal(signal.SIGALRM, _alarm)
    add1 = None
    for rule, call in calls.items():
        signal.alarm(timeout)
        t0 = time.perf_counter()
        try:
            alloc = call()
            seconds = time.perf_counter() - t0
        except RuleTimeout:
            out["rules"][rule] = {"seconds": time.perf_counter() - t0, "selected": None,
                                  "timeout": True}
            continue
        finally:
            signal.alarm(0)
        out["rules"][rule] = {"seconds": seconds, "selected": sorted(p.name for p in alloc),
                              "timeout": False}
        if rule == "mes_cost_add1":
            add1 = alloc
    if add1 is None:
        out["rules"]["mes_cost_add1_greedy"] = {**out["rules"]["mes_cost_add1"]}
    else:
        t0 = time.perf_counter()
        alloc = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat,
                                           initial_budget_allocation=add1)
        seconds = time.perf_counter() - t0 + out["rules"]["mes_cost_add1"]["seconds"]
        out["rules"]["mes_cost_add1_greedy"] = {
            "seconds": seconds, "selected": sorted(p.name for p in alloc), "timeout": False}
    return out


def muoblp_rule(path: str, rule: str) -> dict[str, Any]:
    from muoblpbindings import equal_shares_add1, equal_shares_utils

    from app.tally import read_pb

    e = read_pb(path)
    sup = e.supporters()
    unit = 1
    while any((p.cost * unit).denominator != 1 for p in e.projects):
        unit *= 10  # utilities must be integers; scaling them all changes nothing
    voters = [str(i) for i in range(e.n_voters)]
    cost = {p.id: float(p.cost) for p in e.projects}
    util = {p.id: int(p.cost * unit) if rule != "mes_card" else 1 for p in e.projects}
    approvals = {p.id: [(str(v), util[p.id]) for v in s.tolist()]
                 for p, s in zip(e.projects, sup, strict=True)}
    total = {p.id: util[p.id] * len(s) for p, s in zip(e.projects, sup, strict=True)}
    call = equal_shares_add1 if rule == "mes_cost_add1" else equal_shares_utils
    t0 = time.perf_counter()
    selected = call(voters, e.project_ids, cost, approvals, total, float(e.budget))
    return {"seconds": time.perf_counter() - t0, "selected": sorted(selected)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("peer", choices=["pabutools", "muoblp"])
    ap.add_argument("file")
    ap.add_argument("rule", nargs="?")
    ap.add_argument("--timeout", type=int, default=300)
    args = ap.parse_args()
    if args.peer == "pabutools":
        result = pabutools_rules(args.file, args.timeout)
    else:
        result = muoblp_rule(args.file, args.rule)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
