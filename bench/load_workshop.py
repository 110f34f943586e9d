"""Load test of a live workshop on a production-like stack, started by this script.

    .venv/bin/python bench/load_workshop.py [--quick] [--workers sync,gthread,gevent]

For each gunicorn worker class: a fresh PostgreSQL database (``bench_workshop``, dropped
at the end), migrations, a workshop with 3 themes and G groups, then gunicorn with
``YHDESSA_ENV=production``, Redis db 5 for the rate limits (set for the test through the
environment) and, on the same settings, a bare Flask "hello" (bench/hello.py). The load
comes from this process (asyncio + httpx) over loopback only, from five source addresses
127.0.0.2-6 as a venue network would look, bounded in count and time:

1. P participants join through the join pages within the join window; each then polls its
   group page every 3 s with If-None-Match, as htmx does; the facilitator's dashboard and
   the projector (groups' lists and combined list) poll every 2 s;
2. every group types: saves of its places spread over the save window (theme 1, and
   theme 2 for half of the groups), then 1.5 submissions per group within the submit window;
3. capacity, closed loop with 32 connections: the bare "hello", the group page's poll
   when nothing changes (304s), and the poll while groups save (theme 3);
4. every submission is checked to be stored exactly once, with its places in the
   combined list.

It prints a table per worker class and writes bench/results/load_workshop.json (the last
class's figures at the top, every class under "runs"). ``--profile`` samples the app's
workers with py-spy while they serve the busy poll (step 3) and adds where the time goes.
``--app-dir`` runs another checkout (e.g. main's, for a before/after comparison);
``--seeded-joins`` creates the participants in the seed step instead of the join pages
(for code whose join limits cannot be raised from the environment).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path

import httpx
import psycopg
from psycopg import sql

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PYTHON = Path(sys.executable)
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "bench_workshop"
APP_PORT, HELLO_PORT = 8711, 8712
SOURCES = [f"127.0.0.{n}" for n in range(2, 7)]
SECRET = "bench-secret-key-" + "x" * 40
TIMEOUT = 15  # seconds a simulated phone waits for an answer
WORKER_SETTINGS = {  # for 2 cores
    "sync": ["-k", "sync", "-w", "4"],
    "gthread": ["-k", "gthread", "-w", "2", "--threads", "8"],
    "gevent": ["-k", "gevent", "-w", "2", "--worker-connections", "1000"],
}
CSRF_RE = re.compile(r'csrf_token" type="hidden" value="([^"]+)"')


@dataclass(frozen=True)
class Plan:
    participants: int
    groups: int
    join_s: float
    save_s: float
    submit_s: float
    probe_s: float
    probe_connections: int = 32


FULL = Plan(participants=2000, groups=200, join_s=100, save_s=60, submit_s=30, probe_s=15)
QUICK = Plan(participants=300, groups=30, join_s=15, save_s=12, submit_s=6, probe_s=5)

SEED = r"""
import json, sys
from app import create_app
from app.auth.services import create_user
from app.core.tokens import sign
from app.extensions import db
from app.organisations.models import Level, Role
from app.organisations.services import add_membership, create_organisation
from app.sessions.access import GUEST_PURPOSE, guest_cookie_name
from app.sessions.models import Affiliation, Group, SessionKind, Stage, Theme
from app.sessions.services import create_session, join_session

groups, participants, seeded = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
app = create_app()
with app.app_context():
    org = create_organisation("Benchmark", "bench", Level.REGION)
    user = create_user("fasi@bench.invalid", "Fasi", "bench-password-1234")
    add_membership(None, org, user, Role.FACILITATOR)
    session = create_session(org, user, "Maakuntatyöpaja", SessionKind.WORKSHOP)
    themes = [Theme(session_id=session.id, title=f"Teema {n}", position=n, is_current=n == 0)
              for n in range(3)]
    rows = [Group(session_id=session.id, name=f"Ryhmä {n}", position=n)
            for n in range(1, groups + 1)]
    db.session.add_all(themes + rows)
    session.stage = Stage.OPEN
    db.session.flush()
    cookies = []
    if seeded:
        for n in range(participants):
            _, token = join_session(session, f"Osallistuja {n}", Affiliation.RESIDENT,
                                    rows[n % groups])
            cookies.append(sign(token, GUEST_PURPOSE))
    db.session.commit()
    print(json.dumps({"session": session.id, "code": session.join_code,
                      "themes": [t.id for t in themes], "groups": [g.id for g in rows],
                      "cookie": guest_cookie_name(session.id), "cookies": cookies}))
