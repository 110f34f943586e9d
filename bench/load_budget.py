"""Load test of a participatory budgeting voting day on a production-like stack.

    .venv/bin/python bench/load_budget.py [--quick] [--profile]

A fresh PostgreSQL database (``bench_budget``, dropped at the end) gets, through the
services: a process in voting with 60 projects in 3 areas (one area per voter, of free
choice) and 20,000 one-time voting codes, and last year's process, voted and counted, whose
results page people read. Then gunicorn (gthread, 2 workers × 8 threads,
``YHDESSA_ENV=production``, Redis db 5 for the rate limits, the code sign-in limit raised for
the test through ``BUDGET_CODE_RATE_LIMIT``) serves, from five loopback addresses:

* 50 ballots a second for 2 minutes, each a voter's whole way: the code page, sign in with
  a code, the areas, the ballot, ticking projects one by one with the live budget meter
  after each tick, casting; one voter in twenty first casts a ballot over the area's budget
  (refused with 422), then a fitting one;
* 200 public page views a second beside them: the proposal list (whole and by area), proposal
  pages, and last year's results.

Afterwards every ballot is checked in the database (none lost: every receipt the voters were
shown is there with the projects they chose; none double: one ballot per code; none over its
area's budget), then the process is moved to counting and counted, and the count is timed.
Writes bench/results/load_budget.json and prints a table. ``--quick``: 10 ballots/s and 40
views/s for 20 s with 2,000 codes.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import profiling, report, stack  # noqa: E402
from bench.client import Person, at_rate, clients, close_all  # noqa: E402
from bench.stats import Stats  # noqa: E402
from bench.wire import install_fast_loop  # noqa: E402

DB_NAME = "bench_budget"
PORT = 8721
PROFILE_RAW = Path("/tmp/yhdessa-bench-budget-profile.txt")
RECEIPT_RE = re.compile(r'class="pb-receipt-code">\s*([A-Z0-9-]+)\s*<')


@dataclass(frozen=True)
class Plan:
    codes: int
    ballots_per_s: float
    views_per_s: float
    seconds: float
    last_year_ballots: int


FULL = Plan(codes=20_000, ballots_per_s=50, views_per_s=200, seconds=120,
            last_year_ballots=600)
QUICK = Plan(codes=2_000, ballots_per_s=10, views_per_s=40, seconds=20, last_year_ballots=100)

SEED = r"""
import json, random, sys, time
from decimal import Decimal
from app import create_app
from app.budgets.ballots import VoterIdentity, cast_ballot
from app.budgets.codes import find_code, generate_codes, MAX_CODES_AT_ONCE
from app.budgets.counting import run_count, start_count
from app.budgets.models import Area, AreaRule, Phase, Proposal, ProposalStatus
from app.budgets.phases import AreaRules, add_area, create_process, move_phase
from app.extensions import db
from app.organisations.models import Level
from app.organisations.services import create_organisation

codes_wanted, last_year = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(2027)
AREAS = (("Pohjoinen", "600000"), ("Eteläinen", "800000"), ("Koko kaupunki", "1500000"))


def process(title):
    made = create_process(org, None, title, area_rule=AreaRule.ONE, allow_codes=True)
    areas = {}
    for name, budget in AREAS:
        area = add_area(made, None, name, AreaRules(budget=Decimal(budget)))
        rows = [Proposal(process_id=made.id, area_id=area.id, title=f"{name}: hanke {n}",
                         description="Kuvaus " * 40, place="Keskuspuisto",
                         cost=Decimal(rng.randrange(20, 300) * 1000),
                         status=ProposalStatus.FEASIBLE) for n in range(1, 21)]
        db.session.add_all(rows)
        db.session.flush()
        areas[area.id] = {"budget": budget, "proposals": {p.id: str(p.cost) for p in rows}}
    made.phase = Phase.VOTING
    return made, areas


