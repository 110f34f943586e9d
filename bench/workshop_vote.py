"""The workshop benchmark's dot vote (bench/load_workshop.py): the facilitator merges theme
1's combined list into a few options, starts voting and opens a dot round through the pages;
every phone polls its vote panel; everyone casts within the vote window, one in ten by tapping
"+" K + 1 times at once; then every ballot is checked in the database."""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from pathlib import Path

from bench import profiling, stack
from bench.client import at_rate
from bench.wire import Answer

DB_NAME = "bench_workshop"
VOTE_K, VOTE_M, VOTE_OPTIONS = 5, 3, 8
PROFILE_VOTE = Path("/tmp/yhdessa-bench-profile-vote.txt")


def _database():
    return stack.connect(DB_NAME)


def _verify_ballots(round_id: int, cast: dict[str, dict[int, int]],
                    tappers: dict[str, int]) -> dict:
    """Every ballot stored once (one per participant), as cast; none over K dots or M on
    one option; a participant who tapped "+" K + 1 times at once holds exactly K."""
    with _database() as connection:
        rows = connection.execute(
            "SELECT p.display_name, b.id, m.option_id, m.count FROM vote_ballots b "
            "JOIN participants p ON p.id = b.participant_id "
            "LEFT JOIN vote_marks m ON m.ballot_id = b.id WHERE b.round_id = %s",
            (round_id,)).fetchall()
    stored: dict[str, dict[int, int]] = defaultdict(dict)
    ballot_ids: dict[str, set[int]] = defaultdict(set)
    for name, ballot_id, option_id, dots in rows:
        ballot_ids[name].add(ballot_id)
        if option_id is not None:
            stored[name][option_id] = dots
    over = [name for name, marks in stored.items()
            if sum(marks.values()) > VOTE_K or any(d > VOTE_M for d in marks.values())]
    return {
        "accepted": len(cast), "stored": sum(1 for marks in stored.values() if marks),
        "one_per_participant": all(len(ids) == 1 for ids in ballot_ids.values()),
        "stored_as_cast": sum(1 for name, marks in cast.items() if stored.get(name) == marks),
        "over_limits": len(over),
        "tappers": len(tappers),
        "tappers_accepted_taps": sum(tappers.values()),
        "tappers_exactly_k": sum(1 for name in tappers
                                 if sum(stored.get(name, {}).values()) == VOTE_K),
        "stored_unanswered": len(set(stored) - set(cast) - set(tappers)),
    }


class DotVote:
    """The vote's steps, for bench.load_workshop.Run (its people, host, stats and plan)."""

    async def host_post(self, name: str, url: str, data: dict,
                        expect: tuple[int, ...] = (302, 303)) -> Answer | None:
        return await self.host.request(self.stats, name, "POST", url, expect=expect,
                                       data={"csrf_token": self.host.csrf, **data})

    async def open_vote(self) -> tuple[int, list[int]]:
        """Merge theme 1's list into a few options, start voting, open a dot round."""
        sid, theme = self.world["session"], self.themes[0]
        page = await self.host.request(self.stats, "combined list", "GET",
                                       f"/sessions/{sid}/themes/{theme}/aggregate")
        self.host.remember_csrf(page.text)
        with _database() as connection:
            items = [row[0] for row in connection.execute(
                "SELECT id FROM aggregate_items WHERE theme_id = %s ORDER BY id", (theme,))]
        size = -(-len(items) // VOTE_OPTIONS)
        for n in range(VOTE_OPTIONS):
            chunk = items[n * size:(n + 1) * size]
            if len(chunk) >= 2:
                await self.host_post("merge", f"/sessions/{sid}/themes/{theme}/aggregate/merge",
                                     {"items": [str(i) for i in chunk],
                                      "title": f"Yhteinen asia {n + 1}"}, (200, 302, 303))
        await self.host_post("stage move", f"/sessions/{sid}/stage", {"stage": "voting"})
        await self.host_post("open round", f"/sessions/{sid}/themes/{theme}/rounds",
                             {"mode": "dots", "budget": str(VOTE_K),
                              "per_option": str(VOTE_M)})
        with _database() as connection:
            round_id = connection.execute(
                "SELECT id FROM vote_rounds WHERE theme_id = %s AND state = 'open'",
                (theme,)).fetchone()[0]
            options = [row[0] for row in connection.execute(
                "SELECT id FROM vote_options WHERE round_id = %s ORDER BY position",
                (round_id,))]
        return round_id, options

    async def dot_vote(self) -> None:
        round_id, options = await self.open_vote()
        sid = self.world["session"]
        self.polling = True
        for person in self.people:  # the vote panel on every phone
            asyncio.get_running_loop().create_task(
                self.keep_polling(person, f"/p/{sid}/vote", 3.0, "poll vote panel"))
        self.watch(self.host, (f"/sessions/{sid}/rounds/{round_id}/results",
                               "poll round results"))
        await asyncio.sleep(3.5)  # every panel has shown the ballot
        cast: dict[str, dict[int, int]] = {}
        tappers: dict[str, int] = {}
        url = f"/p/{sid}/rounds/{round_id}"
        people = list(self.people)
        random.shuffle(people)

        async def vote(index: int) -> None:
            person = people[index]
            name = self.names[id(person)]
            if index % 10 == 0:  # K + 1 taps at once: exactly K stay
                answers = await asyncio.gather(*(person.request(
                    self.stats, "vote: tap +", "POST", f"{url}/adjust", expect=(200, 422),
                    headers={"HX-Request": "true"},
                    data={"csrf_token": person.csrf, "option": str(options[n % len(options)]),
                          "delta": "1"}) for n in range(VOTE_K + 1)))
                tappers[name] = sum(1 for a in answers if a is not None
                                    and a.status_code == 200)
                return
            marks: dict[int, int] = defaultdict(int)
            while sum(marks.values()) < VOTE_K:
                option = random.choice(options)
                if marks[option] < VOTE_M:
                    marks[option] += 1
            response = await person.request(
                self.stats, "vote: cast ballot", "POST", f"{url}/ballot",
                headers={"HX-Request": "true"},
                data={"csrf_token": person.csrf,
                      **{f"option-{option}": str(dots) for option, dots in marks.items()}})
            if response is not None and response.status_code == 200:
                cast[name] = dict(marks)

        spy = (profiling.start(self.pids["app"][0], self.plan.vote_s + 2, PROFILE_VOTE)
               if self.profile else None)
        started = time.perf_counter()
        await at_rate(len(people), self.plan.vote_s, vote)
        answered = time.perf_counter() - started
        if spy is not None:
            self.hot_vote = await asyncio.to_thread(profiling.hot_frames, spy, PROFILE_VOTE)
        await asyncio.sleep(3)
        self.polling = False
        await asyncio.sleep(3.5)
        self.ballots = await asyncio.to_thread(_verify_ballots, round_id, cast, tappers)
        self.ballots["last_answer_after_s"] = round(answered, 1)
