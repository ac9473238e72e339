"""The PostgreSQL spool holds the SQLite spool's contract, against a real server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from tests import payloads
from tests._async.conftest import FAST_RETRY
from tests.outbox.conftest import new_database, rows
from tests.postgres import PostgresServer
from tests.spec_tools import ROOT
from timeback_caliper import Sender, SpoolError
from timeback_caliper._pg_spool import LOCK_GRACE, VERSION, PostgresSpool, migrate
from timeback_caliper.sandbox import Sandbox

SENSOR = payloads.SENSOR


def _fill(spool: PostgresSpool, count: int) -> None:
    for i in range(count):
        body = json.dumps({"n": i})
        assert spool.put(SENSOR, body, len(body)) is None


def test_a_database_without_the_schema_is_refused_with_the_command_to_run(
    postgres: PostgresServer,
) -> None:
    url = new_database(postgres, migrated=False)

    with pytest.raises(SpoolError, match="run `timeback-caliper outbox migrate --spool URL`") as e:
        PostgresSpool(url, 100)

    assert "not-a-spool" == e.value.reason
    with psycopg.connect(url) as conn:  # nothing was created implicitly
        assert conn.execute("SELECT to_regnamespace('timeback_caliper')").fetchone() == (None,)


def test_migrate_creates_the_schema_once_with_its_version(postgres: PostgresServer) -> None:
    url = new_database(postgres, migrated=False)

    assert ([VERSION], []) == (migrate(url), migrate(url))
    with psycopg.connect(url) as conn:
        versions = conn.execute("SELECT version FROM timeback_caliper.schema_version").fetchall()
    assert [(VERSION,)] == versions


def test_an_error_never_shows_the_password(postgres: PostgresServer) -> None:
    url = postgres.url.replace("caliper@", "caliper:hunter2@").replace(str(postgres.port), "9")

    with pytest.raises(SpoolError) as caught:
        PostgresSpool(url, 100)

    assert "unavailable" == caught.value.reason
    assert "hunter2" not in str(caught.value)


def test_concurrent_claims_never_take_the_same_row(outbox_url: str) -> None:
    """Eight claimers on their own connections (as eight processes would be), racing:
    every row is taken exactly once (FOR UPDATE SKIP LOCKED)."""
    with PostgresSpool(outbox_url, 100_000) as writer:
        _fill(writer, 2000)
    spools = [PostgresSpool(outbox_url, 100_000) for _ in range(8)]
    taken: list[list[int]] = [[] for _ in spools]

    def drain(i: int) -> None:
        while (batch := spools[i].claim(37, 1 << 20)) is not None:
            taken[i].extend(e.key for e in batch.entries)
            spools[i].ack(batch)

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(len(spools))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for spool in spools:
        spool.close()

    everything = [key for keys in taken for key in keys]
    assert 2000 == len(everything) == len(set(everything))
    assert sum(1 for keys in taken if keys) > 1  # they did share the work
    assert 0 == rows(outbox_url)


def test_a_dead_holders_rows_are_taken_over_once_its_lock_stays_missing(outbox_url: str) -> None:
    """A process that claimed a batch is SIGKILLed: its session ends, its lock with it, and
    a recover once its lock has been missing for LOCK_GRACE gives its rows back (not
    before: a live process may be taking its lock back after a restart); a live holder's
    rows stay its own."""
    with PostgresSpool(outbox_url, 1000) as writer:
        _fill(writer, 50)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from timeback_caliper._pg_spool import PostgresSpool\n"
            "spool = PostgresSpool(sys.argv[1], 1000)\n"
            "batch = spool.claim(20, 1 << 20)\n"
            "print(len(batch.entries), flush=True)\n"
            "time.sleep(600)\n",
            outbox_url,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert "20" == holder.stdout.readline().strip()
        with PostgresSpool(outbox_url, 1000) as other:
            alive = other.recover()
            os.kill(holder.pid, signal.SIGKILL)
            holder.wait(30)
            killed = time.monotonic()
            deadline = time.monotonic() + 20
            released = 0
            while not released and time.monotonic() < deadline:
                released = other.recover()  # the server notices the session is gone
                time.sleep(0.05)
            waited = time.monotonic() - killed
            claimed: list[int] = []
            while (batch := other.claim(100, 1 << 20)) is not None:
                claimed.extend(e.key for e in batch.entries)
                other.ack(batch)
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.communicate()

    assert (0, 20) == (alive, released)
    assert waited >= LOCK_GRACE
    assert 50 == len(claimed) == len(set(claimed))


def test_refused_rows_go_to_dead_and_come_back_on_requeue(outbox_url: str) -> None:
    with PostgresSpool(outbox_url, 1000) as spool:
        _fill(spool, 3)
        batch = spool.claim(10, 1 << 20)
        assert batch is not None
        spool.reject(batch.entries[:1], "refused: data[0].actor: is required")
        spool.ack(type(batch)(batch.sensor, batch.entries[1:]))
        dead = spool.dead()
        status = spool.status()
        moved = spool.requeue()
        back = spool.claim(10, 1 << 20)

    assert ["refused: data[0].actor: is required"] == [d["reason"] for d in dead]
    assert (0, 1, 1) == (status["queued"], status["dead"], moved)
    assert back is not None
    assert [{"n": 0}] == [json.loads(e.body) for e in back.entries]


def test_the_bound_refuses_past_max_items(outbox_url: str) -> None:
    with PostgresSpool(outbox_url, 5) as spool:
        results = [spool.put(SENSOR, "{}", 2) for _ in range(7)]

    assert [None] * 5 + ["queue_full"] * 2 == results


def test_a_sender_on_the_outbox_url_delivers_once(
    outbox_url: str, caliper_sandbox: Sandbox
) -> None:
    events = [payloads.activity_event() for _ in range(250)]
    with Sender(
        sensor=SENSOR, spool=outbox_url, retry=FAST_RETRY, **caliper_sandbox.client_kwargs()
    ) as sender:
        for event in events:
            assert sender.enqueue(event)
        assert sender.flush(30)
        stats = sender.stats()

    assert (250, 0) == (stats.sent, rows(outbox_url))
    assert 250 == caliper_sandbox.count_distinct_events() == caliper_sandbox.count_events()
    assert "hunter" not in repr(sender)


def test_a_postgresql_restart_is_survived(
    postgres: PostgresServer, caliper_sandbox: Sandbox
) -> None:
    """The server restarts (every connection cut) while a sender delivers: the operations
    under way fail, the next ones reconnect, and every event arrives once."""
    url = new_database(postgres)
    events = [payloads.activity_event() for _ in range(600)]
    with Sender(
        sensor=SENSOR,
        spool=url,
        retry=FAST_RETRY,
        max_batch_events=20,
        **caliper_sandbox.client_kwargs(),
    ) as sender:
        for event in events[:300]:
            sender.enqueue(event)
        postgres.restart()
        deadline = time.monotonic() + 30
        for event in events[300:]:
            while True:  # an enqueue during the outage is the caller's error to handle
                try:
                    sender.enqueue(event)
                    break
                except SpoolError:
                    assert time.monotonic() < deadline
                    time.sleep(0.1)
        assert sender.flush(60)

    stored = {e["externalId"] for e in caliper_sandbox.events()}
    assert {e["id"] for e in events} == stored
    assert 600 == caliper_sandbox.count_events()
    assert 0 == rows(url)


def _sessions(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        ).fetchone()
    return int(row[0]) - 1 if row else 0  # not this one


def test_request_threads_share_one_connection(outbox_url: str) -> None:
    """A thread-per-request server calling `stats()`/`flush()` from 50 threads opens no
    connection per thread: threads other than the sender's workers share one."""
    with PostgresSpool(outbox_url, 1000) as spool:
        before = _sessions(outbox_url)
        threads = [threading.Thread(target=spool.size) for _ in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        after = _sessions(outbox_url)

    assert before == after
