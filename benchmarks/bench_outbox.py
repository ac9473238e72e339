"""The PostgreSQL outbox, against a real server and the sandbox on this machine.

- 4 `timeback-caliper relay` processes deliver 100,000 queued events; baseline, same run:
  the in-process `send_batches` of the same events to a fresh sandbox (targets: >= 10,000
  events/s and >= 0.8x the baseline);
- `outbox.enqueue` inside an open transaction (with a row of the app's own), commit
  included, on a server that syncs its commits (fsync on): p50, p99 (target p99 <= 2 ms);
- disk per queued event (table, indexes and TOAST), against the JSON's own size.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import psycopg

from benchmarks._support import activity_event, report, sandbox_process
from tests.postgres import PostgresServer
from timeback_caliper import AsyncCaliperClient, outbox
from timeback_caliper._pg_spool import PostgresSpool

EVENTS = 100_000
RELAYS = 4
SENSOR = "https://app.example.com/sensors/bench"


def _count(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM timeback_caliper.outbox").fetchone()
    return int(row[0]) if row else 0


def _fill(url: str, bodies: list[str]) -> None:
    sql = "COPY timeback_caliper.outbox (sensor, body, size) FROM STDIN"
    with psycopg.connect(url) as conn, conn.cursor() as cursor, cursor.copy(sql) as copy:
        for body in bodies:
            copy.write_row((SENSOR, body, len(body)))


def _relays(url: str, bodies: list[str]) -> float:
    """Seconds for RELAYS relay processes to empty an outbox of the events."""
    with sandbox_process() as env:
        _fill(url, bodies)
        started = time.perf_counter()
        relays = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "timeback_caliper",
                    "relay",
                    "--spool",
                    url,
                    "--summary-every",
                    "3600",
                ],
                env={**os.environ, **env},
                stderr=subprocess.DEVNULL,
            )
            for _ in range(RELAYS)
        ]
        try:
            while _count(url):
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
        finally:
            for relay in relays:
                relay.send_signal(signal.SIGTERM)
            for relay in relays:
                relay.wait(60)
    return elapsed


async def _send_batches(env: dict[str, str], events: list[dict[str, object]]) -> float:
    async with AsyncCaliperClient(
        base_url=env["TIMEBACK_API_BASE_URL"],
        auth_url=env["TIMEBACK_API_AUTH_URL"],
        client_id=env["TIMEBACK_API_CLIENT_ID"],
        client_secret=env["TIMEBACK_API_CLIENT_SECRET"],
        timeout=60,
    ) as client:
        await client.events.list(limit=1)
        started = time.perf_counter()
        await client.events.send_batches(SENSOR, events, batch_size=100, max_concurrency=4)
        return time.perf_counter() - started


def _enqueue_latencies(url: str, n: int) -> list[float]:
    event = activity_event(0)
    latencies = []
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS scores (learner text, points int)")
        conn.commit()
        for i in range(n):
            event["id"] = f"urn:uuid:00000000-0000-4000-8000-{i:012d}"
            started = time.perf_counter()
            with conn.transaction():
                conn.execute("INSERT INTO scores VALUES (%s, %s)", (f"s{i}", i))
                outbox.enqueue(conn, event, sensor=SENSOR)
            latencies.append(time.perf_counter() - started)
    latencies.sort()
    return latencies


def main() -> None:
    events = [activity_event(i, users=500) for i in range(EVENTS)]
    bodies = [json.dumps(e) for e in events]
    server = PostgresServer(durable=True)
    try:
        server.start()
        url = server.url
        outbox.migrate(url)
        relay_seconds = _relays(url, bodies)
        with sandbox_process() as env:
            baseline = asyncio.run(_send_batches(env, events))
        latencies = _enqueue_latencies(url, 2000)
        with psycopg.connect(url) as conn:
            conn.execute("TRUNCATE timeback_caliper.outbox")
            conn.commit()
        _fill(url, bodies)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE timeback_caliper.outbox")
        with PostgresSpool(url, 10 * EVENTS) as spool:
            used = spool.status()["bytes_used"]
    finally:
        server.close()
    raw = sum(len(b) for b in bodies) / EVENTS
    report("send_batches in one process (baseline)", EVENTS / baseline, "events/s")
    report(
        f"{RELAYS} relay processes from the outbox",
        EVENTS / relay_seconds,
        "events/s",
        baseline=EVENTS / baseline,
        note="targets >= 10,000 events/s, ratio >= 0.8",
    )
    for q in (0.5, 0.99):
        report(
            f"enqueue in a transaction, commit included, p{q * 100:g}",
            latencies[int(q * len(latencies))] * 1e3,
            "ms",
            note="target p99 <= 2 ms" if q == 0.99 else "",
        )
    report("JSON of an event (baseline)", raw, "bytes")
    report("outbox disk per queued event", used / EVENTS, "bytes", baseline=raw)
