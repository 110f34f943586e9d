"""The production-like stack a benchmark starts itself: a PostgreSQL database of its own
(created and dropped), Redis for the rate limits, gunicorn with ``YHDESSA_ENV=production``
(one or more instances on their own ports) and the bare Flask "hello" beside it."""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
from psycopg import sql

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PYTHON = Path(sys.executable)
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_DB = 5
SECRET = "bench-secret-key-" + "x" * 40
WORKER_SETTINGS = {  # for 2 cores
    "sync": ["-k", "sync", "-w", "4"],
    "gthread": ["-k", "gthread", "-w", "2", "--threads", "8"],
    "gevent": ["-k", "gevent", "-w", "2", "--worker-connections", "1000"],
}


def database_url(name: str, driver: str = "postgresql") -> str:
    return f"{driver}://postgres@127.0.0.1:5432/{name}"


def connect(name: str) -> psycopg.Connection:
    return psycopg.connect(database_url(name))


def environment(database: str, limits: dict[str, str]) -> dict[str, str]:
    """The app's environment: production settings, this database, Redis db 5, and the rate
    limits set for the test (*limits*: name → value)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YHDESSA_", "DATABASE_"))}
    env.update({
        "YHDESSA_ENV": "production", "SECRET_KEY": SECRET,
        "DATABASE_URL": database_url(database, "postgresql+psycopg"),
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        **limits,
    })
    return env


def reset_database(name: str, create: bool) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def reset_rate_limits() -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    for key in client.scan_iter("LIMITS*"):
        client.delete(key)


def migrate(app_dir: Path, env: dict) -> None:
    subprocess.run([str(PYTHON.parent / "flask"), "--app", "wsgi", "db", "upgrade"],
                   cwd=app_dir, env=env, check=True, capture_output=True)


def run_script(app_dir: Path, env: dict, script: str, *args: object) -> dict:
    """Run *script* (Python source) in the app's directory; its last output line is JSON."""
    done = subprocess.run([str(PYTHON), "-c", script, *map(str, args)], cwd=app_dir, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"setup failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def gunicorn(app_dir: Path, module: str, port: int, worker: str, env: dict,
             chdir: Path | None = None) -> subprocess.Popen:
    command = [str(PYTHON.parent / "gunicorn"), *WORKER_SETTINGS[worker], "--chdir",
               str(chdir or app_dir), "-b", f"127.0.0.1:{port}", "--backlog", "4096",
               "--timeout", "60", "--keep-alive", "5", "--log-level", "warning",
               "--no-control-socket", module]
    return subprocess.Popen(command, cwd=app_dir, env=env, start_new_session=True)


def wait_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not come up")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def servers(app_dir: Path, worker: str, env: dict, ports: list[int],
            hello_ports: list[int] = ()):
    """The app on each of *ports* and the bare "hello" on each of *hello_ports*, started
    and, whatever happens, stopped again. Yields {"app": [pids], "hello": [pids]}."""
    started: list[subprocess.Popen] = []
    try:
        apps = [gunicorn(app_dir, "wsgi:app", port, worker, env) for port in ports]
        started += apps
        hellos = [gunicorn(app_dir, "hello:app", port, worker, env, BENCH)
                  for port in hello_ports]
        started += hellos
        for port in ports:
            wait_up(f"http://127.0.0.1:{port}/healthz")
        for port in hello_ports:
            wait_up(f"http://127.0.0.1:{port}/")
        yield {"app": [p.pid for p in apps], "hello": [p.pid for p in hellos]}
    finally:
        for process in started:
            stop(process)


def cpu_seconds(masters: list[int]) -> float:
    """CPU time used so far by the worker processes of the given gunicorn masters."""
    tick, total, wanted = os.sysconf("SC_CLK_TCK"), 0, set(masters)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) in wanted:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def wait_idle(masters: list[int], limit_s: float = 180) -> float:
    """Wait until the app's workers use less than a tenth of a core (at most *limit_s*);
    the seconds waited."""
    started = time.monotonic()
    used = cpu_seconds(masters)
    while time.monotonic() - started < limit_s:
        time.sleep(1)
        now = cpu_seconds(masters)
        if now - used < 0.1:
            break
        used = now
    return round(time.monotonic() - started, 1)


def database_cpu(name: str) -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL backend serving database *name* (other
    databases on the same server, e.g. other developers' tests, are left out)."""
    tick, found = os.sysconf("SC_CLK_TCK"), {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            title = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if not title.startswith("postgres:") or f" {name} " not in title:
                continue
            fields = (proc / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        found[int(proc.name)] = (int(fields[11]) + int(fields[12])) / tick
    return found


def database_cpu_since(name: str, before: dict[int, float]) -> float:
    """CPU seconds the database's backends used since *before* (database_cpu's answer)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in database_cpu(name).items())


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"
