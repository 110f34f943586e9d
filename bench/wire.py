"""A lean HTTP/1.1 client for the load generator: keep-alive connections over loopback,
each request written as bytes and its answer parsed with nothing but ``bytes.find``.

httpx costs the generator about as much CPU per request as a 304 costs the app, and the
generator shares the two cores with the app and PostgreSQL: simulated phones would queue
in the generator itself. This client does a fraction of that work (no request or response
models, no header normalisation, no pool bookkeeping beyond a list of idle connections).
It knows what our app answers: ``Content-Length`` or chunked bodies, ``Connection: close``.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode

IDLE_S = 2.0  # an idle connection is dropped well before gunicorn's keep-alive (5 s)


class Answer:
    """What a request got back: status, headers (lower-case names), body."""

    __slots__ = ("status_code", "raw_headers", "content")

    def __init__(self, status: int, raw_headers: list[tuple[str, str]], content: bytes):
        self.status_code = status
        self.raw_headers = raw_headers
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def header(self, name: str, default: str | None = None) -> str | None:
        return next((v for k, v in self.raw_headers if k == name), default)

    def header_list(self, name: str) -> list[str]:
        return [v for k, v in self.raw_headers if k == name]


class ConnectionLost(Exception):
    def __init__(self, received: bool) -> None:
        super().__init__("connection lost" + (" mid-answer" if received else ""))
        self.received = received


class _Connection(asyncio.Protocol):
    """One keep-alive connection: one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future | None = None
        self.closed = False
        self.idle_since = 0.0

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.waiter is None or self.waiter.done():
            return
        answer = self._parse()
        if answer is not None:
            self.waiter.set_result(answer)

    def connection_lost(self, exc) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionLost(bool(self.buffer)))

    def _parse(self) -> Answer | None:
        buffer = self.buffer
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = bytes(buffer[:end]).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = []
        length, chunked, close = 0, False, False
        for line in head[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            headers.append((name, value))
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
        start = end + 4
        if status in (204, 304) or 100 <= status < 200:
            body, rest = b"", start
        elif chunked:
            parsed = _dechunk(buffer, start)
            if parsed is None:
                return None
            body, rest = parsed
        else:
            if len(buffer) < start + length:
                return None
            body, rest = bytes(buffer[start:start + length]), start + length
        del buffer[:rest]
        if close:
            self.closed = True
            self.transport.close()
        return Answer(status, headers, body)

    async def exchange(self, request: bytes, timeout: float) -> Answer:
        self.waiter = asyncio.get_running_loop().create_future()
        self.buffer.clear()
        self.transport.write(request)
        try:
            async with asyncio.timeout(timeout):
                return await self.waiter
        finally:
            self.waiter = None


def _dechunk(buffer: bytearray, start: int) -> tuple[bytes, int] | None:
    parts, at = [], start
    while True:
        line_end = buffer.find(b"\r\n", at)
        if line_end < 0:
            return None
        size = int(bytes(buffer[at:line_end]).split(b";")[0], 16)
        at = line_end + 2
        if size == 0:
            trailer = buffer.find(b"\r\n", at)
            return (b"".join(parts), trailer + 2) if trailer >= 0 else None
        if len(buffer) < at + size + 2:
            return None
        parts.append(bytes(buffer[at:at + size]))
        at += size + 2


class Client:
    """Connections from one source address to one app server, at most *limit* at once
    (a request waits for a free one, as a browser's pool makes it wait)."""

    def __init__(self, port: int, source: str = "127.0.0.1", limit: int = 200,
                 timeout: float = 15.0) -> None:
        self.port, self.source, self.timeout = port, source, timeout
        self.host = f"127.0.0.1:{port}".encode()
        self.idle: list[_Connection] = []
        self.gate = asyncio.Semaphore(limit)

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        _, connection = await loop.create_connection(
            _Connection, "127.0.0.1", self.port, local_addr=(self.source, 0))
        return connection

    def _idle_connection(self) -> _Connection | None:
        now = time.monotonic()
        while self.idle:
            connection = self.idle.pop()
            if not connection.closed and now - connection.idle_since < IDLE_S:
                return connection
            connection.transport.close()
        return None

    def _encode(self, method: str, url: str, headers: dict[str, str], params, data) -> bytes:
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params, doseq=True)
        lines = [f"{method} {url} HTTP/1.1", f"Host: {self.host.decode()}"]
        body = b""
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            lines.append("Content-Type: application/x-www-form-urlencoded")
        if body or method not in ("GET", "HEAD"):
            lines.append(f"Content-Length: {len(body)}")
        lines += [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def request(self, method: str, url: str, headers: dict[str, str] | None = None,
                      params=None, data=None) -> Answer:
        payload = self._encode(method, url, headers or {}, params, data)
        async with self.gate:
            connection = self._idle_connection()
            for attempt in range(2):
                reused = connection is not None
                if connection is None:
                    connection = await self._connect()
                try:
                    answer = await connection.exchange(payload, self.timeout)
                except ConnectionLost as lost:
                    # A kept-alive connection the server had just closed: sent again on a
                    # new one, as browsers do (nothing of an answer had come).
                    if reused and not lost.received and attempt == 0:
                        connection = None
                        continue
                    raise
                except BaseException:
                    connection.transport.close()
                    raise
                if not connection.closed:
                    connection.idle_since = time.monotonic()
                    self.idle.append(connection)
                return answer
        raise AssertionError("unreachable")

    async def get(self, url: str) -> Answer:
        return await self.request("GET", url)

    async def aclose(self) -> None:
        while self.idle:
            self.idle.pop().transport.close()


def install_fast_loop() -> None:
    """uvloop's event loop where it is installed (the bench extra): less CPU per request."""
    try:
        import uvloop
    except ImportError:
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
