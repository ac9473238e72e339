"""The background sender: fire-and-forget delivery from an asyncio task (`AsyncSender`) or
a thread (`Sender`).

`_async/sender.py` is the single source of both: scripts/unasync.py generates
`_sync/sender.py` from it. Decisions are in `_core/sending.py`; storage in
`_queue.py`; what differs between threads and tasks in `_io.py`.
"""

from __future__ import annotations

import atexit
import functools
import json
import logging
import os
import random
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Self

from attrs import field, frozen

from timeback_caliper._async.client import AsyncCaliperClient
from timeback_caliper._core import sending
from timeback_caliper._core.envelope import (
    as_event,
    encode_json,
    envelope_overhead,
    raise_errors,
    sensor_issues,
)
from timeback_caliper._core.validation import level_of
from timeback_caliper._io import (
    AsyncProgress,
    AsyncWakeup,
    aclose_at_exit,
    ajoin_worker,
    arun_blocking,
    asleep,
    astart_worker,
)
from timeback_caliper._log import report_warnings
from timeback_caliper._queue import Batch, MemoryQueue, Spool
from timeback_caliper.events import (
    ActivityCompletedInput,
    TimeSpentInput,
    create_activity_event,
    create_time_spent_event,
)
from timeback_caliper.exceptions import (
    CaliperError,
    InputValidationError,
    JobFailedError,
    QueueFullError,
)
from timeback_caliper.validation import Issue, json_issues, validate_event

__all__ = ["AsyncSender", "SenderStats"]

logger = logging.getLogger("timeback_caliper")

ErrorCallback = Callable[[BaseException, list[dict[str, Any]]], None]
_SAMPLE_TIME = "2000-01-01T00:00:00.000Z"


@frozen
class SenderStats:
    """A snapshot of what the sender did: counts of events unless the name says batches."""

    queued: int
    in_flight: int
    sent: int
    retried_batches: int
    failed: int
    dropped: dict[str, int]
    spool_size: int | None
    last_error: str | None
    jobs_tracked: int
    jobs_failed: int


@frozen
class _Job:
    job_id: str
    events: int
    due: float = field(eq=False)


