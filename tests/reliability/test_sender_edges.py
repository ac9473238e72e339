"""The sender at the edges users meet: a poison batch, one bad event among good ones,
failed jobs, a full or broken spool, and what close() and flush() promise.

Each test runs a real sender against the sandbox (and, for the disk, a real small file
system); the numbers in the docstrings are what the closing notes' tables report.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pathlib
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.reliability.scenario import event
from timeback_caliper import RetryPolicy, Sender, SpoolError, SyncCaliperClient
from timeback_caliper._spool import Spool
from timeback_caliper.sandbox import Sandbox

SENSOR = "https://app.example.com/sensors/edges"
FAST = RetryPolicy(max_retries=1, backoff=0.01, max_backoff=0.02, max_retry_after=0.05)
Reported = list[tuple[BaseException, list[dict[str, Any]]]]


def _client(sandbox: Sandbox) -> SyncCaliperClient:
    return SyncCaliperClient(**sandbox.client_kwargs(), retry=FAST, timeout=10)


def _sender(client: SyncCaliperClient, reported: Reported, **kwargs: Any) -> Sender:
    return Sender(
        sensor=SENSOR,
        client=client,
        on_error=lambda error, events: reported.append((error, events)),
        **kwargs,
    )


def _ids(events: list[dict[str, Any]]) -> set[str]:
    return {e["id"] for e in events}


def _stored(sandbox: Sandbox) -> set[str]:
    return {e["externalId"] for e in sandbox.events()}


def _poison(prefix: str, index: int) -> dict[str, Any]:
    bad = event(prefix, index)
    bad["extensions"] = {"marker": "poison-pill"}
    return bad


def test_a_poison_batch_does_not_stop_the_spool(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """The API answers 500 to any envelope holding one event: with one batch in flight
    (the worst case), the batch is retried `max_attempts` times, then bisected; the 500
    good events are delivered, and the poison alone goes to `dead` and to on_error once
    another send has succeeded (measured: about 3 s, 14 sends)."""
    caliper_sandbox.faults.add("send", "500", match="poison-pill")
    good = [event("poison", i) for i in range(500)]
    bad = _poison("poison", 1000)
    reported: Reported = []

    with (
        _client(caliper_sandbox) as client,
        _sender(
            client, reported, spool=tmp_path / "spool.db", max_in_flight=1, max_batch_events=100
        ) as sender,
    ):
        sender.enqueue(good[0])
        sender.enqueue(bad)
        for e in good[1:]:
            sender.enqueue(e)
        delivered = sender.flush(60)
        stats = sender.stats()
        dead = sender._queue.dead()  # type: ignore[attr-defined]

    assert not delivered
    assert _ids(good) == _stored(caliper_sandbox)
    assert (500, 1, 0) == (stats.sent, stats.failed, stats.queued)
    assert [bad["id"]] == [d["event"]["id"] for d in dead]
    assert "500" in dead[0]["reason"]
    assert [[bad["id"]]] == [[e["id"] for e in events] for _, events in reported]


@pytest.mark.parametrize("queue", ["spool", "memory", "outbox"])
def test_a_poison_event_at_the_tail_goes_to_dead_within_bounded_sends(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path, queue: str, request: pytest.FixtureRequest
) -> None:
    """The poison is the last event queued: no send after it can prove the API up, as
    others do for a poison among them. Once it has been sent `2 * max_attempts` times
    alone, after the others were delivered, it goes to `dead` and to on_error (it was
    resent for as long as the sender ran: 72 times in 120 s)."""
    caliper_sandbox.set_duplicates("again")
    caliper_sandbox.faults.add("send", "500", match="poison-pill")
    good = [event(f"tail-{queue}", i) for i in range(250)]  # the last batch: 50 good + it
    bad = _poison(f"tail-{queue}", 1000)
    reported: Reported = []
    spool = queue != "memory"
    where: dict[str, object] = {}
    if queue == "spool":
        where = {"spool": tmp_path / "spool.db"}
    elif queue == "outbox":
        where = {"spool": request.getfixturevalue("postgres").new_database()}

    with (
        _client(caliper_sandbox) as client,
        _sender(client, reported, max_batch_events=100, max_attempts=2, **where) as sender,
    ):
        for e in [*good, bad]:
            sender.enqueue(e)
        first = sender.flush(20)  # an event dead-lettered meanwhile: False, by its contract
        stats = sender.stats()
        dead = sender._queue.dead() if spool else []  # type: ignore[attr-defined]
        again = sender.flush(1)

    assert (False, True) == (first, again)
    assert (250, 1, 0) == (stats.sent, stats.failed, stats.queued)
    assert 250 == caliper_sandbox.count_events() == caliper_sandbox.count_distinct_events()
    assert _ids(good) == _stored(caliper_sandbox)
    assert [[bad["id"]]] == [[e["id"] for e in events] for _, events in reported]
    if spool:
        assert [bad["id"]] == [d["event"]["id"] for d in dead]


def test_an_outage_of_500s_dead_letters_nothing(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """Every send fails with a 500 for a while: batches are split and set aside, but with
    no send succeeding in between nothing is dead-lettered; once the API is back, all of
    them arrive."""
    caliper_sandbox.faults.add("send", "500")
    events = [event("outage500", i) for i in range(40)]
    reported: Reported = []

    with (
        _client(caliper_sandbox) as client,
        _sender(
            client, reported, spool=tmp_path / "spool.db", max_in_flight=1, max_batch_events=10
        ) as sender,
    ):
        for e in events:
            sender.enqueue(e)
        assert not sender.flush(4)
        caliper_sandbox.faults.clear()
        delivered = sender.flush(60)
        stats = sender.stats()

    assert delivered
    assert ([], 0) == (reported, stats.failed)
    assert _ids(events) == _stored(caliper_sandbox)


def test_a_refusal_naming_one_event_resends_the_other_ninety_nine_at_once(
    caliper_sandbox: Sandbox,
) -> None:
    """The API refuses a batch of 100 and names `data[5]`: that one is dead, the other 99
    go again at once, in one send (two sends in all)."""
    events = [event("refused", i) for i in range(100)]
    del events[5]["actor"]  # refused by the API's basic checks; the sender checks nothing
    reported: Reported = []

    with (
        _client(caliper_sandbox) as client,
        _sender(client, reported, validation="off", max_batch_events=100) as sender,
    ):
        for e in events:
            sender.enqueue(e)
        delivered = sender.flush(10)
        stats = sender.stats()

    sends = caliper_sandbox.stats()["stats"]
    assert not delivered
    assert _ids(events[:5] + events[6:]) == _stored(caliper_sandbox)
    assert (99, 1) == (stats.sent, stats.failed)
    assert (1, 1) == (sends["responses send 400"], sends["responses send 200"])
    assert [[events[5]["id"]]] == [[e["id"] for e in evs] for _, evs in reported]


@pytest.mark.parametrize("spool", [True, False], ids=["spool", "memory"])
def test_the_events_of_failed_jobs_are_reported_and_kept_with_tracking(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path, spool: bool
) -> None:
    """2,000 events in batches of 100; the jobs of 2 of the 20 batches fail. With
    track_jobs, their 200 events go to on_error (with the JobFailedError) and, with a spool,
    to `dead`; stats say failed=200."""
    caliper_sandbox.faults.plan("send", ["ok"] * 3 + ["fail"] + ["ok"] * 10 + ["fail"])
    events = [event(f"jobs-{spool}", i) for i in range(2000)]
    reported: Reported = []
    where = {"spool": tmp_path / "spool.db"} if spool else {}

    with (
        _client(caliper_sandbox) as client,
        _sender(
            client,
            reported,
            track_jobs=True,
            job_poll_interval=0.05,
            max_in_flight=1,
            max_batch_events=100,
            **where,
        ) as sender,
    ):
        for e in events:
            sender.enqueue(e)
        assert sender.flush(30)
        deadline = time.monotonic() + 30
        while sender.stats().jobs_tracked and time.monotonic() < deadline:
            time.sleep(0.05)
        stats = sender.stats()
        dead = sender._queue.dead() if spool else []  # type: ignore[attr-defined]

    lost = _ids(events) - _stored(caliper_sandbox)
    assert 200 == len(lost)
    assert (2000, 200, 2, 0) == (stats.sent, stats.failed, stats.jobs_failed, stats.jobs_tracked)
    assert lost == {e["id"] for _, evs in reported for e in evs}
    assert {"JobFailedError"} == {type(error).__name__ for error, _ in reported}
    if spool:
        assert lost == {d["event"]["id"] for d in dead}


def test_without_tracking_a_failed_job_is_a_loss_the_sender_cannot_see(
    caliper_sandbox: Sandbox,
) -> None:
    """What the README says a caller gives up without track_jobs: the batch counts as sent
    when the API accepts it; if its job fails later, nothing reports it."""
    caliper_sandbox.faults.plan("send", ["fail"])
    events = [event("untracked", i) for i in range(10)]
    reported: Reported = []

    with _client(caliper_sandbox) as client, _sender(client, reported) as sender:
        for e in events:
            sender.enqueue(e)
        assert sender.flush(10)
        stats = sender.stats()

    assert (10, 0, []) == (stats.sent, stats.failed, reported)
    assert set() == _stored(caliper_sandbox)


def test_a_tracked_job_left_by_a_stopped_sender_is_followed_by_the_next(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """A sender closed before its job settled leaves the events in the spool, marked with
    the job; the next tracking sender on the file follows that job and reports its failure."""
    caliper_sandbox.set_job_timing("polls:3")
    caliper_sandbox.faults.plan("send", ["fail"])
    events = [event("adopted", i) for i in range(5)]
    reported: Reported = []
    path = tmp_path / "spool.db"

    with _client(caliper_sandbox) as client:
        with _sender(client, reported, spool=path, track_jobs=True, job_poll_interval=30) as first:
            for e in events:
                first.enqueue(e)
            assert first.flush(10)
        with Spool(str(path), 10) as spool:
            assert {"events": 5, "jobs": 1} == spool.status()["awaiting_jobs"]
        with _sender(
            client, reported, spool=path, track_jobs=True, job_poll_interval=0.05
        ) as second:
            deadline = time.monotonic() + 20
            while not reported and time.monotonic() < deadline:
                time.sleep(0.05)
            stats = second.stats()

    assert (5, 1) == (stats.failed, stats.jobs_failed)
    assert [_ids(events)] == [_ids(evs) for _, evs in reported]


def test_disk_use_per_queued_event_stays_small(tmp_path: pathlib.Path) -> None:
    """10,000 queued events of ~300 bytes: file and WAL together stay under 2 KB an event
    (the WAL was 11 KB an event, never truncated; `make bench` measures 100,000)."""
    spool = Spool(str(tmp_path / "spool.db"), 1_000_000)
    body = json.dumps(event("disk", 0))
    for _ in range(10_000):
        assert spool.put(SENSOR, body, len(body)) is None
    status = spool.status()
    wal = os.path.getsize(str(tmp_path / "spool.db") + "-wal")
    spool.close()

    assert 10_000 == status["queued"]
    assert status["bytes_on_disk"] / 10_000 < 2048
    assert wal <= 2 * (1 << 20)


def test_a_spool_bound_in_bytes_drops_and_reports_past_it(
    tmp_path: pathlib.Path, caplog: pytest.LogCaptureFixture
) -> None:
    """max_spool_bytes: past it, events are dropped ("spool_full"), counted, reported, and
    logged once a second with a count, not once an event."""
    reported: Reported = []
    with (
        caplog.at_level(logging.WARNING, logger="timeback_caliper"),
        Sender(
            sensor=SENSOR,
            spool=tmp_path / "spool.db",
            max_spool_bytes=200_000,
            on_error=lambda error, events: reported.append((error, events)),
            base_url="http://127.0.0.1:9",
            auth_url="http://127.0.0.1:9/token",
            client_id="id",
            client_secret="secret",
            max_delay=3600,
        ) as sender,
    ):
        accepted = sum(sender.enqueue(event("bytes", i)) for i in range(2000))
        stats = sender.stats()

    drops = [r for r in caplog.records if "dropped" in r.getMessage()]
    assert 0 < accepted < 2000
    assert {"spool_full": 2000 - accepted} == stats.dropped
    assert 2000 - accepted == sum(len(evs) for _, evs in reported)
    assert len(drops) <= 3
    assert sum(int(r.getMessage().split()[1]) for r in drops) == 2000 - accepted


@contextlib.contextmanager
def _tmpfs(tmp_path: pathlib.Path, size: str) -> Iterator[pathlib.Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.fixture
def small_disk(tmp_path: pathlib.Path) -> Iterator[pathlib.Path]:
    """A real file system of 32 MiB (tmpfs: a WAL may take 13 MiB), unmounted afterwards."""
    with _tmpfs(tmp_path, "32m") as mount:
        yield mount


@pytest.fixture
def tiny_disk(tmp_path: pathlib.Path) -> Iterator[pathlib.Path]:
    """A real file system of 3 MiB: less than the WAL of 1,000 commits (about 14 MB)."""
    with _tmpfs(tmp_path, "3m") as mount:
        yield mount


def _fill(disk: pathlib.Path) -> pathlib.Path:
    """Take every free byte of the disk with one file."""
    filler = disk / "filler"
    # Unbuffered, in ever smaller chunks down to one byte: a buffered file keeps the bytes
    # of its last, partial write and raises ENOSPC again when closed, and a chunk that no
    # longer fits may leave room for a few more rows.
    with filler.open("wb", buffering=0) as out:
        for chunk in (65536, 4096, 1):
            try:
                while out.write(b"\0" * chunk):
                    pass
            except OSError:
                pass
    return filler


def test_a_full_disk_refuses_events_counted_and_delivery_resumes_when_space_returns(
    caliper_sandbox: Sandbox, small_disk: pathlib.Path
) -> None:
    """The disk fills: enqueue() drops new events ("disk_full"), counts and reports them,
    and raises nothing; events already in the spool wait. Space returns: they and every
    event enqueued after are delivered."""
    reported: Reported = []
    before = [event("disk-before", i) for i in range(50)]
    during = [event("disk-during", i) for i in range(20)]
    after = [event("disk-after", i) for i in range(50)]

    with (
        _client(caliper_sandbox) as client,
        _sender(client, reported, spool=small_disk / "spool.db", max_delay=3600) as sender,
    ):
        for e in before:
            assert sender.enqueue(e)
        filler = _fill(small_disk)
        accepted = [sender.enqueue(e) for e in during]
        filler.unlink()
        for e in after:
            assert sender.enqueue(e)
        delivered = sender.flush(30)
        stats = sender.stats()

    refused = [e for e, ok in zip(during, accepted, strict=True) if not ok]
    assert refused
    assert delivered  # everything that was queued went (enqueue() said False for the rest)
    assert {"disk_full": len(refused)} == stats.dropped
    assert _ids(refused) == {e["id"] for _, evs in reported for e in evs}
    assert _ids(before + after) <= _stored(caliper_sandbox)
    assert not _ids(refused) & _stored(caliper_sandbox)


def test_a_tiny_disk_filled_then_freed_delivers_every_accepted_event_once(
    caliper_sandbox: Sandbox, tiny_disk: pathlib.Path
) -> None:
    """3 MiB: the API is down while the spool fills the disk by itself, then another file
    takes what is left; the API comes back and the file goes. The spool's WAL never takes
    the space back (it did: about 14 KB an event, until 1,000 commits, and the accepted
    events stayed stuck): each accepted event is stored exactly once, and each refused one
    was counted and given to on_error."""
    caliper_sandbox.set_duplicates("again")  # a resent event would be stored twice
    caliper_sandbox.faults.add("send", "503")
    reported: Reported = []
    accepted: list[str] = []
    refused: list[str] = []

    def enqueue(sender: Sender, prefix: str, count: int) -> None:
        for i in range(count):
            e = event(prefix, i)
            (accepted if sender.enqueue(e) else refused).append(e["id"])

    with (
        _client(caliper_sandbox) as client,
        _sender(client, reported, spool=tiny_disk / "spool.db", max_delay=0.05) as sender,
    ):
        enqueue(sender, "tiny-down", 8000)  # more than the disk holds
        assert refused
        filler = _fill(tiny_disk)
        enqueue(sender, "tiny-filled", 100)
        caliper_sandbox.faults.clear()
        filler.unlink()
        for step in range(20):
            enqueue(sender, f"tiny-after-{step}", 100)
            time.sleep(0.02)  # a producer's pace, while delivery goes on
        delivered = sender.flush(60)
        stats = sender.stats()

    assert delivered
    assert (len(accepted), 0) == (stats.sent, stats.queued)
    assert {"disk_full": len(refused)} == stats.dropped
    assert sorted(refused) == sorted(e["id"] for _, evs in reported for e in evs)
    assert len(accepted) == caliper_sandbox.count_events()
    assert set(accepted) == _stored(caliper_sandbox)


def _damage_middle_pages(path: pathlib.Path) -> None:
    """Overwrite the middle third of the file (past its header) with garbage."""
    pages = path.stat().st_size // 4096
    with path.open("r+b") as out:
        out.seek(pages // 3 * 4096)
        out.write(b"\xa5" * 4096 * max(1, pages // 3))


def test_a_spool_damaged_past_its_header_is_refused_naming_the_file(
    tmp_path: pathlib.Path,
) -> None:
    """Such a file opens without error (SQLite reads only the pages a query needs): the
    sender checks every page when it is made, and refuses the file, untouched, with a
    SpoolError that names it and says how to recover (it used to take events it never
    delivered, then raise from flush, stats and close)."""
    path = tmp_path / "caliper.db"
    with Spool(str(path), 100_000) as spool:
        body = json.dumps(event("damaged", 0))
        for _ in range(300):
            assert spool.put(SENSOR, body, len(body)) is None
    _damage_middle_pages(path)
    before = path.read_bytes()

    error = _spool_error(path)

    assert ("corrupt", str(path)) == (error.reason, error.path)
    assert str(path) in str(error)
    assert "A damaged spool" in str(error)
    assert before == path.read_bytes()


_DAMAGED_WHILE_OPEN = """
import contextlib, pathlib, sqlite3, sys
from tests.reliability.scenario import event
from tests.reliability.test_sender_edges import _damage_middle_pages
from timeback_caliper import Sender, SpoolError

