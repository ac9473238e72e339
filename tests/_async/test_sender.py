"""The background sender: validation at enqueue, batching, overflow, spool, errors, jobs."""

from __future__ import annotations

import contextlib
import gc
import json
import math
import pathlib
import sqlite3
import threading
import time
from typing import Any

import httpx
import pytest

from tests import payloads
from tests._async.conftest import FAST_RETRY
from timeback_caliper import (
    AsyncCaliperClient,
    AsyncSender,
    InputValidationError,
    JobFailedError,
    QueueFullError,
    ValidationError,
)
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio

SENSOR = payloads.SENSOR
ACTOR = {
    "id": "https://api.example.com/users/9",
    "type": "TimebackUser",
    "email": "nine@example.edu",
}
OBJECT = {
    "id": "https://app.example.com/activities/9",
    "type": "TimebackActivityContext",
    "subject": "Math",
    "app": {"name": "App"},
}


def _sender(sandbox: Sandbox, **kwargs: Any) -> AsyncSender:
    kwargs.setdefault("retry", FAST_RETRY)
    return AsyncSender(sensor=SENSOR, **sandbox.client_kwargs(), **kwargs)


def _requests(sandbox: Sandbox, route: str = "send") -> int:
    return int(sandbox.stats()["stats"].get(f"requests {route}", 0))


def _worker_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("timeback-caliper-sender")}


def _wait_for_worker_threads_to_end(before: set[threading.Thread], timeout: float = 10.0) -> None:
    """Worker threads started since `before` (one still sending at close ends when its
    request does)."""
    deadline = time.monotonic() + timeout
    while _worker_threads() - before:
        assert time.monotonic() < deadline, "a sender's worker thread never ended"
        time.sleep(0.01)


def _rows(path: pathlib.Path, table: str = "spool") -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        (count,) = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    return int(count)


async def test_enqueued_events_are_delivered_in_batches(caliper_sandbox: Sandbox) -> None:
    """250 events with batches of 100: three sends, everything stored once."""
    async with _sender(caliper_sandbox, max_batch_events=100, max_in_flight=1) as sender:
        for _ in range(250):
            assert await sender.enqueue(payloads.activity_event())
        assert await sender.flush(10)
        stats = sender.stats()

    assert (250, 250) == (caliper_sandbox.count_events(), caliper_sandbox.count_distinct_events())
    assert 3 == _requests(caliper_sandbox)
    assert (0, 0, 250, {}) == (stats.queued, stats.in_flight, stats.sent, stats.dropped)


async def test_batches_are_bounded_by_bytes(caliper_sandbox: Sandbox) -> None:
    """With a 5 KB bound, 20 events of about 1 KB need at least their size / 5 KB envelopes."""
    events = [payloads.activity_event() for _ in range(20)]
    total = sum(len(json.dumps(e, separators=(",", ":"))) for e in events)
    async with _sender(caliper_sandbox, max_batch_bytes=5_000, max_in_flight=1) as sender:
        for event in events:
            await sender.enqueue(event)
        await sender.flush(10)

    assert 20 == caliper_sandbox.count_events()
    assert math.ceil(total / 5_000) <= _requests(caliper_sandbox) < 20


async def test_a_lone_event_goes_after_max_delay(caliper_sandbox: Sandbox) -> None:
    """Without a flush, one event is sent once it has waited max_delay."""
    async with _sender(caliper_sandbox, max_delay=0.2) as sender:
        await sender.enqueue(payloads.activity_event())
        started = time.monotonic()
        while caliper_sandbox.count_events() == 0 and time.monotonic() - started < 5:
            await _pause(0.02)
        waited = time.monotonic() - started

    assert 1 == caliper_sandbox.count_events()
    assert 0.15 <= waited < 2


async def _pause(seconds: float) -> None:
    from timeback_caliper._io import asleep

    await asleep(seconds)


