"""Bulk: 50,000 events through `AsyncCaliperClient.events.send_batches` to the sandbox.

Events come from a generator; reported: events/s and the peak of Python memory allocated
during the send (tracemalloc). Baseline, same run: the same number of events posted as
pre-serialized envelopes of 100 with plain httpx, 4 at a time. A second run with 10x fewer
events shows whether memory grows with the input (it should not: O(batch)).
"""

from __future__ import annotations

import asyncio
import json
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

import httpx

from benchmarks._support import activity_event, report, sandbox_process, token
from timeback_caliper import AsyncCaliperClient

EVENTS = 50_000
SENSOR = "https://app.example.com/sensors/bulk"


def _events(n: int) -> Iterator[dict[str, Any]]:
    return (activity_event(i) for i in range(n))


async def _baseline(env: dict[str, str], n: int) -> float:
    headers = {"content-type": "application/json", "authorization": f"Bearer {token(env)}"}
    events = list(_events(n))
    bodies = [
        json.dumps(
            {
                "sensor": SENSOR,
                "sendTime": "2025-07-28T16:00:00.000Z",
                "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
                "data": events[i : i + 100],
            }
        ).encode()
        for i in range(0, n, 100)
    ]
    sem = asyncio.Semaphore(4)
    async with httpx.AsyncClient(base_url=env["TIMEBACK_API_BASE_URL"], timeout=60) as http:

        async def post(body: bytes) -> None:
            async with sem:
                (
                    await http.post("/caliper/event", content=body, headers=headers)
                ).raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(post(b) for b in bodies))
        return time.perf_counter() - started


async def _ours(env: dict[str, str], n: int, *, trace: bool) -> tuple[float, int]:
    """Seconds for `n` events, or (with `trace`, which slows Python down) the memory peak."""
    async with AsyncCaliperClient(
        base_url=env["TIMEBACK_API_BASE_URL"],
        auth_url=env["TIMEBACK_API_AUTH_URL"],
        client_id=env["TIMEBACK_API_CLIENT_ID"],
        client_secret=env["TIMEBACK_API_CLIENT_SECRET"],
        timeout=60,
    ) as client:
        await client.events.list(limit=1)
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        results = await client.events.send_batches(
            SENSOR, _events(n), batch_size=100, max_concurrency=4
        )
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        tracemalloc.stop()
    assert len(results) == n // 100
    return elapsed, peak


def main() -> None:
    with sandbox_process() as env:
        baseline = asyncio.run(_baseline(env, EVENTS))
    with sandbox_process() as env:
        elapsed, _ = asyncio.run(_ours(env, EVENTS, trace=False))
    with sandbox_process() as env:
        _, peak = asyncio.run(_ours(env, EVENTS, trace=True))
    with sandbox_process() as env:
        _, small_peak = asyncio.run(_ours(env, EVENTS // 10, trace=True))
    report("plain httpx, pre-serialized (baseline)", EVENTS / baseline, "events/s")
    report(
        "send_batches (validate, batch, send)",
        EVENTS / elapsed,
        "events/s",
        baseline=EVENTS / baseline,
    )
    report(f"peak traced memory, {EVENTS:,} events", peak / 1e6, "MB")
    report(
        f"peak traced memory, {EVENTS // 10:,} events",
        small_peak / 1e6,
        "MB",
        note=f"ratio {peak / max(small_peak, 1):.2f} for 10x the events",
    )