"""


# --- measurements -------------------------------------------------------------


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


class NoCookies(DefaultCookiePolicy):
    """Cookies are kept per simulated person (below), never in the shared client."""

    def set_ok(self, cookie, request):
        return False


class Person:
    """One browser: its own cookies (secure ones too: the stack runs without TLS here),
    the ETags it holds and its CSRF token."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.cookies: dict[str, str] = {}
        self.etags: dict[str, str] = {}
        self.csrf = ""
        self.group = 0

    def _keep(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            if "max-age=0" in attributes.lower() or "1970" in attributes:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    async def request(self, stats: Stats, name: str, method: str, url: str,
                      expect: tuple[int, ...] = (200,), **kwargs) -> httpx.Response | None:
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:  # bounded even if a connection pool stalls
            response = await asyncio.wait_for(
                self.client.request(method, url, headers=headers, **kwargs), TIMEOUT + 5)
        except (httpx.HTTPError, TimeoutError) as error:
            stats.endpoints[name].add(started, None, ok=False, failure=type(error).__name__)
            return None
        self._keep(response)
        stats.endpoints[name].add(started, response.status_code,
                                  ok=response.status_code in expect)
        return response

    def remember_csrf(self, html: str) -> None:
        match = CSRF_RE.search(html)
        if match:
            self.csrf = match.group(1)

    async def poll(self, stats: Stats, name: str, url: str) -> httpx.Response | None:
        headers = {"HX-Request": "true"}
        if url in self.etags:
            headers["If-None-Match"] = self.etags[url]
        response = await self.request(stats, name, "GET", url, expect=(200, 304),
                                      headers=headers)
        if response is not None and response.headers.get("etag"):
            self.etags[url] = response.headers["etag"]
        return response


# --- the stack ------------------------------------------------------------------


def _environment(plan: Plan) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YHDESSA_", "DATABASE_"))}
    env.update({
        "YHDESSA_ENV": "production", "SECRET_KEY": SECRET,
        "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        # Set for the test: P joins from 5 addresses within the join window.
        "JOIN_RATE_LIMIT": f"{plan.participants} per minute",
        "JOIN_CODE_RATE_LIMIT": f"{plan.participants * 2} per minute",
        "LOGIN_RATE_LIMIT": "100 per minute",
    })
    return env


def _reset_database(create: bool) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(DB_NAME)))
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))


def _reset_rate_limits() -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=5)
    for key in client.scan_iter("LIMITS*"):
        client.delete(key)


def _seed(app_dir: Path, plan: Plan, env: dict, seeded: bool) -> dict:
    subprocess.run([str(PYTHON.parent / "flask"), "--app", "wsgi", "db", "upgrade"],
                   cwd=app_dir, env=env, check=True, capture_output=True)
    out = subprocess.run([str(PYTHON), "-c", SEED, str(plan.groups), str(plan.participants),
                          "1" if seeded else "0"], cwd=app_dir, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _gunicorn(app_dir: Path, module: str, port: int, worker: str, env: dict,
              chdir: Path) -> subprocess.Popen:
    command = [str(PYTHON.parent / "gunicorn"), *WORKER_SETTINGS[worker], "--chdir",
               str(chdir), "-b", f"127.0.0.1:{port}", "--backlog", "4096", "--timeout", "60",
               "--log-level", "warning", "--no-control-socket", module]
    return subprocess.Popen(command, cwd=app_dir, env=env, start_new_session=True)


def _wait_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not come up")


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def _verify(world: dict, submitted: set[tuple[int, int]]) -> dict:
    """Every accepted submission is stored exactly once, with its three places, each in
    the combined list once."""
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}") as connection:
        rows = connection.execute(
            "SELECT s.group_id, s.theme_id, count(p.id), count(p.aggregate_id), "
            "count(DISTINCT p.aggregate_id) FROM submissions s "
            "LEFT JOIN priorities p ON p.submission_id = s.id "
            "WHERE s.state = 'submitted' GROUP BY s.id, s.group_id, s.theme_id").fetchall()
        items = connection.execute(
            "SELECT count(*) FROM aggregate_items a JOIN themes t ON t.id = a.theme_id "
            "WHERE t.session_id = %s", (world["session"],)).fetchone()[0]
    stored = [(group, theme) for group, theme, *_ in rows]
    return {
        "accepted": len(submitted), "stored": len(stored),
        # Stored once each, every accepted one among them; a submission whose answer did
        # not arrive in time (a client timeout) may be stored without being "accepted".
        "exactly_once": len(set(stored)) == len(stored) and submitted <= set(stored),
        "stored_unanswered": len(set(stored) - submitted),
        "places_complete": all(places == 3 == in_list == distinct
                               for _, _, places, in_list, distinct in rows),
        "combined_items": items, "combined_items_expected": 3 * len(stored),
    }


