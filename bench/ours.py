"""Time app.tally on one file and rule: ``python bench/ours.py FILE RULE [--repeat 3]``.

Each repetition reads the file and counts; prints one JSON object with the best total
(parse + count), the best parse and best count times, the outcome and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.tally import count, read_pb  # noqa: E402
from app.tally.counting import REFERENCE_RULES as RULES  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("rule", choices=RULES)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    totals, parses, counts = [], [], []
    outcome = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        election = read_pb(args.file)
        t1 = time.perf_counter()
        outcome = count(election, *RULES[args.rule])
        t2 = time.perf_counter()
        totals.append(t2 - t0)
        parses.append(t1 - t0)
        counts.append(t2 - t1)
    assert outcome is not None
    print(json.dumps({
        "seconds": min(totals), "parse": min(parses), "count": min(counts),
        "selected": outcome.selected, "cost": str(outcome.cost),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
