"""A small asyncio load client on aiohttp: N requests at concurrency C, latencies and status codes."""

import asyncio
import math
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


async def _one(session, method, url, headers, data, run: Run) -> None:
    started = time.perf_counter()
    try:
        async with session.request(method, url, headers=headers, data=data, allow_redirects=False) as response:
            await response.read()
            status = response.status
    except (TimeoutError, aiohttp.ClientError):
        run.errors += 1
        return
    run.latencies_ms.append((time.perf_counter() - started) * 1000)
    run.statuses[status] = run.statuses.get(status, 0) + 1


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
