"""Latencies, statuses and errors per endpoint, and their summary."""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Endpoint:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    errors: int = 0
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # no answer
    started: float = 0.0
    ended: float = 0.0

    def add(self, started: float, status: int | None, ok: bool, failure: str = "") -> None:
        now = time.perf_counter()
        self.started = self.started or started
        self.ended = now
        self.latencies.append((now - started) * 1000)
        if status is not None:
            self.statuses[status] += 1
        if not ok:
            self.errors += 1
        if failure:
            self.failures[failure] += 1

    def summary(self) -> dict:
        count = len(self.latencies)
        cuts = statistics.quantiles(self.latencies, n=100) if count >= 2 else self.latencies * 99
        span = max(self.ended - self.started, 1e-9)
        return {
            "requests": count, "rps": round(count / span, 1),
            "p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1),
            "p99_ms": round(cuts[98], 1), "errors": self.errors,
            "share_304": round(self.statuses.get(304, 0) / count, 3) if count else 0,
            "statuses": dict(sorted(self.statuses.items())), "failures": dict(self.failures),
        }


class Stats:
    def __init__(self) -> None:
        self.endpoints: dict[str, Endpoint] = defaultdict(Endpoint)

    def count(self, name: str) -> int:
        return len(self.endpoints[name].latencies)

    def summaries(self) -> dict[str, dict]:
        return {name: e.summary() for name, e in sorted(self.endpoints.items()) if e.latencies}
