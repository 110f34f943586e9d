"""A PostgreSQL and a Redis of a test's own, to stop and start under a running app.

They live in a temporary directory on free ports, never touching the shared servers
(PostgreSQL on 5432, Redis on 6379). PostgreSQL refuses to run as root, so as root
its commands run as the ``postgres`` system user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = max(glob.glob("/usr/lib/postgresql/*/bin"), default="")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnPostgres:
    def __init__(self) -> None:
        if not PG_BIN:
            raise RuntimeError("PostgreSQL's server programs are missing: apt-get install "
                               "postgresql (they are looked for in /usr/lib/postgresql/*/bin)")
        self.root = Path(tempfile.mkdtemp(prefix="yhdessa-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "--no-sync", "-E", "UTF8", "--locale=C")

    def _run(self, program: str, *args: str) -> None:
        command = [f"{PG_BIN}/{program}", *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w",
                  "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with_server = (self.data / "postmaster.pid").exists()
        if with_server:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


class OwnRedis:
    def __init__(self) -> None:
        if not shutil.which("redis-server"):
            raise RuntimeError("redis-server is missing: apt-get install redis-server")
        self.root = Path(tempfile.mkdtemp(prefix="yhdessa-redis-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--daemonize", "yes",
                        "--dir", str(self.root), "--pidfile", str(self.root / "redis.pid"),
                        "--logfile", str(self.root / "redis.log")], check=True, timeout=30)
        self._wait(up=True)

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
                       capture_output=True, timeout=30)
        self._wait(up=False)

    def keys(self) -> int:
        answer = subprocess.run(["redis-cli", "-p", str(self.port), "dbsize"],
                                capture_output=True, text=True, timeout=30)
        return int(answer.stdout.strip() or 0)

    def _wait(self, up: bool) -> None:
        for _ in range(100):
            with socket.socket() as probe:
                listening = probe.connect_ex(("127.0.0.1", self.port)) == 0
            if listening == up:
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis on port {self.port} did not {'start' if up else 'stop'}")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
