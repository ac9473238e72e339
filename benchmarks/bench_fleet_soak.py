"""A fleet through its worst minute: what was committed, what the API stored, how often.

4 `timeback-caliper relay` processes deliver from one PostgreSQL outbox while 4 producer
threads write 20,000 events in transactions of 10 (with a row of the app's own in each;
every 10th transaction is rolled back). The sandbox (in its own process) stores a repeated
id again (`--duplicates again`), so every resend shows, and meets 503s, 429s and dropped
requests (a dropped request is not handled: a resend of it is never a duplicate). Part way,
one relay is SIGKILLed and replaced, and PostgreSQL is stopped at once and started 2 s
later (`-m immediate`: a crash; the server syncs its commits, as in production). No
supervisor: a relay that exits stays down.

What was committed is read back from the app's own table (its rows commit or roll back with
the events), what was stored from the sandbox's database. Printed: enqueued (committed),
stored once, twice, lost, dead, rolled-back events that were sent, relay exits.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

from benchmarks._support import BENCH_SENSOR, activity_event, relay_process, sandbox_process
from tests.postgres import PostgresServer
from timeback_caliper import outbox

EVENTS = 20_000
PRODUCERS = 4
PER_TRANSACTION = 10
RELAYS = 4
FAULTS = ["send:503:0@0.05", "send:429:0@0.05", "send:drop@0.03"]
KILL_AT, RESTART_AT, OUTAGE = 4.0, 7.0, 2.0
DRAIN_TIMEOUT = 240.0


@contextlib.contextmanager
def _sandbox(folder: str) -> Iterator[tuple[dict[str, str], str]]:
    db = os.path.join(folder, "sandbox.db")
    args = ["--duplicates", "again", "--request-log", "0"]
    for fault in FAULTS:
        args += ["--fault", fault]
    with sandbox_process(*args, db=db) as env:
        yield env, db


def _produce(url: str, index: int, stop_at: int, errors: collections.Counter[str]) -> None:
    """Transactions of PER_TRANSACTION events with an app row; every 10th rolled back.
    A transaction the outage breaks is not retried (the app would report it): what it
    committed or not is read back from the app's table at the end."""
    per_producer = EVENTS // PRODUCERS
    n = 0
    conn: psycopg.Connection[tuple[object, ...]] | None = None
    while n < per_producer:
        try:
            if conn is None or conn.closed:
                conn = psycopg.connect(url, connect_timeout=2)
            ids = []
            with conn.transaction():
                for i in range(PER_TRANSACTION):
                    event = activity_event(index * per_producer + n + i)
                    outbox.enqueue(conn, event, sensor=BENCH_SENSOR)
                    ids.append(event["id"])
                conn.execute("INSERT INTO app.orders (ids) VALUES (%s)", (ids,))
                if (n // PER_TRANSACTION) % 10 == 9:
                    raise psycopg.Rollback()  # the block ends here, rolled back
            n += PER_TRANSACTION
            time.sleep(0.015)  # about 2,000 events a second from the four
        except Exception as exc:
            errors[type(exc).__name__] += 1
            n += PER_TRANSACTION  # this transaction is the app's to report, not ours
            with contextlib.suppress(Exception):
                if conn is not None:
                    conn.close()
            conn = None
            time.sleep(0.2)
    if conn is not None:
        conn.close()


def _relay(url: str, env: dict[str, str], folder: str, index: int) -> subprocess.Popen[str]:
    with open(os.path.join(folder, f"relay-{index}.log"), "w") as log:
        return relay_process(url, env, "--summary-every", "1", "--max-retries", "6", output=log)


def _left(url: str) -> int:
    with contextlib.suppress(psycopg.Error), psycopg.connect(url, connect_timeout=2) as conn:
        row = conn.execute("SELECT count(*) FROM timeback_caliper.outbox").fetchone()
        return int(row[0]) if row else 0
    return -1


def run(*, kill: bool = True, restart: bool = True) -> dict[str, object]:
    server = PostgresServer(durable=True)  # a crash keeps what was committed, as in production
    server.start()
    try:
        url = server.new_database()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE SCHEMA app")
            conn.execute("CREATE TABLE app.orders (n serial PRIMARY KEY, ids text[] NOT NULL)")
        with tempfile.TemporaryDirectory() as folder, _sandbox(folder) as (env, sandbox_db):
            relays = [_relay(url, env, folder, i) for i in range(RELAYS)]
            errors: collections.Counter[str] = collections.Counter()
            producers = [
                threading.Thread(target=_produce, args=(url, i, EVENTS, errors))
                for i in range(PRODUCERS)
            ]
            started = time.monotonic()
            for thread in producers:
                thread.start()
            killed, replaced, restarted = not kill, not kill, not restart
            while any(t.is_alive() for t in producers) or not restarted:
                elapsed = time.monotonic() - started
                if not killed and elapsed >= KILL_AT:
                    relays[0].send_signal(signal.SIGKILL)
                    relays[0].wait()
                    killed = True
                if killed and not replaced:
                    relays.append(_relay(url, env, folder, len(relays)))
                    replaced = True
                if not restarted and elapsed >= RESTART_AT:
                    server.stop("immediate")
                    time.sleep(OUTAGE)
                    server.start()
                    restarted = True
                time.sleep(0.05)
            for thread in producers:
                thread.join()
            deadline = time.monotonic() + DRAIN_TIMEOUT
            while _left(url) != 0 and time.monotonic() < deadline:
                if all(p.poll() is not None for p in relays):
                    break
                time.sleep(0.5)
            drained = time.monotonic() - started
            exited = [
                i for i, p in enumerate(relays) if p.poll() is not None and not (kill and i == 0)
            ]
            for p in relays:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            codes = [p.wait(60) for p in relays]
            logs = {i: Path(folder, f"relay-{i}.log").read_text()[-2000:] for i in exited}
            with psycopg.connect(url) as conn:
                committed = {
                    i for (ids,) in conn.execute("SELECT ids FROM app.orders") for i in ids
                }
                dead_row = conn.execute("SELECT count(*) FROM timeback_caliper.dead").fetchone()
                left_row = conn.execute("SELECT count(*) FROM timeback_caliper.outbox").fetchone()
            stored_db = sqlite3.connect(sandbox_db)
            counts = collections.Counter(
                row[0] for row in stored_db.execute("SELECT external_id FROM events")
            )
            stored_db.close()
    finally:
        server.close()
    return {
        "attempted": EVENTS,
        "enqueued": len(committed),
        "stored once": sum(1 for i in committed if counts.get(i) == 1),
        "twice or more": sum(1 for i in committed if counts.get(i, 0) > 1),
        "lost": sum(1 for i in committed if i not in counts),
        "dead": int(dead_row[0]) if dead_row else 0,
        "left in outbox": int(left_row[0]) if left_row else 0,
        "rolled back but sent": sum(1 for i in counts if i not in committed),
        "relay exits": len(exited),
        "exit codes": codes,
        "producer errors": dict(errors),
        "seconds": round(drained, 1),
        "logs of exited relays": logs,
    }


def main() -> None:
    """`--no-kill`, `--no-restart`: the same run without that fault (what each one costs)."""
    result = run(kill="--no-kill" not in sys.argv, restart="--no-restart" not in sys.argv)
    logs = result.pop("logs of exited relays")
    print(json.dumps(result, indent=2))
    for index, text in logs.items():  # type: ignore[attr-defined]
        print(f"-- relay {index} exited:\n{text}")


if __name__ == "__main__":
    main()
