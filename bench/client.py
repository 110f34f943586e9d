"""Simulated browsers over loopback: each person keeps its own cookies, ETags and CSRF
token; a request goes to one of the app servers at random (two instances share
everything through PostgreSQL, Redis and the signed cookies)."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Awaitable, Callable

from bench.stats import Stats
from bench.wire import Answer, Client, ConnectionLost

TIMEOUT = 15  # seconds a simulated phone waits for an answer
SOURCES = [f"127.0.0.{n}" for n in range(2, 7)]  # a venue network: a handful of addresses
CSRF_RE = re.compile(r'csrf_token" type="hidden" value="([^"]+)"')


CONNECTIONS = 200  # per client: source address × app server


def clients(ports: list[int], sources: list[str] = SOURCES) -> list[list[Client]]:
    """For each source address, one client per app server port."""
    return [[Client(port, source, CONNECTIONS, TIMEOUT) for port in ports]
            for source in sources]


async def close_all(groups: list[list[Client]]) -> None:
    for group in groups:
        for client in group:
            await client.aclose()


class Person:
    """One browser: its own cookies (secure ones too: the stack runs without TLS here),
    the ETags it holds and its CSRF token."""

    def __init__(self, servers: list[Client]) -> None:
        self.servers = servers
        self.cookies: dict[str, str] = {}
        self.etags: dict[str, str] = {}
        self.csrf = ""
        self.group = 0

    def _keep(self, response: Answer) -> None:
        for header in response.header_list("set-cookie"):
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            if "max-age=0" in attributes.lower() or "1970" in attributes:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    async def request(self, stats: Stats, name: str, method: str, url: str,
                      expect: tuple[int, ...] = (200,), **kwargs) -> Answer | None:
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        client = self.servers[0] if len(self.servers) == 1 else random.choice(self.servers)
        started = time.perf_counter()
        try:  # a phone gives up, however long it waited for a connection
            async with asyncio.timeout(TIMEOUT + 5):
                response = await client.request(method, url, headers=headers, **kwargs)
        except (ConnectionLost, OSError, TimeoutError) as error:
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

    async def poll(self, stats: Stats, name: str, url: str,
                   expect: tuple[int, ...] = (200, 304)) -> Answer | None:
        headers = {"HX-Request": "true"}
        if url in self.etags:
            headers["If-None-Match"] = self.etags[url]
        response = await self.request(stats, name, "GET", url, expect=expect, headers=headers)
        tag = response.header("etag") if response is not None else None
        if tag:
            self.etags[url] = tag
        return response


async def at_rate(count: int, seconds: float, action: Callable[[int], Awaitable[None]]) -> None:
    """Start *action(i)* for i < count evenly over *seconds* (open loop: a slow answer does
    not hold back the next start), and wait for all of them."""
    start = time.perf_counter()
    gap = seconds / max(count, 1)

    async def one(index: int) -> None:
        await asyncio.sleep(max(0.0, start + index * gap - time.perf_counter()))
        await action(index)

    await asyncio.gather(*(one(i) for i in range(count)))


async def closed_loop(connections: int, seconds: float,
                      request: Callable[[int], Awaitable[None]]) -> None:
    """*request* back to back from *connections* lanes for *seconds*."""
    end = time.perf_counter() + seconds

    async def lane(n: int) -> None:
        while time.perf_counter() < end:
            await request(n)

    await asyncio.gather(*(lane(n) for n in range(connections)))