class AsyncSender:
    """Queues events and sends them in the background, in batches, through the client.

    `enqueue()` validates the event and returns at once (it waits only with
    `overflow="block"` and a full queue). A worker (a task of the event loop for
    `AsyncSender`, a thread for `Sender`) sends batches of up to
    `max_batch_events` events / `max_batch_bytes` bytes, at the latest `max_delay` seconds
    after their first event arrived, with the client's retries, then its own patient
    backoff for long outages. With `spool=PATH`, each event is committed to a SQLite file
    before `enqueue()` returns and deleted only once the API acknowledged it; the file
    survives crashes and can be shared by several processes.

    Args:
        client: the client to send with; or pass the client's settings as keyword
            arguments (`env=`, `base_url=`, ...) and the sender makes (and closes) its own.
        sensor: the sensor IRI of the envelopes (each `enqueue()` may give another).
        spool: path of a SQLite spool file; None keeps events in memory.
        on_error: called with `(error, events)` for events that failed for good: refused by
            the API, dropped because the queue was full, left unsent at exit, or (with
            `track_jobs`) whose job failed. Runs in the sender's worker (or, for drops, in
            the caller); it must not raise.
        track_jobs: follow the jobs of sent batches and report failed ones to `on_error`.
        validation: the level `enqueue()` checks events at ("off", "basic", "strict");
            None: the client's.
        max_batch_events, max_batch_bytes, max_delay, max_queue, overflow, block_timeout,
        max_in_flight, exit_timeout, job_poll_interval: see `SenderPolicy` and the README.
    """

    def __init__(
        self,
        client: AsyncCaliperClient | None = None,
        *,
        sensor: str,
        spool: str | os.PathLike[str] | None = None,
        fsync: bool = False,
        on_error: ErrorCallback | None = None,
        track_jobs: bool = False,
        validation: str | None = None,
        max_batch_events: int = sending.DEFAULT_BATCH_EVENTS,
        max_batch_bytes: int = sending.DEFAULT_BATCH_BYTES,
        max_delay: float = sending.DEFAULT_MAX_DELAY,
        max_queue: int | None = None,
        overflow: sending.Overflow = "drop_newest",
        block_timeout: float = 1.0,
        max_in_flight: int = 2,
        exit_timeout: float = 2.0,
        job_poll_interval: float = 2.0,
        **client_kwargs: Any,
    ) -> None:
        issues = sensor_issues(sensor)
        if client is not None and client_kwargs:
            issues.append(Issue("client", "give a client or its settings, not both", code="type"))
        if validation is not None:
            try:
                level_of(validation)
            except ValueError as exc:
                issues.append(Issue("validation", str(exc), code="enum"))
        try:
            self._policy = sending.SenderPolicy(
                max_batch_events=max_batch_events,
                max_batch_bytes=max_batch_bytes,
                max_delay=max_delay,
                max_queue=max_queue
                if max_queue is not None
                else (sending.DEFAULT_MAX_SPOOL if spool else sending.DEFAULT_MAX_QUEUE),
                overflow=overflow,
                block_timeout=block_timeout,
                max_in_flight=max_in_flight,
                exit_timeout=exit_timeout,
                job_poll_interval=job_poll_interval,
            )
        except sending.InvalidSetting as exc:
            issues.append(Issue(exc.name, str(exc), code="type"))
        if issues:
            raise InputValidationError("Invalid sender settings", issues)
        self._sensor = sensor.strip()
        self._spool_path = os.fspath(spool) if spool is not None else None
        self._fsync = fsync
        self._on_error = on_error
        self._track_jobs = track_jobs
        self._owns_client = client is None
        self._client = client if client is not None else AsyncCaliperClient(**client_kwargs)
        self._level = level_of(validation) if validation else self._client.config.validation
        self._lock = threading.Lock()
        _load_lazy_modules()
        self._client.transport.open()  # here, not in a worker: opening imports httpx
        self._open_state()
        _SENDERS.add(self)

    def _open_state(self) -> None:
        """Everything that belongs to one process (made again in a forked child)."""
        self._pid = os.getpid()
        self._queue: MemoryQueue | Spool = (
            Spool(self._spool_path, self._policy.max_queue, fsync=self._fsync)
            if self._spool_path is not None
            else MemoryQueue(self._policy.max_queue)
        )
        self._wakeup = AsyncWakeup()
        self._progress = AsyncProgress()
        self._schedule = sending.Schedule(self._policy, durable=self._queue.durable)
        self._workers: list[Any] = []
        self._idle = True  # the worker sleeps until woken: the next enqueue wakes it
        self._unsignalled = 0
        self._stopping = False
        self._flushing = 0
        self._in_flight = 0
        self._counts: dict[str, int] = {"sent": 0, "retried_batches": 0, "failed": 0}
        self._dropped: dict[str, int] = {}
        self._last_error: str | None = None
        self._jobs: dict[str, _Job] = {}
        self._jobs_failed = 0

    def __repr__(self) -> str:
        where = f"spool={self._spool_path!r}" if self._spool_path else "memory"
        return f"<{type(self).__name__} sensor={self._sensor!r} {where} client={self._client!r}>"

    # -- enqueueing -----------------------------------------------------------------------

    def enqueue_nowait(self, event: Mapping[str, Any], *, sensor: str | None = None) -> bool:
        """Queue an event without ever waiting; returns False if it was dropped.

        Raises InputValidationError for an invalid event, and QueueFullError when the queue
        is full and the overflow policy is "raise" or "block" (which cannot wait here).
        """
        self._check_fork()
        self._start()
        body, size, sensor = self._prepare(event, sensor)
        if self._queue.put(sensor, body, size):
            self._wake_if_needed()
            return True
        return self._overflow(event, wait=False)

    async def enqueue(self, event: Mapping[str, Any], *, sensor: str | None = None) -> bool:
        """Queue an event; returns at once, True if it was queued (False: dropped).

        Raises InputValidationError for an invalid event. A full queue applies the overflow
        policy: "drop_newest" counts the event as dropped and returns False, "raise" raises
        QueueFullError, "block" waits up to `block_timeout` for room, then raises.
        """
        self._check_fork()
        self._start()
        body, size, sensor = self._prepare(event, sensor)
        if self._queue.put(sensor, body, size):
            self._wake_if_needed()
            return True
        if self._policy.overflow != "block":
            return self._overflow(event, wait=False)
        deadline = time.monotonic() + self._policy.block_timeout
        while True:  # wait for room: the worker says when a batch leaves the queue
            seen = self._progress.generation
            if self._queue.put(sensor, body, size):
                self._wake_if_needed()
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return self._overflow(event, wait=True)
            await self._progress.wait(seen, self._look_again(left))

    async def enqueue_activity(
        self, input: ActivityCompletedInput | Mapping[str, Any], *, sensor: str | None = None
    ) -> bool:
        """Queue a Timeback ActivityEvent/Completed built from `input`."""
        return await self.enqueue(create_activity_event(input, validation="off"), sensor=sensor)

    async def enqueue_time_spent(
        self, input: TimeSpentInput | Mapping[str, Any], *, sensor: str | None = None
    ) -> bool:
        """Queue a Timeback TimeSpentEvent/SpentTime built from `input`."""
        return await self.enqueue(create_time_spent_event(input, validation="off"), sensor=sensor)

    def _prepare(self, event: object, sensor: str | None) -> tuple[str, int, str]:
        """Validate and encode one event (the only work `enqueue` does besides queueing)."""
        event = as_event(event)
        issues = validate_event(event, level=self._level)
        if sensor is not None:
            issues += sensor_issues(sensor)
        if issues and raise_errors(issues, "Invalid event"):
            report_warnings(issues, "enqueue")
        sensor = sensor.strip() if sensor else self._sensor
        try:
            body = encode_json(event)
        except (TypeError, ValueError, RecursionError):
            raise InputValidationError("Not JSON", json_issues(event)) from None
        size = len(body) if body.isascii() else len(body.encode("utf-8"))
        if _overhead(sensor) + size + 1 > self._policy.max_batch_bytes:
            raise InputValidationError(
                "Event too large",
                [
                    Issue(
                        "",
                        f"is {size} bytes; a batch holds at most {self._policy.max_batch_bytes}",
                        code="too-large",
                    )
                ],
            )
        return body, size, sensor

    def _overflow(self, event: object, *, wait: bool) -> bool:
        policy = self._policy.overflow
        if policy == "drop_newest":
            self._drop(
                "queue_full", [as_event(event)], QueueFullError("the sender's queue is full")
            )
            return False
        waited = f" after waiting {self._policy.block_timeout:g} s" if wait else ""
        raise QueueFullError(
            f"the sender's queue is full ({self._policy.max_queue} events){waited}"
        )

    def _drop(self, reason: str, events: list[Any], error: BaseException) -> None:
        with self._lock:
            self._dropped[reason] = self._dropped.get(reason, 0) + len(events)
        logger.warning("dropped %d event(s): %s", len(events), reason)
        self._report(error, events)

    def _report(self, error: BaseException, events: list[Any]) -> None:
        if self._on_error is None:
            return
        try:
            self._on_error(error, events)
        except Exception:
            logger.exception("the sender's on_error callback raised")

    def _wake_if_needed(self) -> None:
        """Wake the worker when it sleeps without a deadline, or when a batch is full."""
        self._unsignalled += 1
        if self._idle or self._unsignalled >= self._policy.max_batch_events:
            self._idle = False
            self._unsignalled = 0
            self._wakeup.set()

    # -- the worker -----------------------------------------------------------------------

    def _start(self) -> None:
        """Start the workers: one per batch in flight, each sending one batch at a time."""
        if self._workers or self._stopping:
            return
        for index in range(self._policy.max_in_flight):
            name = f"timeback-caliper-sender-{index}"
            worker = astart_worker(functools.partial(self._run, index), self._wakeup, name=name)
            if worker is None:
                return  # no event loop yet (AsyncSender): its first async call starts them
            self._workers.append(worker)

    async def start(self) -> None:
        """Start the background worker now (it also starts on the first `enqueue`); with a
        spool, this resends what an earlier process left in it."""
        self._check_fork()
        self._start()

    async def _run(self, index: int) -> None:
        try:
            while True:
                try:
                    if await self._step(index):
                        return
                except Exception as exc:  # never die silently: report, back off, go on
                    if self._stopping:
                        return
                    self._last_error = f"{type(exc).__name__}: {exc}"
                    logger.exception(
                        "the sender's worker failed; going on in %g s",
                        sending.WORKER_FAILURE_BACKOFF,
                    )
                    await asleep(sending.WORKER_FAILURE_BACKOFF)
        except BaseException:
            # A task cancelled as its event loop ends (asyncio.run() cancels what is left):
            # what is still in memory will never go; say so now, while the sender exists.
            if not self._stopping:
                self._drop_left("exit")
            raise

    async def _step(self, index: int) -> bool:
        """One round of a worker: send a batch if one is due, or sleep. True: stop."""
        now = time.monotonic()
        if index == 0 and self._schedule.recover_due(now):
            released = await arun_blocking(self._queue.recover)
            if released:
                logger.info("took over %d event(s) left by a stopped process", released)
        may_send = self._schedule.may_send(now)
        batch = await arun_blocking(self._claim_due) if may_send else None
        if batch is not None:
            await self._deliver(batch)
            return False
        if index == 0 and self._track_jobs and self._jobs:
            await self._check_jobs()
        if self._stopping and (self._queue.pending()[0] == 0 or not may_send):
            return True
        count, _, oldest = self._queue.pending()
        sleep = self._schedule.sleep_time(
            now,
            count=count,
            oldest_age=0.0 if oldest is None else self._age(oldest),
            tracking_jobs=self._track_jobs and bool(self._jobs),
        )
        self._idle = sleep is None
        await self._wakeup.wait(sleep if sleep is not None else sending.IDLE_WAIT)
        return False

    def _claim_due(self) -> Batch | None:
        count, size, oldest = self._queue.pending()
        if count == 0:
            return None
        forced = self._flushing > 0 or self._stopping
        age = 0.0 if oldest is None else self._age(oldest)
        if not (forced or sending.batch_due(self._policy, count=count, size=size, oldest_age=age)):
            return None
        batch = self._queue.claim(self._policy.max_batch_events, self._policy.max_batch_bytes)
        if batch is not None:
            with self._lock:
                self._in_flight += len(batch)
            self._progress.notify()  # room in a memory queue for a blocked enqueue
        return batch

    def _look_again(self, left: float) -> float:
        """How long to wait for progress: all that is `left` for a memory queue; a shared
        spool also changes through other processes, which cannot notify this one."""
        return min(left, sending.SHARED_SPOOL_LOOK) if self._queue.durable else left

    def _age(self, enqueued_at: float) -> float:
        clock = time.time if self._queue.durable else time.monotonic
        return clock() - enqueued_at

    async def _deliver(self, batch: Batch) -> None:
        try:
            result = await self._client.transport.send_encoded(
                batch.sensor, [entry.body for entry in batch.entries]
            )
        except BaseException as exc:
            if not isinstance(exc, Exception):  # cancelled mid-send: back to the queue
                self._queue.release(batch)
                with self._lock:
                    self._in_flight -= len(batch)
                self._progress.notify()
                raise
            events = batch.events()
            self._last_error = reason = f"{type(exc).__name__}: {exc}"
            if sending.verdict(exc) == "reject":
                await arun_blocking(lambda: self._queue.reject(batch, reason))
                with self._lock:
                    self._in_flight -= len(batch)
                    self._counts["failed"] += len(batch)
                self._progress.notify()
                logger.error("the API refused a batch of %d event(s): %s", len(batch), exc)
                self._report(exc, events)
            else:
                await arun_blocking(lambda: self._queue.release(batch))
                with self._lock:
                    self._in_flight -= len(batch)
                    self._counts["retried_batches"] += 1
                    delay = self._schedule.failed(time.monotonic(), random.random())
                self._progress.notify()
                logger.warning(
                    "sending %d event(s) failed (%s); retrying in %.1f s", len(batch), exc, delay
                )
            return
        await arun_blocking(lambda: self._queue.ack(batch))
        with self._lock:
            self._in_flight -= len(batch)
            self._counts["sent"] += len(batch)
            self._schedule.sent()
            tracked = self._track_jobs and len(self._jobs) < sending.MAX_TRACKED_JOBS
            if tracked and result.job_id:
                due = time.monotonic() + self._policy.job_poll_interval
                self._jobs[result.job_id] = _Job(result.job_id, len(batch), due)
        self._progress.notify()
        if self._track_jobs:
            self._wakeup.set()  # worker 0 follows the jobs: let it see the new one

    async def _check_jobs(self) -> None:
        now = time.monotonic()
        due = [j for j in list(self._jobs.values()) if j.due <= now][: sending.JOBS_PER_ROUND]
        for job in due:
            try:
                status = await self._client.jobs.get_status(job.job_id)
            except CaliperError as exc:
                self._last_error = f"{type(exc).__name__}: {exc}"
                self._jobs[job.job_id] = _Job(
                    job.job_id, job.events, now + self._policy.job_poll_interval
                )
                continue
            if status.is_completed:
                del self._jobs[job.job_id]
            elif status.is_failed:
                del self._jobs[job.job_id]
                self._jobs_failed += 1
                error = JobFailedError(job.job_id, status.failed_reason, status)
                self._last_error = str(error)
                logger.error("%s", error)
                self._report(error, [])
            else:
                self._jobs[job.job_id] = _Job(
                    job.job_id, job.events, now + self._policy.job_poll_interval
                )

    # -- flushing, closing, forking -------------------------------------------------------

    async def flush(self, timeout: float = 10.0) -> bool:
        """Send everything queued now; True if it all went within `timeout` seconds."""
        self._check_fork()
        self._start()
        deadline = time.monotonic() + timeout
        self._flushing += 1
        try:
            self._wakeup.set()
            while True:  # the worker says when a batch is done: no polling
                seen = self._progress.generation
                if self._queue.pending()[0] == 0 and self._in_flight == 0:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                await self._progress.wait(seen, self._look_again(left))
        finally:
            self._flushing -= 1

    async def aclose(self, timeout: float | None = None) -> bool:
        """Flush for at most `timeout` seconds (default `exit_timeout`), then stop.

        Without a spool, events still queued then are dropped, counted (reason "close") and
        reported; with a spool they stay in it for the next sender. True if nothing was left.
        """
        if self._stopping:
            return True
        timeout = self._policy.exit_timeout if timeout is None else timeout
        delivered = await self.flush(timeout)
        self._stopping = True
        self._wakeup.set()
        stopped = all([await ajoin_worker(w, sending.STOP_JOIN_TIMEOUT) for w in self._workers])
        if not stopped:
            logger.info("a worker is still sending; it stops when its request ends")
        left = self._drop_left("close")
        if self._in_flight:
            # Sends still under way: they may yet succeed, but nobody will know. A spool
            # gets them back (recover); from memory they are counted, never silent.
            unconfirmed = self._in_flight
            with self._lock:
                self._dropped["unconfirmed"] = self._dropped.get("unconfirmed", 0) + unconfirmed
            logger.warning("closed with %d event(s) still being sent", unconfirmed)
        # Even when a worker thread is still sending: the spool waits for its lock, and the
        # worker, finding both closed, stops (nothing open is left for the collector).
        self._queue.close()
        if self._owns_client:
            await self._client.aclose()
        _SENDERS.discard(self)
        return delivered and not left

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def _check_fork(self) -> None:
        if self._pid != os.getpid():
            self._after_fork()

    def _after_fork(self) -> None:
        """In a forked child: a fresh queue, worker, client and spool connection of its own.

        The parent's queued events stay the parent's: the child never sends them.
        """
        if self._pid == os.getpid():
            return
        self._lock = threading.Lock()
        self._client = self._client.copy()
        self._client.transport.open()
        self._owns_client = True
        self._open_state()

    def stats(self) -> SenderStats:
        """Counters since this sender (or, after a fork, this process's sender) started."""
        queued = self._queue.size()
        with self._lock:
            return SenderStats(
                queued=queued,
                in_flight=self._in_flight,
                sent=self._counts["sent"],
                retried_batches=self._counts["retried_batches"],
                failed=self._counts["failed"],
                dropped=dict(self._dropped),
                spool_size=queued if self._queue.durable else None,
                last_error=self._last_error,
                jobs_tracked=len(self._jobs),
                jobs_failed=self._jobs_failed,
            )

    def _drop_left(self, reason: str) -> int:
        """Count and report what a memory queue still holds (a spool keeps it)."""
        left = self._queue.drain()
        if left:
            events = [json.loads(e.body) for e in left]
            self._drop(reason, events, CaliperError(f"{len(left)} event(s) unsent at {reason}"))
        return len(left)

    def _exit(self) -> None:
        """Interpreter exit: a thread sender flushes (bounded); a task sender cannot, as no
        event loop runs any more, so it counts and reports what is left in memory."""
        if self._pid != os.getpid() or self._stopping:
            return
        if not aclose_at_exit(self.aclose, self._policy.exit_timeout):
            self._drop_left("exit")


@functools.cache
def _load_lazy_modules() -> None:
    """Import now, in the thread that makes the sender, what delivery imports on first use.

    A fork while a worker thread is in the middle of an import leaves the child a module
    lock that no thread of the child will ever release: its first send would hang there.
    So no worker may be the first to import anything: the parsers of Retry-After dates and
    ISO 8601 times, and the codec `socket` uses for host names on a new connection. (A test
    runs a delivery and fails on any module it imports for the first time.)
    """
    import email.utils  # noqa: F401
    import encodings.idna  # noqa: F401

    import dateutil.parser  # noqa: F401

    import timeback_caliper._operations  # noqa: F401


@functools.lru_cache(maxsize=64)
def _overhead(sensor: str) -> int:
    return envelope_overhead(sensor, _SAMPLE_TIME)


_SENDERS: weakref.WeakSet[AsyncSender] = weakref.WeakSet()


def _exit_all() -> None:
    for sender in list(_SENDERS):
        sender._exit()


def _after_fork_all() -> None:
    for sender in list(_SENDERS):
        sender._after_fork()


atexit.register(_exit_all)
os.register_at_fork(after_in_child=_after_fork_all)