async def test_an_invalid_event_raises_at_enqueue(caliper_sandbox: Sandbox) -> None:
    """Validation happens in enqueue, never later in the background."""
    bad = {**payloads.activity_event(), "action": 7}
    async with _sender(caliper_sandbox) as sender:
        with pytest.raises(InputValidationError) as caught:
            await sender.enqueue(bad)
        stats = sender.stats()

    assert ["action"] == [i.path for i in caught.value.issues]
    assert (0, 0) == (stats.queued, _requests(caliper_sandbox))


async def test_conveniences_build_and_queue_timeback_events(caliper_sandbox: Sandbox) -> None:
    """enqueue_activity and enqueue_time_spent take the vendor's inputs (or dicts)."""
    async with _sender(caliper_sandbox) as sender:
        await sender.enqueue_activity(
            {"actor": ACTOR, "object": OBJECT, "metrics": [{"type": "xpEarned", "value": 3}]}
        )
        await sender.enqueue_time_spent(
            {"actor": ACTOR, "object": OBJECT, "metrics": [{"type": "active", "value": 60}]}
        )
        await sender.flush(10)

    assert ["ActivityEvent", "TimeSpentEvent"] == sorted(
        e["type"] for e in caliper_sandbox.events()
    )


async def test_a_later_change_to_the_dict_does_not_change_what_is_sent(
    caliper_sandbox: Sandbox,
) -> None:
    """The event is captured at enqueue."""
    event = payloads.activity_event()
    async with _sender(caliper_sandbox) as sender:
        await sender.enqueue(event)
        event["actor"]["email"] = "changed@example.edu"
        await sender.flush(10)

    assert "u1@example.edu" == caliper_sandbox.events()[0]["actor"]["email"]


async def test_drop_newest_counts_and_reports_the_dropped_event(caliper_sandbox: Sandbox) -> None:
    """With the queue full, new events are dropped, counted by reason and given to on_error."""
    caliper_sandbox.faults.add("send", "latency:0.3", 1.0)
    reported: list[tuple[BaseException, list[Any]]] = []
    sender = _sender(
        caliper_sandbox,
        max_queue=3,
        max_batch_events=1,
        max_in_flight=1,
        on_error=lambda error, events: reported.append((error, events)),
    )
    async with sender:
        results = [await sender.enqueue(payloads.activity_event()) for _ in range(10)]
        stats = sender.stats()

    assert results.count(False) == stats.dropped["queue_full"] == len(reported)
    assert results.count(False) >= 5
    assert all(isinstance(error, QueueFullError) and len(events) == 1 for error, events in reported)


async def test_raise_policy_raises_when_full(caliper_sandbox: Sandbox) -> None:
    """overflow="raise" raises QueueFullError at once."""
    caliper_sandbox.faults.add("send", "latency:0.3", 1.0)
    async with _sender(
        caliper_sandbox, max_queue=2, max_batch_events=1, max_in_flight=1, overflow="raise"
    ) as sender:
        with pytest.raises(QueueFullError):  # noqa: PT012 (the queue fills on one of these)
            for _ in range(10):
                await sender.enqueue(payloads.activity_event())


async def test_block_policy_waits_for_room_then_raises(caliper_sandbox: Sandbox) -> None:
    """overflow="block" waits up to block_timeout; room that frees up lets the event in."""
    caliper_sandbox.faults.add("send", "latency:0.2", 1.0)
    async with _sender(
        caliper_sandbox,
        max_queue=1,
        max_batch_events=1,
        max_in_flight=1,
        overflow="block",
        block_timeout=2.0,
    ) as sender:
        started = time.monotonic()
        for _ in range(4):
            assert await sender.enqueue(payloads.activity_event())
        waited = time.monotonic() - started
        await sender.flush(10)

    assert waited >= 0.2
    assert 4 == caliper_sandbox.count_events()


