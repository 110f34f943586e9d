"""Time the explanation of an outcome (app.tally.explain) beside pabutools 1.2.3's analytics.

    .venv/bin/python bench/explain.py [FILE.pb] [--repeat 3] [--sample 3]

Ours: the best of ``--repeat`` runs of ``explain`` for MES with cost utilities (every project's
MES step and effective support), given the outcome; then once, counting included, for
``mes`` + ``cost`` + ``add1-greedy`` (the default rule of new processes) with the comparison
with greedy. pabutools, same MES run: ``method_of_equal_shares(analytics=True)`` and
``calculate_project_loss``, timed whole, and ``calculate_effective_supports``, which runs MES
once a project: timed on ``--sample`` projects and scaled to all of them (the whole takes over
a quarter of an hour on Warszawa 2026; ``--sample 0`` runs it whole). Prints the figures and
the ratio. Default file: Poland_Warszawa_2026.pb of the shared data.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from contextlib import suppress
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pabutools.analysis import mesanalytics  # noqa: E402
from pabutools.election import Cost_Sat, parse_pabulib  # noqa: E402
from pabutools.rules import method_of_equal_shares  # noqa: E402

from app.tally import compare, count, explain, read_pb  # noqa: E402

DATA = Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")


def ours(path: Path, repeat: int) -> dict[str, float]:
    election = read_pb(path)
    outcome = count(election, "mes", "cost")
    best = min(_timed(lambda: explain(election, "mes", "cost", outcome=outcome))
               for _ in range(repeat))
    t0 = time.perf_counter()
    e = read_pb(path)
    o = count(e, "mes", "cost", "add1-greedy")
    t1 = time.perf_counter()
    explain(e, "mes", "cost", "add1-greedy", outcome=o)
    compare(e, "mes", "cost", "add1-greedy", outcome=o)
    t2 = time.perf_counter()
    return {"explain": best, "add1_count": t1 - t0, "add1_explain": t2 - t1}


def pabutools(path: Path, sample: int) -> dict[str, float]:
    instance, profile = parse_pabulib(str(path))
    t0 = time.perf_counter()
    alloc = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, analytics=True)
    with suppress(AttributeError):  # pabutools 1.2.3 stops on the last iteration
        mesanalytics.calculate_project_loss(alloc.details)
    loss = time.perf_counter() - t0
    projects = list(instance)
    chosen = projects if sample <= 0 else sorted(projects, key=lambda p: p.name)[:sample]
    t0 = time.perf_counter()
    for p in chosen:
        mesanalytics.calculate_effective_support(instance, profile, p, p in alloc,
                                                 {"sat_class": Cost_Sat})
    per_project = (time.perf_counter() - t0) / len(chosen)
    return {"loss": loss, "effective": per_project * len(projects),
            "estimated": float(len(chosen) < len(projects))}


def _timed(call) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    call()
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", default=str(DATA / "Poland_Warszawa_2026.pb"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=3)
    args = ap.parse_args()
    path = Path(args.file)
    print(f"{path.name}; {platform.python_version()}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    o = ours(path, args.repeat)
    print(f"ours: explain (MES, cost) {o['explain']:.2f} s; add1-greedy: count "
          f"{o['add1_count']:.2f} s + explain and comparison {o['add1_explain']:.2f} s "
          f"= {o['add1_count'] + o['add1_explain']:.2f} s", flush=True)
    p = pabutools(path, args.sample)
    est = " (estimated from a sample)" if p["estimated"] else ""
    total = p["loss"] + p["effective"]
    print(f"pabutools: MES with analytics + project loss {p['loss']:.2f} s; effective supports "
          f"{p['effective']:.1f} s{est}; together {total:.1f} s")
    print(f"pabutools / ours (MES, cost): {round(total / o['explain'])}x; "
          f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
