"""A database outage is a wait, never an exit: relays and senders on the outbox ride out a
PostgreSQL restart, hold their advisory locks again, and send nothing enqueued after it
twice; a relay exits only for what a restart cannot fix, and says which."""

from __future__ import annotations

import collections
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.outbox.conftest import Relays, advisory_locks, fill, new_database, wait_empty
from tests.postgres import PostgresServer
from tests.reliability.scenario import SENSOR, event
from tests.spec_tools import ROOT
from timeback_caliper import Sender, SpoolError
from timeback_caliper._core.sending import RECOVER_PERIOD
from timeback_caliper._pg_spool import HEARTBEAT, LOCK_GRACE, PostgresSpool
from timeback_caliper._queue import Batch
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.scale


def _stored(sandbox: Sandbox) -> collections.Counter[str]:
    """How many times the sandbox stored each event id."""
    return collections.Counter(e["externalId"] for e in sandbox.events())


def _until(done: Callable[[], object], timeout: float, what: Callable[[], str]) -> None:
    """Wait until `done()`, failing with `what()` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, what()
        time.sleep(0.05)


def _enqueue(sender: Sender, events: list[dict[str, object]]) -> None:
    """Enqueue all of `events`; an enqueue refused while the writer reconnects is retried
    (the caller's to handle: it raises SpoolError)."""
    deadline = time.monotonic() + 30
    for e in events:
        while True:
            try:
                assert sender.enqueue(e)
                break
            except SpoolError:
                assert time.monotonic() < deadline
                time.sleep(0.05)


def test_a_restart_under_live_relays_and_a_sender_sends_nothing_enqueued_after_it_twice(
    relays: Relays, caliper_sandbox: Sandbox, postgres: PostgresServer
) -> None:
    """PostgreSQL restarts while two relays and an in-process sender send slowly, the
    sandbox storing every resend again: each process holds its advisory lock again within
    one recover period, none exits, and no event enqueued after the restart is stored
    twice (before the fix the locks never came back, and every `recover` elsewhere handed
    the live processes' batches out again)."""
    caliper_sandbox.set_duplicates("again")
    caliper_sandbox.faults.add("send", "latency:0.5")
    before = fill(relays.url, "restart-before", 120)
    after = [event("restart-after", i) for i in range(600)]
    for _ in range(2):
        relays.start("--batch-size", "10", "--concurrency", "2")
    with Sender(
        sensor=SENSOR,
        spool=relays.url,
        max_batch_events=10,
        max_in_flight=2,
        **caliper_sandbox.client_kwargs(),
    ) as sender:
        sender.start()
        _until(lambda: advisory_locks(relays.url) == 3, 30, lambda: relays.log(0))
        _until(lambda: caliper_sandbox.count_events() > 0, 30, lambda: relays.log(0))

        postgres.restart()
        _until(
            lambda: advisory_locks(relays.url) == 3,
            RECOVER_PERIOD,
            lambda: f"{advisory_locks(relays.url)} of 3 locks back in {RECOVER_PERIOD} s",
        )
        _enqueue(sender, after)
        wait_empty(relays.url, relays, timeout=60)
        assert sender.flush(30)
    codes = relays.stop()

    stored = _stored(caliper_sandbox)
    twice = sorted(i for i in (e["id"] for e in after) if stored[i] > 1)
    assert [0, 0] == codes, relays.log(0)
    assert [] == twice
    assert all(stored[e["id"]] == 1 for e in after)
    assert all(stored[i] >= 1 for i in before)  # in flight at the restart: maybe twice


def test_a_batch_being_sent_through_a_restart_stays_its_senders(
    outbox_url: str, postgres: PostgresServer
) -> None:
    """A process holds a claimed batch through a restart without touching the database (a
    send retried for a long time); another process recovers again and again meanwhile:
    the holder's heartbeat takes its lock back, so none of its rows is given back, and its
    acknowledgement deletes them all (before, another's recover handed them out: sent
    twice)."""
    with PostgresSpool(outbox_url, 1000) as writer:
        for i in range(30):
            body = json.dumps(event("held", i))
            assert writer.put(SENSOR, body, len(body)) is None
    with PostgresSpool(outbox_url, 1000) as holder, PostgresSpool(outbox_url, 1000) as other:
        batch = holder.claim(20, 1 << 20)
        assert batch is not None
        assert 20 == len(batch.entries)
        other.recover()
        postgres.restart()
        given_back = 0
        deadline = time.monotonic() + 2 * LOCK_GRACE + 2 * HEARTBEAT  # twice the grace
        while time.monotonic() < deadline:
            with contextlib.suppress(SpoolError):  # the first tries meet the restart
                given_back += other.recover()
            time.sleep(0.1)
        _until(lambda: _ack(holder, batch), 10, lambda: "the holder could not acknowledge")
        left: list[int] = []
        while (rest := other.claim(100, 1 << 20)) is not None:
            left.extend(e.key for e in rest.entries)
            other.ack(rest)

    assert 0 == given_back
    assert 10 == len(left)  # the 10 never claimed; the 20 held were acknowledged, not resent
    assert not set(left) & {e.key for e in batch.entries}


def _ack(spool: PostgresSpool, batch: Batch) -> bool:
    try:
        spool.ack(batch)
    except SpoolError:
        return False
    return True


def test_a_relay_waits_out_an_outage_and_delivers_everything_after(
    relays: Relays, caliper_sandbox: Sandbox, postgres: PostgresServer
) -> None:
    """One relay, summaries every 0.1 s, PostgreSQL down for 3 s: the relay keeps running
    (before, its summary's count of the outbox raised and it exited), says so once when
    the outage begins and once when it ends, and delivers what was enqueued before and
    after."""
    before = fill(relays.url, "outage-before", 200)
    relay = relays.start("--summary-every", "0.1")
    _until(lambda: relays.stats(0).get("sent"), 30, lambda: relays.log(0))

    postgres.stop("immediate")
    time.sleep(3)  # the outage itself (what is tested is the relay's life through it)
    assert relay.poll() is None, relays.log(0)
    postgres.start()
    afterwards = fill(relays.url, "outage-after", 200)
    wait_empty(relays.url, relays, timeout=60)
    code = relays.stop()[0]

    stored = _stored(caliper_sandbox)
    log = relays.log(0)
    assert 0 == code, log
    assert all(stored[i] >= 1 for i in before | afterwards)
    assert 1 == log.count("waiting for it"), log
    assert 1 == log.count(" is back after "), log


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda url: url.replace("caliper@", "caliper:pw%zz@"), "bad-url"),
        (lambda url: url.replace("caliper@", "nobody@"), "refused"),
        (lambda url: url.rsplit("/", 1)[0] + "/no_such_database", "bad-url"),
        (None, "not-a-spool"),
    ],
    ids=["malformed", "unknown-role", "no-database", "no-schema"],
)
def test_a_relay_exits_at_once_for_what_a_restart_cannot_fix_and_says_which(
    postgres: PostgresServer,
    change: Callable[[str], str] | None,
    reason: str,
    caliper_sandbox: Sandbox,
) -> None:
    """A bad URL, refused credentials or a missing schema: exit 1, naming the reason
    and what would fix it (a wait would never end)."""
    url = new_database(postgres, migrated=change is not None)
    if change is not None:
        url = change(url)

    done = subprocess.run(
        [sys.executable, "-m", "timeback_caliper", "relay", "--spool", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **caliper_sandbox.env},
    )

    assert 1 == done.returncode, done.stderr
    assert f"relay: not started ({reason}): " in done.stderr


def test_a_relay_started_during_an_outage_waits_for_the_database(
    caliper_sandbox: Sandbox, tmp_path: Path
) -> None:
    """No database answers at the URL yet: the relay says so once and waits (a SIGTERM
    ends the wait with 0), where before it exited 1 at once."""
    group = Relays(caliper_sandbox, "postgresql://caliper@127.0.0.1:9/postgres", tmp_path)
    relay = group.start()
    _until(lambda: "waiting for it" in group.log(0), 30, lambda: group.log(0))
    relay.send_signal(signal.SIGTERM)

    assert 0 == relay.wait(30), group.log(0)
    assert 1 == group.log(0).count("waiting for it")
