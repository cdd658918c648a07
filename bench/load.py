"""A small asyncio load client on aiohttp: N requests at concurrency C, latencies and status codes."""

import asyncio
import math
import re
import statistics
import time
from dataclasses import dataclass, field

import aiohttp


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0  # connection errors and timeouts
    wall_s: float = 0.0

    def percentile(self, p: float) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))  # nearest rank
        return round(ordered[index], 2)

    @property
    def p50(self) -> float | None:
        return round(statistics.median(self.latencies_ms), 2) if self.latencies_ms else None

    @property
    def p95(self) -> float | None:
        return self.percentile(95)

    @property
    def errors_5xx(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


def _session(concurrency: int) -> aiohttp.ClientSession:
    # Loopback only; a fresh connection per request, as gunicorn's sync workers close them anyway.
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=True)
    timeout = aiohttp.ClientTimeout(total=120)
    return aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar())


async def _one(session, method, url, headers, data, run: Run) -> bytes | None:
    """One request, recorded in `run`; its body (None after a connection error or a timeout)."""
    started = time.perf_counter()
    try:
        async with session.request(method, url, headers=headers, data=data, allow_redirects=False) as response:
            body = await response.read()
            status = response.status
    except (TimeoutError, aiohttp.ClientError):
        run.errors += 1
        return None
    run.latencies_ms.append((time.perf_counter() - started) * 1000)
    run.statuses[status] = run.statuses.get(status, 0) + 1
    return body


async def _hammer(url: str, *, requests: int, concurrency: int, headers: dict) -> Run:
    run = Run()
    remaining = iter(range(requests))

    async with _session(concurrency) as session:

        async def worker():
            for _ in remaining:
                await _one(session, "GET", url, headers, None, run)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        run.wall_s = time.perf_counter() - started
    return run


def hammer(url: str, *, requests: int, concurrency: int, headers: dict | None = None) -> Run:
    return asyncio.run(_hammer(url, requests=requests, concurrency=concurrency, headers=headers or {}))


def get(url: str, *, headers: dict | None = None) -> tuple[int, str]:
    async def fetch():
        async with _session(1) as session:
            async with session.get(url, headers=headers or {}, allow_redirects=False) as response:
                return response.status, await response.text(errors="replace")

    return asyncio.run(fetch())


async def _storm(requests: list[tuple[str, dict, dict]]) -> Run:
    """Every request at once: each (url, headers, form data) is one person's POST."""
    run = Run()
    async with _session(len(requests)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(_one(session, "POST", url, headers, data, run) for url, headers, data in requests))
        run.wall_s = time.perf_counter() - started
    return run


def storm(requests: list[tuple[str, dict, dict]]) -> Run:
    return asyncio.run(_storm(requests))


@dataclass
class Request:
    """One request of a mix, reported under `label` (a page, or a kind of write)."""

    label: str
    url: str
    headers: dict
    method: str = "GET"
    data: object = None  # the form of a POST: a dict, or a list of pairs for repeated fields


async def _mix(requests: list[Request], concurrency: int) -> tuple[dict[str, Run], float]:
    runs: dict[str, Run] = {}
    remaining = iter(requests)

    async with _session(concurrency) as session:

        async def client():
            for request in remaining:
                run = runs.setdefault(request.label, Run())
                await _one(session, request.method, request.url, request.headers, request.data, run)

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        wall_s = time.perf_counter() - started
    for run in runs.values():
        run.wall_s = wall_s
    return runs, wall_s


def mix(requests: list[Request], *, concurrency: int) -> tuple[dict[str, Run], float]:
    """`requests` in their order by `concurrency` clients at once, each taking the next when done: a Run per label,
    and the wall time of the whole."""
    return asyncio.run(_mix(requests, concurrency))


@dataclass
class Visit:
    """One person answering the urgent call: opens the shift page at `at_s` seconds from the start and, if
    `signup_url` is set, signs up `think_s` seconds after the page arrived, with the CSRF token the page gave."""

    at_s: float
    url: str
    cookie: str
    signup_url: str | None = None
    think_s: float = 0.0


@dataclass
class Burst:
    pages: Run = field(default_factory=Run)
    signups: Run = field(default_factory=Run)
    tokens_missing: int = 0  # sign-ups whose page carried no CSRF field (they are sent without one: 403)


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


async def _burst(visits: list[Visit]) -> Burst:
    burst = Burst()
    async with _session(max(1, len(visits))) as session:
        started = time.perf_counter()

        async def visit(person: Visit):
            await asyncio.sleep(max(0.0, person.at_s - (time.perf_counter() - started)))
            headers = {"Cookie": person.cookie}
            body = await _one(session, "GET", person.url, headers, None, burst.pages)
            if person.signup_url is None or body is None:
                return
            found = CSRF_FIELD.search(body)
            if found is None:
                burst.tokens_missing += 1
            await asyncio.sleep(person.think_s)
            form = {"csrfmiddlewaretoken": found.group(1).decode()} if found else {}
            await _one(session, "POST", person.signup_url, headers, form, burst.signups)

        await asyncio.gather(*(visit(person) for person in visits))
        burst.pages.wall_s = burst.signups.wall_s = time.perf_counter() - started
    return burst


def burst(visits: list[Visit]) -> Burst:
    """Every visit at its own time, all in one event loop (a person's page and sign-up on their own connections)."""
    return asyncio.run(_burst(visits))
