"""Compare app.tally with pabutools 1.2.3 on random small elections (every rule, every vote type).

    bench/.venv/bin/python bench/crosscheck.py [--elections N] [--seed S]

Needs the bench venv (``make bench-tally`` creates it: pabutools, gmpy2, numpy). Each election
is written as a ``.pb`` text with app.tally's writer, then read by both libraries, so the
reader and writer are checked too. Elections are built to produce ties: few distinct costs,
repeated ballots, projects costing 0 or with no supporters, empty ballots, decimal budgets.
Exit code 1 on any difference.
"""

from __future__ import annotations

import argparse
import random
import sys
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pabutools.election import Cardinality_Sat, Cost_Sat  # noqa: E402
from pabutools.election.pabulib import parse_pabulib_from_string  # noqa: E402
from pabutools.rules import (  # noqa: E402
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from app.tally import Election, Project, count, parse_pb, write_pb  # noqa: E402

SAT = {"cost": Cost_Sat, "cardinality": Cardinality_Sat}


def pabutools_outcome(text: str, rule: str, utility: str, completion: str) -> list[str]:
    instance, profile = parse_pabulib_from_string(text)
    sat = SAT[utility]
    if rule == "greedy":
        alloc = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    elif completion == "none":
        alloc = method_of_equal_shares(instance, profile, sat_class=sat)
    elif completion == "greedy":
        alloc = completion_by_rule_combination(
            instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat}, {"sat_class": Cost_Sat}])
    else:
        alloc = exhaustion_by_budget_increase(instance, profile, method_of_equal_shares,
                                              {"sat_class": sat},
                                              budget_step=profile.num_ballots())
        if completion == "add1-greedy":
            alloc = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat,
                                               initial_budget_allocation=alloc)
    return sorted(p.name for p in alloc)


def random_election(rng: random.Random) -> Election:
    m = rng.randint(1, 7)
    ids = rng.sample(["1", "2", "3", "9", "10", "11", "20", "A", "b", "x/1"], m)
    pool = rng.choice([[10], [10, 20], [5, 10, 15, 30], [Fraction(25, 2), 10, 20],
                       [0, 10, 20], [7, 13, 21], [1, 2, 3, 100]])
    costs = [Fraction(rng.choice(pool)) for _ in ids]
    n = rng.randint(1, 12)
    kinds = [rng.sample(ids, rng.randint(0, m)) for _ in range(rng.randint(1, 4))]
    ballots = [rng.choice(kinds) for _ in range(n)]
    budget = Fraction(rng.randint(0, 80)) + rng.choice([0, 0, Fraction(1, 2), Fraction(3, 100)])
    vote_type = rng.choice(["approval", "approval", "ordinal", "cumulative", "choose-1"])
    if vote_type == "choose-1":
        ballots = [b[:1] for b in ballots]
    if vote_type == "cumulative":  # pabutools cannot read an empty cumulative vote
        ballots = [b or ids[:1] for b in ballots]
    points = [[rng.randint(0, 3) for _ in b] for b in ballots] if vote_type == "cumulative" \
        else None
    meta = {"description": "random", "country": "Finland", "unit": "Testi", "instance": "1",
            "rule": "greedy", "date_begin": "01.01.2026", "date_end": "02.01.2026"}
    projects = [Project(i, c) for i, c in zip(ids, costs, strict=True)]
    return Election.from_ballots(budget, projects, ballots, vote_type=vote_type, meta=meta,
                                 points=points)


COMBOS = [("greedy", u, "none") for u in SAT] + [
    ("mes", u, c) for u in SAT for c in ("none", "greedy", "add1", "add1-greedy")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--elections", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    bad = 0
    for i in range(args.elections):
        text = write_pb(random_election(rng))
        ours_election = parse_pb(text)
        for combo in COMBOS:
            ours = count(ours_election, *combo).selected
            theirs = pabutools_outcome(text, *combo)
            if ours != theirs:
                bad += 1
                print(f"election {i} {combo}: ours {ours} pabutools {theirs}\n{text}")
    print(f"{args.elections} elections x {len(COMBOS)} rules: "
          f"{'all equal' if not bad else f'{bad} differences'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
