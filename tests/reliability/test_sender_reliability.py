"""The sender under faults, crashes, exits and forks: no accepted event lost or doubled."""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import time
from typing import Any

import pytest

from tests.reliability.scenario import event
from tests.spec_tools import ROOT
from timeback_caliper import RetryPolicy, Sender
from timeback_caliper.sandbox import Sandbox


def _scenario(sandbox: Sandbox, *args: str, **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.scenario", *args],
        cwd=ROOT,
        env={**os.environ, **sandbox.env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _stored_ids(sandbox: Sandbox) -> list[str]:
    return [e["externalId"] for e in sandbox.events()]


def test_five_thousand_events_through_faults_arrive_exactly_once(caliper_sandbox: Sandbox) -> None:
    """20 % 503/429 and 5 % dropped connections: all 5,000 stored, each once."""
    caliper_sandbox.faults.reseed(2026)
    for rule in ("send:503:0@0.1", "send:429:0@0.1", "send:drop@0.025", "send:drop-after@0.025"):
        route, _, rest = rule.partition(":")
        fault, _, probability = rest.partition("@")
        caliper_sandbox.faults.add(route, fault, float(probability))
    expected = {event("faults", i)["id"] for i in range(5000)}

    with Sender(
        sensor="https://app.example.com/sensors/faults",
        retry=RetryPolicy(max_retries=3, backoff=0.01, max_backoff=0.05, max_retry_after=0.05),
        **caliper_sandbox.client_kwargs(),
    ) as sender:
        for i in range(5000):
            sender.enqueue(event("faults", i))
        assert sender.flush(120)
        stats = sender.stats()

    stored = _stored_ids(caliper_sandbox)
    injected = caliper_sandbox.stats()["faults"]["injected"]
    assert (5000, 5000) == (len(stored), len(set(stored)))
    assert expected == set(stored)
    assert (5000, {}) == (stats.sent, stats.dropped)
    assert injected["send:503"] > 0
    assert injected["send:429"] > 0
    assert injected.get("send:drop", 0) + injected.get("send:drop-after", 0) > 0


def test_a_killed_process_leaves_its_events_to_the_next(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """SIGKILL mid-stream with a spool: a new process delivers the rest, each event once."""
    spool = str(tmp_path / "spool.db")
    caliper_sandbox.faults.add("send", "latency:0.05", 1.0)  # keep it mid-stream for a while
    producer = _scenario(
        caliper_sandbox, "produce", "--count", "2000", "--prefix", "crash", "--spool", spool
    )
    assert producer.stdout is not None
    assert "ready" == producer.stdout.readline().strip()
    started = time.monotonic()
    while caliper_sandbox.count_events() == 0 and time.monotonic() - started < 30:
        time.sleep(0.01)
    producer.send_signal(signal.SIGKILL)
    producer.communicate(timeout=30)
    at_kill = caliper_sandbox.count_events()
    caliper_sandbox.faults.clear()

    drain = _scenario(caliper_sandbox, "drain", "--spool", spool)
    out, err = drain.communicate(timeout=120)

    stored = _stored_ids(caliper_sandbox)
    assert -signal.SIGKILL == producer.returncode
    assert 0 < at_kill < 2000, at_kill
    assert json.loads(out)["done"], err
    assert (2000, 2000) == (len(stored), len(set(stored)))
    assert {event("crash", i)["id"] for i in range(2000)} == set(stored)


def test_a_normal_exit_delivers_everything_within_the_bounded_flush(
    caliper_sandbox: Sandbox,
) -> None:
    """Without close(), the atexit hook flushes: all events arrive, the exit is prompt."""
    started = time.monotonic()
    proc = _scenario(caliper_sandbox, "exit", "--count", "500", "--prefix", "exit")
    out, err = proc.communicate(timeout=60)

    assert (0, "enqueued") == (proc.returncode, out.strip()), err
    assert time.monotonic() - started < 30
    assert 500 == caliper_sandbox.count_distinct_events() == caliper_sandbox.count_events()


def test_an_exit_during_an_outage_leaves_the_rest_in_the_spool(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """With the API down, exit takes at most the exit timeout and the spool keeps every event."""
    spool = tmp_path / "spool.db"
    caliper_sandbox.faults.add("send", "503:0", 1.0)
    started = time.monotonic()
    proc = _scenario(
        caliper_sandbox,
        "exit",
        "--count",
        "300",
        "--prefix",
        "down",
        "--spool",
        str(spool),
        "--exit-timeout",
        "1",
    )
    _, err = proc.communicate(timeout=60)
    elapsed = time.monotonic() - started

    with contextlib.closing(sqlite3.connect(spool)) as conn:
        (left,) = conn.execute("SELECT COUNT(*) FROM spool").fetchone()
    assert 0 == proc.returncode, err
    assert elapsed < 15
    assert (300, 0) == (left, caliper_sandbox.count_events())


def test_an_exit_during_an_outage_without_a_spool_is_not_silent(caliper_sandbox: Sandbox) -> None:
    """Without a spool, what could not be sent by exit is counted and logged."""
    caliper_sandbox.faults.add("send", "503:0", 1.0)
    proc = _scenario(
        caliper_sandbox, "exit", "--count", "300", "--prefix", "lost", "--exit-timeout", "1"
    )
    _, err = proc.communicate(timeout=60)

    assert 0 == proc.returncode
    assert "dropped 300 event(s)" in err
    assert 0 == caliper_sandbox.count_events()


def test_an_abandoned_async_sender_never_hangs_asyncio_run(caliper_sandbox: Sandbox) -> None:
    """An AsyncSender left with an event after its worker went idle: asyncio.run() returns,
    and the event is sent or reported, even when the sender is gone before the interpreter
    exits.

    On Python 3.11 `asyncio.wait_for` could swallow the shutdown's cancellation of the
    worker, and asyncio.run() then waited for it forever; and a sender collected before exit
    lost its events without a word.
    """
    proc = _scenario(caliper_sandbox, "async-idle-exit", "--count", "3", "--prefix", "idle")
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("asyncio.run() did not return within 60 s")

    # The last event of a round may go out before the shutdown cancels the worker, or be
    # dropped (and said so); never neither.
    dropped, stored = err.count("dropped 1 event(s): exit"), caliper_sandbox.count_events()
    assert (0, "returned") == (proc.returncode, out.strip()), err
    assert 3 <= stored <= 6
    assert stored + dropped >= 6, err


@pytest.mark.parametrize("spool", [False, True], ids=["memory", "spool"])
def test_forked_children_send_their_own_events_once(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path, spool: bool
) -> None:
    """Events of a parent and two forked children are each stored exactly once."""
    args = ["fork", "--count", "200", "--prefix", "fork"]
    if spool:
        args += ["--spool", str(tmp_path / "spool.db")]
    proc = _scenario(caliper_sandbox, *args)
    out, err = proc.communicate(timeout=120)
    reports = [json.loads(line) for line in out.splitlines()]

    stored = _stored_ids(caliper_sandbox)
    assert 0 == proc.returncode, err
    assert all(r["ok"] for r in reports), reports
    assert (600, 600) == (len(stored), len(set(stored)))
    expected = {
        event(f"fork/{who}", i)["id"] for who in ("parent", "child0", "child1") for i in range(200)
    }
    assert expected == set(stored)
    if not spool:  # from memory, each process sends exactly what it enqueued
        assert [200, 200, 200] == sorted(r["sent"] for r in reports)


def test_processes_sharing_a_spool_each_deliver_different_events(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """Two processes draining one spool (as gunicorn workers would) share the work, and
    every event is delivered once."""
    spool = str(tmp_path / "spool.db")
    caliper_sandbox.faults.add("send", "503:0", 1.0)
    filler = _scenario(
        caliper_sandbox,
        "exit",
        "--count",
        "2000",
        "--prefix",
        "shared",
        "--spool",
        spool,
        "--exit-timeout",
        "0.5",
    )
    filler.communicate(timeout=60)
    caliper_sandbox.faults.clear()
    caliper_sandbox.faults.add("send", "latency:0.02", 1.0)  # long enough for both to take part

    drains = [_scenario(caliper_sandbox, "drain", "--spool", spool) for _ in range(2)]
    reports = [json.loads(d.communicate(timeout=120)[0]) for d in drains]

    stored = _stored_ids(caliper_sandbox)
    assert (2000, 2000) == (len(stored), len(set(stored)))
    assert 2000 == sum(r["sent"] for r in reports)
    assert all(r["sent"] > 0 for r in reports), reports


def test_delivery_imports_nothing_a_fork_could_leave_half_imported(
    caliper_sandbox: Sandbox,
) -> None:
    """A fork while a worker thread is importing a module leaves the child a lock nobody
    releases (its first send hangs). So the worker never imports first: making the sender
    did, for every path of delivery (replies, errors, Retry-After dates, failed jobs)."""
    caliper_sandbox.faults.plan("send", ["429:1d", "503:0", "drop", "fail", "ok"])
    proc = _scenario(caliper_sandbox, "imports", "--count", "300", "--batch", "50")
    out, err = proc.communicate(timeout=120)

    report = json.loads(out)
    assert 0 == proc.returncode, err
    assert report["ok"], err
    assert [] == report["new"]
    assert 300 <= caliper_sandbox.count_events() + 50  # the failed job's batch is not stored
