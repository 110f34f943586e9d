"""Load test of a live workshop on a production-like stack, started by this script.

    .venv/bin/python bench/load_workshop.py [--quick] [--servers 2] [--participants N]
                                            [--workers sync,gthread,gevent] [--profile]

For each gunicorn worker class: a fresh PostgreSQL database (``bench_workshop``, dropped
at the end), migrations, a workshop with 3 themes and G groups, then gunicorn with
``YHDESSA_ENV=production`` (on one port, or two instances on two ports with ``--servers 2``:
every request of a participant goes to either at random), Redis db 5 for the rate limits
(set for the test through the environment) and, on the same settings, a bare Flask "hello"
(bench/hello.py). The load comes from this process (asyncio with bench.wire, a lean
HTTP/1.1 client) over loopback only, from five source addresses 127.0.0.2-6 as a venue
network would look, bounded in count and time:

1. P participants join through the join pages within the join window; each then polls its
   group page every 3 s with If-None-Match, as htmx does; the facilitator's dashboard and
   the projector (groups' lists and combined list) poll every 2 s;
2. every group types: saves of its places spread over the save window (theme 1, and
   theme 2 for half of the groups), then 1.5 submissions per group within the submit window;
   every submission is then checked in the database: stored once, complete, in the
   combined list;
3. capacity, closed loop with 32 connections: the bare "hello", the group page's poll
   when nothing changes (304s), and the poll while groups save (theme 3); with two
   servers, each probe on one instance and then on both, side by side;
4. the dot vote: the facilitator merges theme 1's combined list into 8 options, starts
   voting and opens a dot round (K = 5, at most 3 on one option) through the pages; every
   phone polls its vote panel every 3 s; all P cast their ballot within the vote window
   (one in ten taps "+" K + 1 times at once instead); then every ballot is checked: stored
   once, as cast, none over K or M.

It prints a table per worker class and writes bench/results/load_workshop.json
(load_workshop_two_servers.json with two servers). ``--profile`` samples the app's workers
with py-spy while they serve the polls and the vote. ``--app-dir`` runs another checkout;
``--seeded-joins`` creates the participants in the seed step instead of the join pages.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import profiling, report, stack  # noqa: E402
from bench.client import Person, at_rate, clients, close_all, closed_loop  # noqa: E402
from bench.stats import Stats  # noqa: E402
from bench.wire import Client, ConnectionLost, install_fast_loop  # noqa: E402
from bench.workshop_vote import DotVote  # noqa: E402

DB_NAME = "bench_workshop"
APP_PORTS, HELLO_PORTS = [8711, 8713], [8712, 8714]
PROFILE_RAW = Path("/tmp/yhdessa-bench-profile.txt")


@dataclass(frozen=True)
class Plan:
    participants: int
    groups: int
    join_s: float
    save_s: float
    submit_s: float
    probe_s: float
    vote_s: float
    probe_connections: int = 32


FULL = Plan(participants=2000, groups=200, join_s=100, save_s=60, submit_s=30, probe_s=15,
            vote_s=10)
QUICK = Plan(participants=200, groups=20, join_s=10, save_s=8, submit_s=4, probe_s=3,
             vote_s=4)

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


def _database() -> psycopg.Connection:
    return stack.connect(DB_NAME)


def _verify_submissions(world: dict, submitted: set[tuple[int, int]]) -> dict:
    """Every accepted submission is stored exactly once, with its three places, each in
    the combined list once."""
    with _database() as connection:
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


# --- the load -------------------------------------------------------------------


class Run(DotVote):
    def __init__(self, plan: Plan, world: dict, seeded: bool, servers: int,
                 pids: dict[str, list[int]], profile: bool) -> None:
        self.plan, self.world, self.seeded = plan, world, seeded
        self.pids = pids  # the app's and the hello's gunicorn masters
        self.profile = profile
        self.cpu_ms: dict[str, float] = {}  # server CPU per request in each capacity probe
        self.hot: list[tuple[str, float]] = []
        self.hot_quiet: list[tuple[str, float]] = []
        self.hot_vote: list[tuple[str, float]] = []
        self.stats = Stats()
        self.ports = APP_PORTS[:servers]
        self.hello_ports = HELLO_PORTS[:servers]
        self.clients = clients(self.ports)
        self.people: list[Person] = []
        self.names: dict[int, str] = {}  # id(person) -> display name
        self.polling = True
        self.submitted: set[tuple[int, int]] = set()
        self.verified: dict = {}
        self.ballots: dict = {}
        self.probe_seconds = 0.0
        self.backlog_s = 0.0
        self.probe_versions: dict[tuple[int, int], int] = defaultdict(int)
        sid, self.themes = world["session"], world["themes"]
        self.page = [f"/p/{sid}/themes/{theme}" for theme in self.themes]

    async def close(self) -> None:
        await close_all(self.clients)

    # joining
    async def join(self, number: int) -> None:
        person = Person(self.clients[number % len(self.clients)])
        person.group = number % self.plan.groups
        name = f"Osallistuja {number}"
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
                data={"csrf_token": person.csrf, "display_name": name,
                      "affiliation": "resident",
                      "group": str(self.world["groups"][person.group])})
            if response is None or response.status_code != 303:
                return
        page = await person.request(self.stats, "group page", "GET", self.page[0])
        if page is None or page.status_code != 200:
            return
        person.remember_csrf(page.text)
        self.people.append(person)
        self.names[id(person)] = name
        asyncio.get_running_loop().create_task(self.keep_polling(person, self.page[0], 3.0,
                                                                 "poll group page"))

    async def keep_polling(self, person: Person, url: str, every: float, name: str,
                           expect: tuple[int, ...] = (200, 304)) -> None:
        await asyncio.sleep(random.uniform(0, every))
        next_at = time.perf_counter()
        while self.polling:
            response = await person.poll(self.stats, name, url, expect)
            if response is not None and response.status_code == 286:
                return  # the page has stopped being live, as htmx stops
            next_at += every
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))

    async def facilitator(self) -> Person:
        person = Person(self.clients[0])
        page = await person.request(self.stats, "sign-in page", "GET", "/login")
        person.remember_csrf(page.text)
        await person.request(self.stats, "sign in", "POST", "/login", expect=(302, 303),
                             data={"csrf_token": person.csrf, "email": "fasi@bench.invalid",
                                   "password": "bench-password-1234"})
        self.host = person
        self.watch(person)
        return person

    def watch(self, person: Person, *extra: tuple[str, str]) -> None:
        """The dashboard and the projector (and *extra* fragments) poll every 2 s."""
        sid = self.world["session"]
        for url, name in ((f"/sessions/{sid}/dashboard", "poll dashboard"),
                          (f"/sessions/{sid}/projector", "poll projector"),
                          (f"/sessions/{sid}/projector?show=combined", "poll projector"),
                          *extra):
            asyncio.get_running_loop().create_task(
                self.keep_polling(person, url, 2.0, name, (200, 304, 286)))

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

        async def one(index: int) -> None:
            group, theme, rank = work[index]
            members = self.members(group)
            if members:
                await self.save(members[rank % len(members)], theme, rank, 0, "save",
                                f"Ryhmä {group} asia {rank}")

        await at_rate(len(work), self.plan.save_s, one)

    async def submissions(self) -> None:
        lists = sorted({(group, theme) for group, theme, _ in self.saves()})
        random.shuffle(lists)

        async def one(index: int) -> None:
            group, theme = lists[index]
            members = self.members(group)
            if not members:
                return
            response = await members[0].request(
                self.stats, "submit", "POST", f"{self.page[theme]}/submit",
                headers={"HX-Request": "true"}, data={"csrf_token": members[0].csrf})
            if response is not None and response.status_code == 200:
                self.submitted.add((self.world["groups"][group], self.themes[theme]))

        await at_rate(len(lists), self.plan.submit_s, one)

    # capacity
    async def measured(self, name: str, request, masters: list[int]) -> None:
        """*request* from the probe's connections; the server's CPU per request of
        endpoint *name* is kept (a figure that other load on the machine moves little)."""
        before, count = stack.cpu_seconds(masters), self.stats.count(name)
        database = stack.database_cpu(DB_NAME)
        await closed_loop(self.plan.probe_connections, self.plan.probe_s, request)
        served = self.stats.count(name) - count
        self.cpu_ms[name] = round((stack.cpu_seconds(masters) - before) * 1000
                                  / max(served, 1), 2)
        if not name.startswith("hello"):
            self.cpu_ms[f"{name}: PostgreSQL"] = round(
                stack.database_cpu_since(DB_NAME, database) * 1000 / max(served, 1), 2)

    async def say_hello(self, client: Client, name: str) -> None:
        started = time.perf_counter()
        try:
            response = await client.get("/")
            self.stats.endpoints[name].add(started, response.status_code,
                                           response.status_code == 200)
        except (ConnectionLost, OSError, TimeoutError) as error:
            self.stats.endpoints[name].add(started, None, False, type(error).__name__)

    async def probes(self) -> None:
        """Capacity on one instance and, with two servers, on both side by side."""
        everyone = {id(p): p.servers for p in self.people}
        counts = [1, 2] if len(self.ports) == 2 else [1]
        for instances in counts:
            suffix = "" if len(self.ports) == 1 else f", {instances} instance" + (
                "s" if instances > 1 else "")
            for person in self.people:
                person.servers = everyone[id(person)][:instances]
            await self.probe_round(suffix, instances)
        for person in self.people:
            person.servers = everyone[id(person)]

    async def probe_round(self, suffix: str, instances: int) -> None:
        hellos = [Client(port, limit=self.plan.probe_connections)
                  for port in self.hello_ports[:instances]]
        name = f"hello (capacity{suffix})"
        await self.measured(name, lambda n: self.say_hello(hellos[n % len(hellos)], name),
                            self.pids["hello"][:instances])
        for client in hellos:
            await client.aclose()
        url = self.page[2]
        lanes = asyncio.Semaphore(self.plan.probe_connections)

        async def open_page(person: Person) -> None:  # every phone has the third theme open
            async with lanes:
                await person.poll(self.stats, "open theme 3", url)

        await asyncio.gather(*(open_page(person) for person in self.people))

        async def poll(name: str) -> None:
            await random.choice(self.people).poll(self.stats, name, url)

        masters = self.pids["app"][:instances]
        quiet = f"poll, nothing changes (capacity{suffix})"
        spy = (profiling.start(masters[0], self.plan.probe_s, PROFILE_RAW)
               if self.profile and instances == 1 else None)
        await self.measured(quiet, lambda _: poll(quiet), masters)
        if spy is not None:
            self.hot_quiet = profiling.hot_frames(spy, PROFILE_RAW)
        versions = self.probe_versions  # kept from round to round: the same places
        stop = time.perf_counter() + self.plan.probe_s
        rate = len(self.saves()) / self.plan.save_s

        async def saver(lane: int) -> None:  # its own groups: no two savers meet
            while time.perf_counter() < stop:
                group = random.randrange(lane, self.plan.groups, 4)
                rank = random.randint(1, 3)
                members = self.members(group)
                if members:
                    new = await self.save(random.choice(members), 2, rank,
                                          versions[(group, rank)],
                                          f"save (during capacity{suffix})",
                                          f"Muokkaus {random.randrange(10**6)}")
                    if new is not None:
                        versions[(group, rank)] = new
                await asyncio.sleep(1 / rate * 4)

        spy = (profiling.start(masters[0], self.plan.probe_s, PROFILE_RAW)
               if self.profile and instances == 1 else None)
        busy = f"poll while groups save (capacity{suffix})"
        await asyncio.gather(self.measured(busy, lambda _: poll(busy), masters),
                             *(saver(lane) for lane in range(4)))
        if spy is not None:
            self.hot = profiling.hot_frames(spy, PROFILE_RAW)

    async def scenario(self) -> None:
        await self.facilitator()
        await at_rate(self.plan.participants, self.plan.join_s, self.join)
        await asyncio.sleep(3)
        await self.group_work()
        await self.submissions()
        await asyncio.sleep(3)
        self.polling = False
        await asyncio.sleep(3.5)
        self.verified = await asyncio.to_thread(_verify_submissions, self.world,
                                                self.submitted)
        probing = time.perf_counter()
        # Requests that phones gave up on are still served: the probes start once the
        # app has worked off that backlog.
        self.backlog_s = await asyncio.to_thread(stack.wait_idle, self.pids["app"])
        await self.probes()
        self.probe_seconds = time.perf_counter() - probing
        await self.dot_vote()


# --- reporting ------------------------------------------------------------------


def run_once(worker: str, plan: Plan, app_dir: Path, seeded: bool, servers: int,
             profile: bool) -> dict:
    env = stack.environment(DB_NAME, {
        # Set for the test: P joins from 5 addresses within the join window.
        "JOIN_RATE_LIMIT": f"{plan.participants} per minute",
        "JOIN_CODE_RATE_LIMIT": f"{plan.participants * 2} per minute",
        "LOGIN_RATE_LIMIT": "100 per minute",
    })
    stack.reset_database(DB_NAME, create=True)
    stack.reset_rate_limits()
    stack.migrate(app_dir, env)
    world = stack.run_script(app_dir, env, SEED, plan.groups, plan.participants,
                             "1" if seeded else "0")
    started = time.perf_counter()
    with stack.servers(app_dir, worker, env, APP_PORTS[:servers],
                       HELLO_PORTS[:servers]) as pids:
        run = Run(plan, world, seeded, servers, pids, profile)
        app_cpu, database = stack.cpu_seconds(pids["app"]), stack.database_cpu(DB_NAME)
        client = time.process_time()

        async def go() -> None:
            try:
                await run.scenario()
            finally:
                await run.close()

        install_fast_loop()
        asyncio.run(go())
        # The whole run's CPU: the app's workers, PostgreSQL's backends for this database,
        # and the load generator's own (all on the same cores).
        cpu = {"app_s": round(stack.cpu_seconds(pids["app"]) - app_cpu, 1),
               "database_s": round(stack.database_cpu_since(DB_NAME, database), 1),
               "load_generator_s": round(time.process_time() - client, 1)}
    seconds = time.perf_counter() - started
    stack.reset_database(DB_NAME, create=False)
    endpoints = run.stats.summaries()
    scenario = {k: v for k, v in endpoints.items() if "capacity" not in k}
    suffixes = [""] if servers == 1 else [", 1 instance", ", 2 instances"]
    capacity = {}
    for suffix in suffixes:
        hello = endpoints[f"hello (capacity{suffix})"]["rps"]
        quiet = endpoints[f"poll, nothing changes (capacity{suffix})"]
        busy = endpoints[f"poll while groups save (capacity{suffix})"]
        capacity[suffix.strip(", ") or "1 instance"] = {
            "hello_rps": hello, "poll_quiet_rps": quiet["rps"],
            "poll_quiet_p95_ms": quiet["p95_ms"],
            "poll_quiet_vs_hello": round(quiet["rps"] / max(hello, 1e-9), 2),
            "poll_busy_rps": busy["rps"], "poll_busy_p95_ms": busy["p95_ms"],
            "poll_busy_share_304": busy["share_304"],
        }
    return {
        "worker": worker, "settings": " ".join(stack.WORKER_SETTINGS[worker]),
        "servers": servers,
        # rps: the scenario's requests over its time (the capacity probes left out)
        **report.headline(scenario, seconds - run.probe_seconds),
        "capacity": capacity,
        # Server CPU per request (the busy poll's includes the saves served meanwhile);
        # 2 cores / this = what two idle cores would serve.
        "server_cpu_ms": run.cpu_ms, "cpu_whole_run": cpu, "seconds": round(seconds),
        "backlog_after_scenario_s": run.backlog_s,
        "submissions": run.verified, "ballots": run.ballots, "endpoints": endpoints,
        **({"profile_quiet_poll": run.hot_quiet, "profile_busy_poll": run.hot,
            "profile_dot_vote": run.hot_vote}
           if profile else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 people, in small")
    parser.add_argument("--participants", type=int, default=0,
                        help="a room of this many (a tenth as many groups), full windows")
    parser.add_argument("--servers", type=int, choices=(1, 2), default=1,
                        help="app instances on their own ports (2: load split at random)")
    parser.add_argument("--workers", default="gthread",
                        help="worker classes, comma-separated (sync, gthread, gevent)")
    parser.add_argument("--app-dir", type=Path, default=stack.REPO, help="the checkout to serve")
    parser.add_argument("--seeded-joins", action="store_true",
                        help="create the participants in the seed step, not the join pages")
    parser.add_argument("--profile", action="store_true",
                        help="sample the workers with py-spy during the busy poll")
    parser.add_argument("--label", default="", help="a note kept in the results")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    if args.participants:
        plan = replace(plan, participants=args.participants,
                       groups=max(1, args.participants // 10))
    clock = report.Clock()
    runs = []
    for worker in args.workers.split(","):
        result = run_once(worker, plan, args.app_dir.resolve(), args.seeded_joins,
                          args.servers, args.profile)
        print(report.table(f"{worker} ({result['settings']}), {args.servers} server(s)",
                           result["endpoints"], 200), flush=True)
        for instances, figures in result["capacity"].items():
            print(f"capacity, {instances}: " + ", ".join(f"{k} {v}" for k, v in
                                                         figures.items()))
        print(f"CPU over the whole run (s): {result['cpu_whole_run']} in {result['seconds']} s")
        print("server CPU per request (ms): " + ", ".join(
            f"{name} {ms}" for name, ms in result["server_cpu_ms"].items()))
        print(f"submissions: {result['submissions']}")
        print(f"dot vote: {result['ballots']}", flush=True)
        for key in ("profile_quiet_poll", "profile_busy_poll", "profile_dot_vote"):
            if result.get(key):
                print(f"{key} (py-spy, share of samples):")
            for frame, share in result.get(key, []):
                print(f"  {share:6.1%}  {frame}")
        runs.append(result)
    last = runs[-1]
    name = "load_workshop" if args.servers == 1 else "load_workshop_two_servers"
    if args.participants and not args.quick:
        name += f"_{plan.participants}"
    if args.profile:  # sampling slows the workers: its figures are not the run's figures
        name += "_profiled"
    document = {
        **clock.header(), "mode": "quick" if args.quick else "full", "label": args.label,
        "plan": plan.__dict__, "p95_ms": last["p95_ms"], "errors": last["errors"],
        "rps": last["rps"], "worker": last["worker"], "servers": args.servers,
        "endpoints": last["endpoints"], "runs": runs,
    }
    print(f"\nwritten: {report.write(name, document, args.out)}")


if __name__ == "__main__":
    main()
