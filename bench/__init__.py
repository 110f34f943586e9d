"""Load benchmarks on a production-like stack started by the scripts themselves.

Shared parts: :mod:`bench.stack` (PostgreSQL database, Redis, gunicorn start and stop),
:mod:`bench.client` (simulated browsers over loopback), :mod:`bench.stats` (latencies per
endpoint) and :mod:`bench.report` (the results JSON and the printed table).
"""