def _cpu_seconds(master: int) -> float:
    """CPU time used so far by the worker processes of a gunicorn master."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


# --- the load -------------------------------------------------------------------


class Run:
    def __init__(self, plan: Plan, world: dict, seeded: bool, masters: tuple[int, int],
                 profile: bool) -> None:
        self.plan, self.world, self.seeded = plan, world, seeded
        self.masters = masters  # the app's and the hello's gunicorn
        self.profile_pid = masters[0] if profile else None
        self.cpu_ms: dict[str, float] = {}  # server CPU per request in each capacity probe
        self.profile: list[tuple[str, float]] = []
        self.stats = Stats()
        self.base = f"http://127.0.0.1:{APP_PORT}"
        # Idle connections are dropped before gunicorn's 2 s keep-alive closes them (a
        # browser retries a request lost that way; httpx would count it as an error).
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200,
                              keepalive_expiry=1.0)
        self.clients = [
            httpx.AsyncClient(base_url=self.base, limits=limits, timeout=TIMEOUT,
                              cookies=CookieJar(policy=NoCookies()),
                              transport=httpx.AsyncHTTPTransport(local_address=source,
                                                                 limits=limits))
            for source in SOURCES]
        self.people: list[Person] = []
        self.polling = True
        self.submitted: set[tuple[int, int]] = set()
        sid, self.themes = world["session"], world["themes"]
        self.page = [f"/p/{sid}/themes/{theme}" for theme in self.themes]

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()

    # joining
    async def join(self, number: int) -> None:
        person = Person(self.clients[number % len(self.clients)])
        person.group = number % self.plan.groups
        code = self.world["code"]
        if self.seeded:
            person.cookies[self.world["cookie"]] = self.world["cookies"][number]
        else:
            page = await person.request(self.stats, "join page", "GET", f"/join/{code}")
            if page is None or page.status_code != 200:
                return
            person.remember_csrf(page.text)
            response = await person.request(
                self.stats, "join", "POST", f"/join/{code}", expect=(303,),
                data={"csrf_token": person.csrf, "display_name": f"Osallistuja {number}",
                      "affiliation": "resident",
                      "group": str(self.world["groups"][person.group])})
            if response is None or response.status_code != 303:
                return
        page = await person.request(self.stats, "group page", "GET", self.page[0])
        if page is None or page.status_code != 200:
            return
        person.remember_csrf(page.text)
        self.people.append(person)
        asyncio.get_running_loop().create_task(self.keep_polling(person, self.page[0], 3.0,
                                                                 "poll group page"))

    async def keep_polling(self, person: Person, url: str, every: float, name: str) -> None:
        await asyncio.sleep(random.uniform(0, every))
        next_at = time.perf_counter()
        while self.polling:
            await person.poll(self.stats, name, url)
            next_at += every
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))

    async def facilitator(self) -> Person:
        person = Person(self.clients[0])
        page = await person.request(self.stats, "sign-in page", "GET", "/login")
        person.remember_csrf(page.text)
        await person.request(self.stats, "sign in", "POST", "/login", expect=(302, 303),
                             data={"csrf_token": person.csrf, "email": "fasi@bench.invalid",
                                   "password": "bench-password-1234"})
        sid = self.world["session"]
        for url, name in ((f"/sessions/{sid}/dashboard", "poll dashboard"),
                          (f"/sessions/{sid}/projector", "poll projector"),
                          (f"/sessions/{sid}/projector?show=combined", "poll projector")):
            asyncio.get_running_loop().create_task(self.keep_polling(person, url, 2.0, name))
        return person

    # group work
    def members(self, group: int) -> list[Person]:
        return [p for p in self.people if p.group == group]

    async def save(self, person: Person, theme: int, rank: int, version: int, name: str,
                   text: str) -> int | None:
        prefix = f"slot-{rank}-"
        response = await person.request(
            self.stats, name, "POST", f"{self.page[theme]}/slots/{rank}",
            headers={"HX-Request": "true", "X-CSRFToken": person.csrf},
            data={prefix + "title": text, prefix + "reasoning": f"Perustelu: {text}",
                  prefix + "version": str(version), "action": "save"})
        if response is None or response.status_code != 200:
            return None
        match = re.search(rf'name="{prefix}version" value="(\d+)"', response.text)
        return int(match.group(1)) if match else None

    def saves(self) -> list[tuple[int, int, int]]:
        """(group, theme index, rank) for every save: theme 1 for every group, theme 2 for
        half of them (so that there is something left to submit)."""
        return [(group, theme, rank) for group in range(self.plan.groups)
                for theme in ((0, 1) if group % 2 == 0 else (0,)) for rank in (1, 2, 3)]

    async def group_work(self) -> None:
        work = self.saves()
        random.shuffle(work)
        start = time.perf_counter()
        gap = self.plan.save_s / len(work)

        async def one(index: int, group: int, theme: int, rank: int) -> None:
            await asyncio.sleep(max(0.0, start + index * gap - time.perf_counter()))
            members = self.members(group)
            if members:
                await self.save(members[rank % len(members)], theme, rank, 0, "save",
                                f"Ryhmä {group} asia {rank}")

        await asyncio.gather(*(one(i, *w) for i, w in enumerate(work)))

    async def submissions(self) -> None:
        lists = sorted({(group, theme) for group, theme, _ in self.saves()})
        random.shuffle(lists)
        start = time.perf_counter()
        gap = self.plan.submit_s / len(lists)

        async def one(index: int, group: int, theme: int) -> None:
            await asyncio.sleep(max(0.0, start + index * gap - time.perf_counter()))
            members = self.members(group)
            if not members:
                return
            response = await members[0].request(
                self.stats, "submit", "POST", f"{self.page[theme]}/submit",
                headers={"HX-Request": "true"}, data={"csrf_token": members[0].csrf})
            if response is not None and response.status_code == 200:
                self.submitted.add((self.world["groups"][group], self.themes[theme]))

        await asyncio.gather(*(one(i, *item) for i, item in enumerate(lists)))

    # capacity
    async def closed_loop(self, name: str, request, seconds: float, master: int = 0) -> None:
        """*request* from 32 connections for *seconds*; the server's CPU per request of
        endpoint *name* is kept (a figure that other load on the machine moves little)."""
        end = time.perf_counter() + seconds
        master = master or self.masters[0]
        before, count = _cpu_seconds(master), len(self.stats.endpoints[name].latencies)

        async def worker(n: int) -> None:
            while time.perf_counter() < end:
                await request(n)

        await asyncio.gather(*(worker(n) for n in range(self.plan.probe_connections)))
        served = len(self.stats.endpoints[name].latencies) - count
        self.cpu_ms[name] = round((_cpu_seconds(master) - before) * 1000 / max(served, 1), 2)

    async def probes(self) -> None:
        hello = httpx.AsyncClient(base_url=f"http://127.0.0.1:{HELLO_PORT}", timeout=TIMEOUT)

        async def say_hello(_: int) -> None:
            started = time.perf_counter()
            try:
                response = await asyncio.wait_for(hello.get("/"), TIMEOUT + 5)
                self.stats.endpoints["hello (capacity)"].add(started, response.status_code,
                                                             response.status_code == 200)
            except (httpx.HTTPError, TimeoutError) as error:
                self.stats.endpoints["hello (capacity)"].add(started, None, False,
                                                             type(error).__name__)

        await self.closed_loop("hello (capacity)", say_hello, self.plan.probe_s, self.masters[1])
        await hello.aclose()
        url = self.page[2]
        for person in self.people:  # every phone has the third theme open
            await person.poll(self.stats, "open theme 3", url)

        async def poll(name: str) -> None:
            await random.choice(self.people).poll(self.stats, name, url)

        quiet = "poll, nothing changes (capacity)"
        await self.closed_loop(quiet, lambda _: poll(quiet), self.plan.probe_s)
        versions: dict[tuple[int, int], int] = defaultdict(int)
        stop = time.perf_counter() + self.plan.probe_s
        rate = len(self.saves()) / self.plan.save_s

        async def saver(lane: int) -> None:  # its own groups: no two savers meet
            while time.perf_counter() < stop:
                group = random.randrange(lane, self.plan.groups, 4)
                rank = random.randint(1, 3)
                members = self.members(group)
                if members:
                    new = await self.save(random.choice(members), 2, rank,
                                          versions[(group, rank)], "save (during capacity)",
                                          f"Muokkaus {random.randrange(10**6)}")
                    if new is not None:
                        versions[(group, rank)] = new
                await asyncio.sleep(1 / rate * 4)

        spy = _py_spy(self.profile_pid, self.plan.probe_s) if self.profile_pid else None
        busy = "poll while groups save (capacity)"
        await asyncio.gather(
            self.closed_loop(busy, lambda _: poll(busy), self.plan.probe_s),
            *(saver(lane) for lane in range(4)))
        if spy is not None:
            self.profile = _hot_frames(spy)

    async def scenario(self) -> None:
        await self.facilitator()
        start = time.perf_counter()
        gap = self.plan.join_s / self.plan.participants

        async def join_at(number: int) -> None:
            await asyncio.sleep(max(0.0, start + number * gap - time.perf_counter()))
            await self.join(number)

        await asyncio.gather(*(join_at(n) for n in range(self.plan.participants)))
        await asyncio.sleep(3)
        await self.group_work()
        await self.submissions()
        await asyncio.sleep(3)
        self.polling = False
        await asyncio.sleep(3.5)
        await self.probes()


# --- profile ---------------------------------------------------------------------

PROFILE_RAW = Path("/tmp/yhdessa-bench-profile.txt")
# Frames every request passes through, which say nothing about where its time goes.
PLUMBING = re.compile(r"\((threading|concurrent/|gunicorn/|flask/app|werkzeug/middleware|"
                      r"sqlalchemy/engine/(base|default)|sqlalchemy/sql/elements)")


def _py_spy(pid: int, seconds: float) -> subprocess.Popen:
    return subprocess.Popen(
        [str(PYTHON.parent / "py-spy"), "record", "--pid", str(pid), "--subprocesses",
         "--duration", str(int(seconds)), "--format", "raw", "--nonblocking",
         "--output", str(PROFILE_RAW)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _hot_frames(spy: subprocess.Popen, top: int = 25) -> list[tuple[str, float]]:
    """The functions found in the most samples (inclusive share), by py-spy's raw stacks."""
    spy.wait(timeout=60)
    seen: dict[str, int] = defaultdict(int)
    total = 0
    for line in PROFILE_RAW.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        total += int(count)
        for frame in {re.sub(r":\d+\)$", ")", f) for f in stack.split(";")}:
            seen[frame] += int(count)
    ranked = sorted(((frame, count) for frame, count in seen.items()
                     if not frame.startswith("process ") and not PLUMBING.search(frame)),
                    key=lambda item: -item[1])
    return [(frame, round(count / total, 3)) for frame, count in ranked[:top]]


