"""An unchanged poll answered by the layer before Flask (app/core/unchanged_polls.py), with
its version query on the layer's own connection (app/core/direct_reads.py) and through the
ORM's pool, against the same poll answered by Flask, in one process, interleaved, on
PostgreSQL with the production settings: the app's CPU per request, without gunicorn or a
network in between.

    .venv/bin/python bench/unchanged_polls.py

(PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379, as for the load benchmarks.)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import stack  # noqa: E402
from bench.load_workshop import SEED  # noqa: E402

DB_NAME = "bench_unchanged_polls"
POLLS, ROUNDS = 500, 8


def main() -> None:
    env = stack.environment(DB_NAME, {})
    stack.reset_database(DB_NAME, create=True)
    try:
        stack.migrate(stack.REPO, env)
        world = stack.run_script(stack.REPO, env, SEED, 20, 40, "1")
        os.environ.update(env)
        from werkzeug.test import Client

        from app import create_app
        from app.core.live import read_versions
        from app.core.unchanged_polls import UnchangedPolls

        application = create_app()
        layer = application.wsgi_app
        through_pool = UnchangedPolls(application)
        through_pool.next, through_pool.read = layer.next, read_versions
        clients = {"before Flask, own connection": Client(layer),
                   "before Flask, ORM's pool": Client(through_pool),
                   "through Flask": Client(layer.next)}
        url = f"/p/{world['session']}/themes/{world['themes'][0]}"
        for client in clients.values():
            client.set_cookie(world["cookie"], world["cookies"][0], domain="localhost")
        tag = clients["through Flask"].get(url, headers={"HX-Request": "true"}).headers["ETag"]

        def cpu_ms(name: str) -> float:
            client, started = clients[name], time.process_time()
            for _ in range(POLLS):
                answer = client.get(url, headers={"HX-Request": "true", "If-None-Match": tag})
                assert answer.status_code == 304, answer.status_code
            return (time.process_time() - started) * 1000 / POLLS

        for name in clients:  # warm up
            cpu_ms(name)
        measured: dict[str, list[float]] = {name: [] for name in clients}
        for _ in range(ROUNDS):
            for name in clients:
                measured[name].append(cpu_ms(name))
        for name, values in measured.items():
            print(f"{name:29} median {statistics.median(values):.2f} ms, best "
                  f"{min(values):.2f} ms of CPU per unchanged poll ({ROUNDS} × {POLLS})")
    finally:
        stack.reset_database(DB_NAME, create=False)


if __name__ == "__main__":
    main()
