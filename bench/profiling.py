"""Where a server's time goes: py-spy samples its workers, the hottest frames are kept."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from pathlib import Path

from bench.stack import PYTHON

# Frames every request passes through, which say nothing about where its time goes.
PLUMBING = re.compile(r"\((threading|concurrent/|gunicorn/|flask/app|werkzeug/middleware|"
                      r"sqlalchemy/engine/(base|default)|sqlalchemy/sql/elements)")


def start(pid: int, seconds: float, output: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(PYTHON.parent / "py-spy"), "record", "--pid", str(pid), "--subprocesses",
         "--duration", str(int(seconds)), "--format", "raw", "--nonblocking",
         "--output", str(output)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def hot_frames(spy: subprocess.Popen, output: Path, top: int = 25) -> list[tuple[str, float]]:
    """The functions found in the most samples (inclusive share), by py-spy's raw stacks."""
    spy.wait(timeout=60)
    if not output.exists():
        return []
    seen: dict[str, int] = defaultdict(int)
    total = 0
    for line in output.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        for frame in {re.sub(r":\d+\)$", ")", f) for f in stack.split(";")}:
            seen[frame] += int(count)
    ranked = sorted(((frame, count) for frame, count in seen.items()
                     if not frame.startswith("process ") and not PLUMBING.search(frame)),
                    key=lambda item: -item[1])
    return [(frame, round(count / max(total, 1), 3)) for frame, count in ranked[:top]]