# --- reporting ------------------------------------------------------------------


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _table(worker: str, endpoints: dict, verified: dict) -> str:
    lines = [f"\n== {worker}: {' '.join(WORKER_SETTINGS[worker])}",
             f"{'endpoint':40} {'requests':>8} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7}"
             f" {'errors':>6} {'304':>6}"]
    for name, e in endpoints.items():
        lines.append(f"{name:40} {e['requests']:>8} {e['rps']:>8} {e['p50_ms']:>7} "
                     f"{e['p95_ms']:>7} {e['p99_ms']:>7} {e['errors']:>6} "
                     f"{e['share_304']:>6.0%}")
    lines.append(f"submissions: {verified}")
    return "\n".join(lines)


def run_once(worker: str, plan: Plan, app_dir: Path, seeded: bool, profile: bool) -> dict:
    env = _environment(plan)
    _reset_database(create=True)
    _reset_rate_limits()
    world = _seed(app_dir, plan, env, seeded)
    app = _gunicorn(app_dir, "wsgi:app", APP_PORT, worker, env, app_dir)
    hello = _gunicorn(app_dir, "hello:app", HELLO_PORT, worker, env, BENCH)
    try:
        _wait_up(f"http://127.0.0.1:{APP_PORT}/healthz")
        _wait_up(f"http://127.0.0.1:{HELLO_PORT}/")
        run = Run(plan, world, seeded, (app.pid, hello.pid), profile)

        async def go() -> None:
            try:
                await run.scenario()
            finally:
                await run.close()

        asyncio.run(go())
    finally:
        _stop(app)
        _stop(hello)
    verified = _verify(world, run.submitted)
    _reset_database(create=False)
    endpoints = {name: e.summary() for name, e in sorted(run.stats.endpoints.items())}
    hello_rps = endpoints["hello (capacity)"]["rps"]
    quiet = endpoints["poll, nothing changes (capacity)"]
    busy = endpoints["poll while groups save (capacity)"]
    return {
        "worker": worker, "settings": " ".join(WORKER_SETTINGS[worker]),
        "p95_ms": max(e["p95_ms"] for e in endpoints.values()),
        "errors": sum(e["errors"] for e in endpoints.values()),
        "rps": round(sum(e["requests"] for name, e in endpoints.items()
                         if "capacity" not in name) /
                     max(1, plan.join_s + plan.save_s + plan.submit_s + 9), 1),
        "hello_rps": hello_rps,
        "poll_quiet_rps": quiet["rps"], "poll_quiet_vs_hello": round(quiet["rps"] / hello_rps, 2),
        "poll_busy_rps": busy["rps"], "poll_busy_p95_ms": busy["p95_ms"],
        # Server CPU per request (the busy poll's includes the saves served meanwhile);
        # 2 cores / this = what two idle cores would serve.
        "server_cpu_ms": run.cpu_ms,
        "submissions": verified, "endpoints": endpoints,
        **({"profile_busy_poll": run.profile} if profile else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="300 people, under 2 minutes")
    parser.add_argument("--workers", default=None,
                        help="worker classes, comma-separated (default: gthread; full: all)")
    parser.add_argument("--app-dir", type=Path, default=REPO, help="the checkout to serve")
    parser.add_argument("--seeded-joins", action="store_true",
                        help="create the participants in the seed step, not the join pages")
    parser.add_argument("--profile", action="store_true",
                        help="sample the workers with py-spy during the busy poll")
    parser.add_argument("--label", default="", help="a note kept in the results")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "load_workshop.json")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    workers = (args.workers or ("gthread" if args.quick else "sync,gthread,gevent")).split(",")
    started, load = datetime.now(UTC), round(os.getloadavg()[0], 1)
    runs = []
    for worker in workers:
        result = run_once(worker, plan, args.app_dir.resolve(), args.seeded_joins,
                          args.profile)
        print(_table(worker, result["endpoints"], result["submissions"]), flush=True)
        print(f"capacity: hello {result['hello_rps']} req/s; poll with nothing changing "
              f"{result['poll_quiet_rps']} req/s ({result['poll_quiet_vs_hello']}x hello); "
              f"poll while groups save {result['poll_busy_rps']} req/s, "
              f"p95 {result['poll_busy_p95_ms']} ms", flush=True)
        print("server CPU per request (ms): " + ", ".join(
            f"{name} {ms}" for name, ms in result["server_cpu_ms"].items()), flush=True)
        for frame, share in result.get("profile_busy_poll", []):
            print(f"  {share:6.1%}  {frame}")
        runs.append(result)
    last = runs[-1]
    document = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"), "machine": _machine(),
        "mode": "quick" if args.quick else "full", "label": args.label,
        "load_average": [load, round(os.getloadavg()[0], 1)], "plan": plan.__dict__,
        "p95_ms": last["p95_ms"], "errors": last["errors"], "rps": last["rps"],
        "worker": last["worker"], "endpoints": last["endpoints"], "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {args.out}")


if __name__ == "__main__":
    main()
