"""Record pabutools 1.2.3's MES analytics on the slow Pabulib files, for the explanation tests.

    .venv/bin/python bench/explain_record.py [--files SUBSTR ...] [--configs CONFIG ...]

For each file and config (``cost`` and ``cardinality``: MES at the file's budget;
``cost-add1``: MES with cost utilities at the budget where our Add1 stops, which equals
pabutools' Add1 wherever pabutools finishes it) this runs pabutools' own functions,
``method_of_equal_shares(..., analytics=True)``, ``calculate_project_loss`` (each loss collected
as it is made: pabutools stops with an AttributeError on the last iteration) and
``calculate_effective_supports(final_budget=the run's budget)``, and stores what they return,
with their times, in ``tests/tally/data/pabutools_explanations.json`` (one entry per file and
config, written as soon as it is done, so a long run can be stopped and resumed: done entries
are skipped). Files where pabutools is quick are compared live in the tests instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.tally import count, read_pb  # noqa: E402
from tests.tally.pabutools_explain import pabutools_explanations  # noqa: E402

DATA = Path(os.environ.get("PABULIB_DIR") or REPO.parent / "shared" / "data" / "pabulib")
FIXTURE = REPO / "tests" / "tally" / "data" / "pabutools_explanations.json"
# The files the tests do not run pabutools on live, cheapest first.
SLOW_FILES = [
    "Poland_Krakow_2023_Pradnik_Czerwony.pb", "Poland_Katowice_2023.pb",
    "Poland_Warszawa_2023_Mokotow.pb", "Poland_Warszawa_2026.pb", "Poland_Krakow_2024.pb",
    "Poland_Lodz_2022.pb",
]
CONFIGS = {"cost": ("cost", "none"), "cardinality": ("cardinality", "none"),
           "cost-add1": ("cost", "add1")}


def load() -> dict:
    if FIXTURE.is_file():
        return json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {"made_by": "bench/explain_record.py", "entries": {}}


def save(data: dict) -> None:
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", nargs="*", default=SLOW_FILES)
    ap.add_argument("--configs", nargs="*", default=list(CONFIGS), choices=list(CONFIGS))
    ap.add_argument("--refresh-losses", action="store_true",
                    help="recompute only the project losses of the entries already recorded")
    args = ap.parse_args()
    data = load()
    if args.refresh_losses:
        for key, entry in data["entries"].items():
            name = key.split()[0]
            fresh = pabutools_explanations(str(DATA / name), entry["utility"],
                                           final_budget=Fraction(entry["mes_budget"]),
                                           effective_supports=False)
            entry.update({k: fresh[k] for k in ("selected", "project_loss",
                                                "project_loss_complete")})
            entry["seconds"].update(fresh["seconds"])
            print(f"{key}: project losses recomputed", flush=True)
        save(data)
        return 0
    # Every config of the four cheaper files first, then the two largest.
    jobs = sorted(((name, config) for name in args.files for config in args.configs),
                  key=lambda job: (args.files.index(job[0]) >= 4, list(CONFIGS).index(job[1]),
                                   args.files.index(job[0])))
    for name, config in jobs:
        key = f"{name} {config}"
        if key in data["entries"]:
            continue
        utility, completion = CONFIGS[config]
        final_budget = None
        if completion == "add1":
            final_budget = count(read_pb(DATA / name), "mes", utility, "add1").mes_budget
        print(f"{key} ...", flush=True)
        t0 = time.perf_counter()
        entry = pabutools_explanations(str(DATA / name), utility, completion, final_budget)
        entry["recorded"] = (f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
                             f"Python {platform.python_version()}, {os.cpu_count()} cores")
        data = load()  # another run may have added entries meanwhile
        data["entries"][key] = entry
        save(data)
        print(f"{key}: {time.perf_counter() - t0:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