app = create_app()
with app.app_context():
    started = time.perf_counter()
    org = create_organisation("Benchmark", "bench", Level.MUNICIPALITY)
    old, old_areas = process("Osallistuva budjetointi 2026")
    for code in generate_codes(old, None, last_year):
        area_id = rng.choice(list(old_areas))
        area = db.session.get(Area, area_id)
        budget, chosen = Decimal(old_areas[area_id]["budget"]), []
        for pid, cost in rng.sample(sorted(old_areas[area_id]["proposals"].items()), 20):
            if sum(Decimal(c) for _, c in chosen) + Decimal(cost) <= budget:
                chosen.append((pid, cost))
        cast_ballot(old, area, VoterIdentity(code_id=find_code(old, code).id),
                    [pid for pid, _ in chosen])
    move_phase(old, Phase.COUNTING, None)
    run = start_count(old, None)
    db.session.commit()
    run_count(run.id)
    current, areas = process("Osallistuva budjetointi 2027")
    codes = []
    while len(codes) < codes_wanted:
        codes += generate_codes(current, None, min(MAX_CODES_AT_ONCE, codes_wanted - len(codes)))
    db.session.commit()
    print(json.dumps({"process": current.id, "last_year": old.id, "areas": areas,
                      "codes": codes, "seconds": round(time.perf_counter() - started, 1)}))
"""

COUNT = r"""
import json, sys, time
from app import create_app
from app.budgets.ballot_models import Ballot
from app.budgets.counting import run_count, start_count
from app.budgets.models import BudgetProcess, Phase
from app.budgets.phases import move_phase
from app.extensions import db
import sqlalchemy as sa

app = create_app()
with app.app_context():
    process = db.session.get(BudgetProcess, int(sys.argv[1]))
    move_phase(process, Phase.COUNTING, None)
    run = start_count(process, None)
    db.session.commit()
    started = time.perf_counter()
    run = run_count(run.id)
    seconds = time.perf_counter() - started
    ballots = db.session.scalar(sa.select(sa.func.count(Ballot.id))
                                .where(Ballot.process_id == process.id))
    print(json.dumps({"state": run.state.value, "seconds": round(seconds, 2),
                      "ballots": ballots, "ballots_sha256": run.ballots_sha256}))
