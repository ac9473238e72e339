"""The PostgreSQL outbox, against a real server and the sandbox on this machine.

- 4 `timeback-caliper relay` processes deliver 100,000 queued events, with their defaults
  (100 per batch, 4 batches in flight each), and with one in flight each (`--concurrency 1`:
  as many requests in flight as the baseline has). Baseline, first in each round: the
  in-process `send_batches` of the same events to a fresh sandbox, 100 per batch, 4 in
  flight. Targets: >= 10,000 events/s and >= 0.8x the baseline. The clock starts when every
  relay is up and waiting for the outbox (it is locked until then: process start-up is not
  delivery); the rate with start-up included is reported too. Each run starts from a
  vacuumed outbox; three rounds of the three runs in turn, medians reported;
- `outbox.enqueue` inside an open transaction (with a row of the app's own), commit
  included, on a server that syncs its commits (fsync on): p50, p99 (target p99 <= 2 ms);
- disk per queued event (table, indexes and TOAST), against the JSON's own size.
"""

from __future__ import annotations

import asyncio
import json
import signal
import statistics
import time

import psycopg

from benchmarks._support import (
    BENCH_SENSOR,
    activity_event,
    relay_process,
    report,
    sandbox_process,
)
from tests.postgres import PostgresServer
from timeback_caliper import AsyncCaliperClient, outbox
from timeback_caliper._pg_spool import PostgresSpool

EVENTS = 100_000
RELAYS = 4
ROUNDS = 3
SENSOR = BENCH_SENSOR


# Asked every 10 ms while the relays run, on one open connection, so that watching costs
# the server next to nothing: a probe of each partial index (rows waiting, rows claimed).
# A `count(*)` of the outbox took 40 ms of the server's time each (it reads every page,
# dead rows included) and slowed the relays it was watching.
_LEFT = (
    "SELECT EXISTS (SELECT 1 FROM timeback_caliper.outbox"
    "  WHERE owner IS NULL AND job_id IS NULL)"
    " OR EXISTS (SELECT 1 FROM timeback_caliper.outbox WHERE owner IS NOT NULL)"
)
_LOCK_WAITERS = (
    "SELECT count(*) FROM pg_locks"
    " WHERE relation = 'timeback_caliper.outbox'::regclass AND NOT granted"
)


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
            relay_process(url, env, "--summary-every", "3600", "--concurrency", str(concurrency))
            for _ in range(RELAYS)
        ]
        try:
            while _one(watch, _LOCK_WAITERS) != RELAYS:
                exited = [r.returncode for r in relays if r.poll() is not None]
                if exited or time.perf_counter() - launched > 120:
                    raise RuntimeError(f"the relays did not all start (exit codes {exited})")
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
    with psycopg.connect(url) as conn:  # all delivered, none set aside
        assert _one(conn, "SELECT count(*) FROM timeback_caliper.outbox") == 0
        assert _one(conn, "SELECT count(*) FROM timeback_caliper.dead") == 0
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


def _rounds(url: str, events: list[dict[str, object]], bodies: list[str]) -> list[list[float]]:
    """ROUNDS rounds of baseline, relays with their default of four in flight, relays with
    one: seconds each (and the default relays' with start-up), in turn, so that the
    machine's drift over the run falls on all alike."""
    rounds = []
    for _ in range(ROUNDS):
        with sandbox_process() as env:
            baseline = asyncio.run(_send_batches(env, events))
        four, four_started = _relays(url, bodies, concurrency=4)
        one, _ = _relays(url, bodies, concurrency=1)
        rounds.append([baseline, four, four_started, one])
    return rounds


def main() -> None:
    events = [activity_event(i, users=500) for i in range(EVENTS)]
    bodies = [json.dumps(e) for e in events]
    server = PostgresServer(durable=True)
    try:
        server.start()
        url = server.url
        outbox.migrate(url)
        rounds = _rounds(url, events, bodies)
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
    rates = [[EVENTS / seconds for seconds in r] for r in rounds]
    baseline = statistics.median(r[0] for r in rates)
    report(f"send_batches in one process (baseline, median of {ROUNDS})", baseline, "events/s")
    rows = (
        (1, f"{RELAYS} relay processes, 4 in flight each", "targets >= 10,000/s, >= 0.8"),
        (2, "  the same, the relays' start-up included", ""),
        (3, f"{RELAYS} relay processes, 1 in flight each", ""),
    )
    for column, name, target in rows:
        ratios = sorted(r[column] / r[0] for r in rates)
        report(
            name,
            statistics.median(r[column] for r in rates),
            "events/s",
            note=f"ratio {statistics.median(ratios):.2f} (median of the rounds'; "
            f"{ratios[0]:.2f}-{ratios[-1]:.2f}){'  ' + target if target else ''}",
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