async def test_block_policy_gives_up_after_block_timeout(caliper_sandbox: Sandbox) -> None:
    """When no room frees up in time, QueueFullError."""
    caliper_sandbox.faults.add("send", "latency:2", 1.0)
    async with _sender(
        caliper_sandbox,
        max_queue=1,
        max_batch_events=1,
        max_in_flight=1,
        overflow="block",
        block_timeout=0.2,
    ) as sender:
        with pytest.raises(QueueFullError, match=r"after waiting 0\.2 s"):  # noqa: PT012
            for _ in range(5):
                await sender.enqueue(payloads.activity_event())
        caliper_sandbox.faults.clear()


async def test_outage_keeps_events_and_retries_later(caliper_sandbox: Sandbox) -> None:
    """During an outage events stay queued (retried_batches counts); afterwards they go."""
    caliper_sandbox.faults.add("send", "503:0", 1.0)
    async with _sender(caliper_sandbox, max_retries=0) as sender:
        for _ in range(10):
            await sender.enqueue(payloads.activity_event())
        down = await sender.flush(0.5)
        during = sender.stats()
        caliper_sandbox.faults.clear()
        up = await sender.flush(10)

    assert (False, True) == (down, up)
    assert during.retried_batches >= 1
    assert "503" in (during.last_error or "")
    assert 10 == caliper_sandbox.count_events()


async def test_events_the_api_refuses_are_reported_not_resent(tmp_path: pathlib.Path) -> None:
    """A 400 (here from a strict server) rejects the batch: on_error, failed, kept as dead."""
    reported: list[BaseException] = []
    spool = tmp_path / "spool.db"
    with Sandbox(validation="strict") as strict:
        async with AsyncSender(
            sensor=SENSOR,
            spool=spool,
            on_error=lambda error, events: reported.append(error),
            **strict.client_kwargs(),
        ) as sender:
            await sender.enqueue(payloads.navigation_event())  # no @context: strict says 400
            await sender.flush(5)
            stats = sender.stats()
        requests = _requests(strict)

    assert (1, 0) == (stats.failed, stats.sent)
    assert [ValidationError] == [type(e) for e in reported]
    assert (0, 1) == (_rows(spool), _rows(spool, "dead"))
    assert 1 == requests


