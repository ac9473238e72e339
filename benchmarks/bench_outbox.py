"""The PostgreSQL outbox, against a real server and the sandbox on this machine.

- 4 `timeback-caliper relay` processes deliver 100,000 queued events; baseline, same run
  and first: the in-process `send_batches` of the same events to a fresh sandbox, 100 per
  batch and 4 in flight (targets: >= 10,000 events/s and >= 0.8x the baseline). The relays
  send 100 per batch with one batch in flight each (`--concurrency 1`), so that the sandbox
  has as many requests in flight as in the baseline; the same with the relay's default of 4
  in flight each is reported beside it. The clock starts when every relay is up and waiting
  for the outbox (it is locked until then: process start-up is not delivery); the rate with
  start-up included is reported too. Each run starts from a vacuumed outbox;
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


# Asked every 10 ms while the relays run, on one open connection, so that watching costs
# the server next to nothing: a probe of each partial index (rows waiting, rows claimed).
# A `count(*)` of the outbox took 40 ms of the server's time each (it reads every page,
# dead rows included) and slowed the relays it was watching.
_LEFT = (
    "SELECT EXISTS (SELECT 1 FROM timeback_caliper.outbox"
    "  WHERE owner IS NULL AND job_id IS NULL)"
    " OR EXISTS (SELECT 1 FROM timeback_caliper.outbox WHERE owner IS NOT NULL)"
)
_LOCK_WAITERS = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"


def _fill(url: str, bodies: list[str]) -> None:
    sql = "COPY timeback_caliper.outbox (sensor, body, size) FROM STDIN"
    with psycopg.connect(url) as conn, conn.cursor() as cursor, cursor.copy(sql) as copy:
        for body in bodies:
            copy.write_row((SENSOR, body, len(body)))


def _one(conn: psycopg.Connection[tuple[object, ...]], sql: str) -> object:
    row = conn.execute(sql).fetchone()
    return row[0] if row else None


def _relays(url: str, bodies: list[str], concurrency: int) -> tuple[float, float]:
    """Seconds for RELAYS relay processes to empty an outbox of the events: from when all
    of them are up and waiting for it (the outbox is locked until then), and from their
    start (their start-up included)."""
    with (
        sandbox_process() as env,
        psycopg.connect(url) as gate,
        psycopg.connect(url, autocommit=True) as watch,  # sees each moment as it is
    ):
        _fill(url, bodies)
        gate.execute("LOCK TABLE timeback_caliper.outbox IN ACCESS EXCLUSIVE MODE")
        launched = time.perf_counter()
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
                    "--concurrency",
                    str(concurrency),
                ],
                env={**os.environ, **env},
                stderr=subprocess.DEVNULL,
            )
            for _ in range(RELAYS)
        ]
        try:
            while _one(watch, _LOCK_WAITERS) != RELAYS:
                time.sleep(0.01)
            started = time.perf_counter()
            gate.commit()  # the lock goes: every relay claims at once
            while _one(watch, _LEFT):
                time.sleep(0.01)
            ended = time.perf_counter()
        finally:
            for relay in relays:
                relay.send_signal(signal.SIGTERM)
            for relay in relays:
                relay.wait(60)
    assert _count(url) == 0
    _vacuum(url)  # the dead rows' cleanup does not fall into the next measurement
    return ended - started, ended - launched


def _vacuum(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE timeback_caliper.outbox")


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
        with sandbox_process() as env:
            baseline = asyncio.run(_send_batches(env, events))
        relay_seconds, with_start = _relays(url, bodies, concurrency=1)
        default_seconds, _ = _relays(url, bodies, concurrency=4)
        latencies = _enqueue_latencies(url, 2000)
        with psycopg.connect(url) as conn:
            conn.execute("TRUNCATE timeback_caliper.outbox")
            conn.commit()
        _fill(url, bodies)
        _vacuum(url)
        with PostgresSpool(url, 10 * EVENTS) as spool:
            used = spool.status()["bytes_used"]
    finally:
        server.close()
    raw = sum(len(b) for b in bodies) / EVENTS
    report("send_batches in one process (baseline)", EVENTS / baseline, "events/s")
    report(
        f"{RELAYS} relay processes, 1 batch in flight each",
        EVENTS / relay_seconds,
        "events/s",
        baseline=EVENTS / baseline,
        note="targets >= 10,000 events/s, ratio >= 0.8",
    )
    report(
        "  the same, the relays' start-up included",
        EVENTS / with_start,
        "events/s",
        baseline=EVENTS / baseline,
    )
    report(
        f"{RELAYS} relay processes, 4 in flight each (default)",
        EVENTS / default_seconds,
        "events/s",
        baseline=EVENTS / baseline,
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