"""


def _receipt_hash(code: str) -> str:
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256("-".join(plain[i:i + 4] for i in range(0, len(plain), 4))
                          .encode()).hexdigest()


def _verify(process_id: int, world: dict, cast: dict[str, tuple[int, set[int]]]) -> dict:
    """cast: receipt code → (area, the projects chosen) for every ballot the voter saw
    accepted."""
    import psycopg

    budgets = {int(a): float(v["budget"]) for a, v in world["areas"].items()}
    with psycopg.connect(stack.database_url(DB_NAME)) as connection:
        rows = connection.execute(
            "SELECT b.id, b.area_id, b.pseudonym, b.receipt_hash, c.proposal_id, p.cost "
            "FROM budget_ballots b LEFT JOIN budget_ballot_choices c ON c.ballot_id = b.id "
            "LEFT JOIN budget_proposals p ON p.id = c.proposal_id "
            "WHERE b.process_id = %s", (process_id,)).fetchall()
        voters = connection.execute("SELECT count(*) FROM budget_voters WHERE process_id = %s",
                                    (process_id,)).fetchone()[0]
        used = connection.execute(
            "SELECT count(*) FROM budget_voting_codes WHERE process_id = %s AND used",
            (process_id,)).fetchone()[0]
    ballots: dict[int, dict] = {}
    for ballot_id, area_id, pseudonym, receipt, proposal_id, cost in rows:
        ballot = ballots.setdefault(ballot_id, {"area": area_id, "pseudonym": pseudonym,
                                                "receipt": receipt, "projects": set(),
                                                "cost": 0.0})
        if proposal_id is not None:
            ballot["projects"].add(proposal_id)
            ballot["cost"] += float(cost)
    by_receipt = {b["receipt"]: b for b in ballots.values()}
    found = [by_receipt.get(_receipt_hash(code)) for code in cast]
    return {
        "accepted": len(cast), "stored": len(ballots), "voters": voters, "codes_used": used,
        "lost": sum(1 for b in found if b is None),
        "stored_as_cast": sum(1 for (area, projects), b in zip(cast.values(), found,
                                                               strict=True)
                              if b is not None and b["area"] == area
                              and b["projects"] == projects),
        "double": len(ballots) - len({b["pseudonym"] for b in ballots.values()}),
        "over_budget": sum(1 for b in ballots.values() if b["cost"] > budgets[b["area"]]),
        "stored_unanswered": len(ballots) - sum(1 for b in found if b is not None),
    }


class Run:
    def __init__(self, plan: Plan, world: dict) -> None:
        self.plan, self.world = plan, world
        self.stats = Stats()
        self.clients = clients([PORT])
        self.pid = world["process"]
        self.cast: dict[str, tuple[int, set[int]]] = {}
        self.codes = iter(world["codes"])
        self.proposals = [int(pid) for area in world["areas"].values()
                          for pid in area["proposals"]]

    async def voter(self, number: int) -> None:
        person = Person(self.clients[number % len(self.clients)])
        base = f"/budgets/{self.pid}"
        page = await person.request(self.stats, "code page", "GET", f"{base}/code")
        if page is None or page.status_code != 200:
            return
        person.remember_csrf(page.text)
        signed = await person.request(self.stats, "sign in with code", "POST", f"{base}/code",
                                      expect=(303,), data={"csrf_token": person.csrf,
                                                           "code": next(self.codes)})
        if signed is None or signed.status_code != 303:
            return
        await person.request(self.stats, "areas", "GET", f"{base}/vote")
        area_id = random.choice(list(self.world["areas"]))
        area = self.world["areas"][area_id]
        url = f"{base}/vote/{area_id}"
        page = await person.request(self.stats, "ballot page", "GET", url)
        if page is None or page.status_code != 200:
            return
        person.remember_csrf(page.text)
        budget, chosen, total = float(area["budget"]), [], 0.0
        candidates = list(area["proposals"].items())
        random.shuffle(candidates)
        over = number % 20 == 0  # this voter first tries a ballot over the budget
        for pid, cost in candidates:
            if len(chosen) >= 5 or (total + float(cost) > budget and not over):
                continue
            chosen.append(pid)
            total += float(cost)
            await person.request(self.stats, "meter (tick a project)", "GET", f"{url}/meter",
                                 headers={"HX-Request": "true"},
                                 params={"csrf_token": person.csrf, "projects": chosen})
            if over and total > budget:
                break
        if over and total > budget:
            await person.request(self.stats, "cast over budget (refused)", "POST", url,
                                 expect=(422,),
                                 data={"csrf_token": person.csrf, "projects": chosen})
            while total > budget:
                total -= float(area["proposals"][chosen.pop()])
        answer = await person.request(self.stats, "cast ballot", "POST", url,
                                      data={"csrf_token": person.csrf, "projects": chosen})
        match = RECEIPT_RE.search(answer.text) if answer is not None else None
        if answer is not None and answer.status_code == 200 and match:
            self.cast[match.group(1)] = (int(area_id), {int(pid) for pid in chosen})

    async def viewer(self, number: int) -> None:
        person = Person(self.clients[number % len(self.clients)])
        roll = number % 10
        if roll < 2:
            await person.request(self.stats, "view: proposal list", "GET",
                                 f"/budgets/{self.pid}/proposals")
        elif roll < 4:
            area = random.choice(list(self.world["areas"]))
            await person.request(self.stats, "view: proposal list", "GET",
                                 f"/budgets/{self.pid}/proposals", params={"area": area})
        elif roll < 8:
            await person.request(self.stats, "view: proposal page", "GET",
                                 f"/budgets/{self.pid}/proposals/"
                                 f"{random.choice(self.proposals)}")
        else:
            await person.request(self.stats, "view: last year's results", "GET",
                                 f"/budgets/{self.world['last_year']}/results")

    async def load(self) -> None:
        plan = self.plan
        try:
            await asyncio.gather(
                at_rate(int(plan.ballots_per_s * plan.seconds), plan.seconds, self.voter),
                at_rate(int(plan.views_per_s * plan.seconds), plan.seconds, self.viewer))
        finally:
            await close_all(self.clients)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 ballots/s for 20 s")
    parser.add_argument("--profile", action="store_true",
                        help="sample the workers with py-spy in the middle of the load "
                             "(it crashed workers once here: see bench/README.md)")
    parser.add_argument("--label", default="", help="a note kept in the results")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    clock = report.Clock()
    rate = int(plan.ballots_per_s * 60)
    env = stack.environment(DB_NAME, {
        # Set for the test: every voter signs in from one of 5 addresses.
        "BUDGET_CODE_RATE_LIMIT": f"{rate} per minute",
    })
    stack.reset_database(DB_NAME, create=True)
    stack.reset_rate_limits()
    stack.migrate(stack.REPO, env)
    started = time.perf_counter()
    world = stack.run_script(stack.REPO, env, SEED, plan.codes, plan.last_year_ballots)
    print(f"set up {len(world['codes'])} codes, 60 projects and last year's results "
          f"in {time.perf_counter() - started:.1f} s", flush=True)
    hot: list[tuple[str, float]] = []
    with stack.servers(stack.REPO, "gthread", env, [PORT]) as pids:
        run = Run(plan, world)

        async def go() -> None:
            task = asyncio.get_running_loop().create_task(run.load())
            if args.profile:
                await asyncio.sleep(plan.seconds / 3)
                seconds = min(20, plan.seconds / 3)
                spy = profiling.start(pids["app"][0], seconds, PROFILE_RAW)
                await asyncio.sleep(seconds + 1)
                hot.extend(await asyncio.to_thread(profiling.hot_frames, spy, PROFILE_RAW))
            await task

        load_started, cpu = time.perf_counter(), stack.cpu_seconds(pids["app"])
        database, client = stack.database_cpu(DB_NAME), time.process_time()
        install_fast_loop()
        asyncio.run(go())
        client = time.process_time() - client
        load_seconds = time.perf_counter() - load_started
        cpu = stack.cpu_seconds(pids["app"]) - cpu
        database_cpu = stack.database_cpu_since(DB_NAME, database)
    verified = _verify(world["process"], world, run.cast)
    counted = stack.run_script(stack.REPO, env, COUNT, world["process"])
    stack.reset_database(DB_NAME, create=False)
    endpoints = run.stats.summaries()
    print(report.table("PB voting day (gthread 2 × 8)", endpoints, 300))
    print(f"ballots: {verified}")
    print(f"count: {counted}")
    requests = sum(e["requests"] for e in endpoints.values())
    print(f"CPU: the app {cpu:.1f} s, PostgreSQL {database_cpu:.1f} s, the load generator "
          f"{client:.1f} s for {requests} requests in {load_seconds:.0f} s")
    for frame, share in hot:
        print(f"  {share:6.1%}  {frame}")
    ballots = [e for name, e in endpoints.items() if not name.startswith("view")]
    document = {
        **clock.header(), "mode": "quick" if args.quick else "full", "label": args.label,
        "plan": plan.__dict__, **report.headline(endpoints, load_seconds),
        "ballot_steps_rps": round(sum(e["requests"] for e in ballots) / load_seconds, 1),
        "ballots_cast_per_s": round(len(run.cast) / load_seconds, 1),
        # The app's CPU (its gunicorn workers, PostgreSQL not included) per request and per
        # ballot's whole way (its share of the views included): 2 cores / this = what two
        # idle cores could serve.
        "server_cpu_ms_per_request": round(cpu * 1000 / max(1, requests), 2),
        # PostgreSQL's CPU for this database (its backends), per request.
        "database_cpu_ms_per_request": round(database_cpu * 1000 / max(1, requests), 2),
        # The load generator's own CPU (it shares the cores with the app and PostgreSQL).
        "client_cpu_s": round(client, 1), "app_cpu_s": round(cpu, 1),
        "database_cpu_s": round(database_cpu, 1), "load_s": round(load_seconds, 1),
        "setup_s": world["seconds"], "ballots": verified, "count": counted,
        "endpoints": endpoints, **({"profile": hot} if args.profile else {}),
    }
    name = "load_budget_profiled" if args.profile else "load_budget"
    print(f"\nwritten: {report.write(name, document, args.out)}")


if __name__ == "__main__":
    main()