path = pathlib.Path(sys.argv[1])
sender = Sender(
    sensor="https://app.example.com/sensors/edges", spool=path, base_url="http://127.0.0.1:9",
    auth_url="http://127.0.0.1:9/t", client_id="i", client_secret="s",
    max_delay=3600, max_batch_events=1000, exit_timeout=1,
)
for i in range(300):
    sender.enqueue(event("damaged-open", i))
with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()  # every page in the file
    _damage_middle_pages(path)
    conn.execute("PRAGMA user_version = 7")  # a write: the sender's page caches are dropped
for name, call in (("flush", lambda: sender.flush(1)), ("stats", sender.stats)):
    try:
        call()
        print(name, "ok")
    except SpoolError as exc:
        print(name, exc.reason, exc.path == str(path))
"""  # and exit without closing: the exit hook flushes


def test_a_spool_damaged_while_open_is_a_spool_error_and_exit_prints_no_traceback(
    tmp_path: pathlib.Path,
) -> None:
    """flush() and stats() raise SpoolError("corrupt") naming the file; at exit the hook
    logs one line saying what to do (it printed the traceback of a SpoolError)."""
    path = tmp_path / "caliper.db"
    done = subprocess.run(
        [sys.executable, "-c", _DAMAGED_WHILE_OPEN, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=pathlib.Path(__file__).parents[2],
    )

    assert ["flush corrupt True", "stats corrupt True"] == done.stdout.split("\n")[:2]
    assert 0 == done.returncode
    assert "Traceback" not in done.stderr
    assert "could not flush at exit" in done.stderr
    assert "A damaged spool" in done.stderr


def _spool_error(path: pathlib.Path) -> SpoolError:
    with pytest.raises(SpoolError) as caught:
        Sender(
            sensor=SENSOR,
            spool=path,
            base_url="http://127.0.0.1:9",
            client_id="i",
            client_secret="s",
            auth_url="http://127.0.0.1:9/t",
        )
    return caught.value


def test_a_missing_directory_is_a_spool_error_naming_it(tmp_path: pathlib.Path) -> None:
    error = _spool_error(tmp_path / "no" / "such" / "dir" / "caliper.db")

    assert "missing-directory" == error.reason
    assert str(tmp_path / "no" / "such" / "dir") in str(error)


def test_another_programs_database_is_refused_and_left_untouched(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "app.db"
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    before = path.read_bytes()

    error = _spool_error(path)

    assert ("not-a-spool", before) == (error.reason, path.read_bytes())
    assert "users" in str(error)
    assert not (tmp_path / "app.db-wal").exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"just some text, not a database at all" * 100, "not-a-spool")],
    ids=["text-file"],
)
def test_a_file_that_is_not_a_database_is_refused(
    tmp_path: pathlib.Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "caliper.db"
    path.write_bytes(content)

    assert reason == _spool_error(path).reason
    assert content == path.read_bytes()


def test_a_truncated_spool_is_a_corrupt_spool_error(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "caliper.db"
    spool = Spool(str(path), 100_000)
    body = json.dumps(event("trunc", 0))
    for _ in range(2000):
        spool.put(SENSOR, body, len(body))
    spool.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])

    error = _spool_error(path)

    assert "corrupt" == error.reason
    assert str(path) in str(error)


def test_a_read_only_disk_is_a_spool_error(small_disk: pathlib.Path) -> None:
    spool = Spool(str(small_disk / "caliper.db"), 100)
    spool.close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)

    error = _spool_error(small_disk / "caliper.db")

    assert "read-only" == error.reason


def test_flush_is_false_after_the_api_refused_events(caliper_sandbox: Sandbox) -> None:
    """Nothing left to send is not everything delivered: flush() says False."""
    bad = event("flush", 0)
    del bad["actor"]
    reported: Reported = []

    with (
        _client(caliper_sandbox) as client,
        _sender(client, reported, validation="off") as sender,
    ):
        sender.enqueue(bad)
        refused = sender.flush(10)
        sender.enqueue(event("flush", 1))
        clean = sender.flush(10)

    assert (False, True) == (refused, clean)


def test_stats_work_after_close(tmp_path: pathlib.Path, caliper_sandbox: Sandbox) -> None:
    reported: Reported = []
    with _client(caliper_sandbox) as client:
        sender = _sender(client, reported, spool=tmp_path / "spool.db")
        sender.enqueue(event("after-close", 0))
        sender.close()
        stats = sender.stats()

    assert (1, 0) == (stats.sent, stats.queued)


def test_events_still_being_sent_at_close_go_to_on_error(caliper_sandbox: Sandbox) -> None:
    """Without a spool, events whose send outlives close() are reported, not just counted."""
    caliper_sandbox.faults.add("send", "latency:3")
    events = [event("unconfirmed", i) for i in range(3)]
    reported: Reported = []

    with _client(caliper_sandbox) as client:
        sender = _sender(client, reported, max_delay=0.01)
        for e in events:
            sender.enqueue(e)
        time.sleep(0.5)  # the batch is on its way
        sender.close(timeout=0.2)
        stats = sender.stats()
        _wait_for_workers()  # the send ends in this test, not in the next one's sandbox

    assert {"unconfirmed": 3} == stats.dropped
    assert [_ids(events)] == [_ids(evs) for _, evs in reported]


def _wait_for_workers(timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
        t.name.startswith("timeback-caliper-sender") for t in threading.enumerate()
    ):
        time.sleep(0.05)