async def test_the_spool_holds_an_event_before_enqueue_returns(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """With a spool the event is committed before enqueue returns, and deleted once sent."""
    spool = tmp_path / "spool.db"
    caliper_sandbox.faults.add("send", "503:0", 1.0)
    async with _sender(caliper_sandbox, spool=spool, max_retries=0) as sender:
        await sender.enqueue(payloads.activity_event())
        committed = _rows(spool)
        caliper_sandbox.faults.clear()
        await sender.flush(10)
        after = _rows(spool)

    assert (1, 0) == (committed, after)


async def test_a_batch_that_breaks_the_send_is_bisected_and_reported_not_resent() -> None:
    """An unexpected error while sending (a bug, not an API answer) is never retried: the
    batch is split until each event failed alone, and each goes to on_error once, counted
    as failed; flush() says not everything was delivered."""
    attempts: list[int] = []
    reported: list[tuple[BaseException, list[Any]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        attempts.append(1)
        raise RuntimeError("a bug in the transport")

    client = AsyncCaliperClient(
        base_url="http://caliper.test",
        auth_url="http://caliper.test/token",
        client_id="i",
        client_secret="s",
        transport=httpx.MockTransport(handler),
    )
    async with AsyncSender(
        sensor=SENSOR, client=client, on_error=lambda e, events: reported.append((e, events))
    ) as sender:
        for _ in range(3):
            await sender.enqueue(payloads.activity_event())
        delivered = await sender.flush(5)
        stats = sender.stats()
    await client.aclose()

    assert not delivered
    assert (5, 3) == (len(attempts), stats.failed)  # sends of 3, 2, 1, 1 and 1 events
    assert [("RuntimeError", 1)] * 3 == [(type(e).__name__, len(ev)) for e, ev in reported]


async def test_close_leaves_nothing_open_when_a_send_outlives_it(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """A send slower than close() waits: close still returns, the event stays in the spool
    for the next sender, and no connection or spool file is left open for the collector."""
    spool = tmp_path / "spool.db"
    caliper_sandbox.faults.add("send", "latency:2", 1.0)
    threads = _worker_threads()
    sender = _sender(caliper_sandbox, spool=spool, max_retries=0)
    await sender.enqueue(payloads.activity_event())
    assert not await sender.flush(0.3)  # the send is under way, and slow

    await sender.aclose(0.1)
    del sender
    _wait_for_worker_threads_to_end(threads)
    gc.collect()  # an unclosed socket or SQLite connection fails the test here

    assert 1 == _rows(spool)


async def test_a_new_sender_resends_what_the_spool_holds(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """Events left in a spool (the API was down) are delivered by the next sender on it."""
    spool = tmp_path / "spool.db"
    caliper_sandbox.faults.add("send", "503:0", 1.0)
    first = _sender(caliper_sandbox, spool=spool, max_retries=0)
    for _ in range(30):
        await first.enqueue(payloads.activity_event())
    await first.aclose(0.3)
    left = _rows(spool)
    caliper_sandbox.faults.clear()

    async with _sender(caliper_sandbox, spool=spool) as second:
        await second.flush(10)

    assert 30 == left
    assert (30, 0) == (caliper_sandbox.count_events(), _rows(spool))


async def test_closing_without_a_spool_counts_what_was_left(caliper_sandbox: Sandbox) -> None:
    """Unsent events at close are dropped with reason "close" and reported, never silent."""
    caliper_sandbox.faults.add("send", "503:0", 1.0)
    reported: list[Any] = []
    sender = _sender(
        caliper_sandbox, max_retries=0, on_error=lambda error, events: reported.extend(events)
    )
    for _ in range(7):
        await sender.enqueue(payloads.activity_event())

    clean = await sender.aclose(0.3)

    assert not clean
    assert 7 == sender.stats().dropped.get("close", 0) + sender.stats().dropped.get(
        "unconfirmed", 0
    )
    assert len(reported) <= 7


async def test_failed_jobs_are_reported(caliper_sandbox: Sandbox) -> None:
    """With track_jobs, a job that fails reaches on_error as a JobFailedError."""
    caliper_sandbox.faults.plan("send", ["fail"])
    reported: list[BaseException] = []
    async with AsyncSender(
        sensor=SENSOR,
        track_jobs=True,
        job_poll_interval=0.05,
        on_error=lambda error, events: reported.append(error),
        **caliper_sandbox.client_kwargs(),
    ) as sender:
        await sender.enqueue(payloads.activity_event())
        await sender.flush(5)
        started = time.monotonic()
        while not reported and time.monotonic() - started < 5:
            await _pause(0.05)
        stats = sender.stats()

    assert [JobFailedError] == [type(e) for e in reported]
    assert "failed" in (reported[0].reason or "")  # type: ignore[attr-defined]
    assert 1 == stats.jobs_failed


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"sensor": ""}, "sensor"),
        ({"max_batch_events": 0}, "max_batch_events"),
        ({"overflow": "explode"}, "overflow"),
        ({"max_delay": -1}, "max_delay"),
    ],
)
async def test_bad_settings_are_refused(
    caliper_sandbox: Sandbox, kwargs: dict[str, Any], path: str
) -> None:
    """A sender with a bad setting is not built; the error names the setting."""
    settings = {"sensor": SENSOR, **kwargs}
    with pytest.raises(InputValidationError) as caught:
        AsyncSender(**settings, **caliper_sandbox.client_kwargs())

    assert [path] == [i.path for i in caught.value.issues]


async def test_repr_and_stats_show_no_secret(caliper_sandbox: Sandbox) -> None:
    """The sender's repr names where it sends, never the credentials."""
    async with _sender(caliper_sandbox) as sender:
        shown = repr(sender) + repr(sender.stats())

    assert caliper_sandbox.client_secret not in shown
    assert SENSOR in shown
