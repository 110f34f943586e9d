"""The results file every benchmark writes (bench/results/<name>.json) and its table."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from bench.stack import BENCH, machine

RESULTS = BENCH / "results"


class Clock:
    """When a run started and the machine's load then (other work on the shared cores)."""

    def __init__(self) -> None:
        self.started = datetime.now(UTC)
        self.load = round(os.getloadavg()[0], 1)

    def header(self) -> dict:
        return {"date": self.started.strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
                "load_average": [self.load, round(os.getloadavg()[0], 1)]}


def headline(endpoints: dict[str, dict], seconds: float) -> dict:
    """``p95_ms`` (the worst endpoint's), ``errors`` and ``rps`` over the whole run."""
    return {
        "p95_ms": max((e["p95_ms"] for e in endpoints.values()), default=0),
        "errors": sum(e["errors"] for e in endpoints.values()),
        "rps": round(sum(e["requests"] for e in endpoints.values()) / max(seconds, 1e-9), 1),
    }


def write(name: str, document: dict, out: Path | None = None) -> Path:
    """bench/results/<name>.json; a quick run's go to bench/results/quick/ (not kept in git),
    so that they never replace the figures of a full run."""
    folder = RESULTS / "quick" if document.get("mode") == "quick" else RESULTS
    path = out or folder / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path


def table(title: str, endpoints: dict[str, dict], target_ms: float | None = None) -> str:
    """One line per endpoint: requests, req/s, p50/p95/p99, errors and the share of 304s
    (p95 over *target_ms* is marked with "!")."""
    lines = [f"\n== {title}",
             f"{'endpoint':42} {'requests':>8} {'req/s':>7} {'p50':>7} {'p95':>8} {'p99':>8}"
             f" {'errors':>6} {'304':>5}"]
    for name, e in endpoints.items():
        mark = "!" if target_ms is not None and e["p95_ms"] > target_ms else " "
        lines.append(f"{name:42} {e['requests']:>8} {e['rps']:>7} {e['p50_ms']:>7} "
                     f"{e['p95_ms']:>7}{mark} {e['p99_ms']:>8} {e['errors']:>6} "
                     f"{e['share_304']:>5.0%}")
    return "\n".join(lines)
