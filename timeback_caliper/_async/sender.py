"""The background sender: fire-and-forget delivery from an asyncio task (`AsyncSender`) or
a thread (`Sender`).

`_async/sender.py` is the single source of both: scripts/unasync.py generates
`_sync/sender.py` from it. Decisions are in `_core/sending.py`; storage in
`_queue.py` (memory) and `_spool.py` (SQLite); what differs between threads and tasks in
`_io.py`.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
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

from timeback_caliper import _telemetry as telemetry
from timeback_caliper._async.client import AsyncCaliperClient
from timeback_caliper._config import MissingSetting
from timeback_caliper._core import sending
from timeback_caliper._core.envelope import (
    as_event,
    sensor_issues,
)
from timeback_caliper._core.outage import Outage
from timeback_caliper._core.params import callback, client_issues, flag, positive_int, seconds
from timeback_caliper._core.validation import level_of
from timeback_caliper._core.vocabulary import DEFAULT_LEVEL
from timeback_caliper._io import (
    AsyncProgress,
    AsyncWakeup,
    aclose_at_exit,
    ainstall_sigterm_flush,
    ajoin_worker,
    arun_blocking,
    asigterm_flush_problem,
    asleep,
    astart_worker,
)
from timeback_caliper._pg_spool import PostgresSpool, is_postgres_url, is_transient, redacted
from timeback_caliper._queue import (
    Batch,
    Entry,
    MemoryQueue,
    Queue,
    events_of,
    prepare_event,
    spool_problem,
)
from timeback_caliper._spool import Spool
from timeback_caliper.events import (
    ActivityCompletedInput,
    TimeSpentInput,
    create_activity_event,
    create_time_spent_event,
)
from timeback_caliper.exceptions import (
    CaliperError,
    ConfigurationError,
    InputValidationError,
    JobFailedError,
    NotFoundError,
    QueueFullError,
    SpoolError,
)
from timeback_caliper.validation import Issue

__all__ = ["AsyncSender", "SenderStats"]

logger = logging.getLogger("timeback_caliper")

ErrorCallback = Callable[[BaseException, list[dict[str, Any]]], None]


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
        spool: path of a SQLite spool file, a `postgresql://` URL of a PostgreSQL outbox
            (the `postgres` extra; its schema made by `timeback-caliper outbox migrate`), or
            a spool object; None keeps events in memory.
        on_error: called with `(error, events)` for events that failed for good: refused by
            the API, dropped (queue or disk full), left unsent at close or exit, or (with
            `track_jobs`) whose job failed. Runs in the sender's worker (or, for drops, in
            the caller); it must not raise.
        track_jobs: follow the jobs of sent batches; their events are kept (in the spool,
            or in memory) until the job settles, and given to `on_error` if it fails.
        validation: the level `enqueue()` checks events at ("off", "basic", "strict");
            None: the client's.
        max_spool_bytes: a bound on the spool file (with its WAL), in bytes; past it new
            events are dropped ("spool_full"), counted and reported.
        flush_on_sigterm: on SIGTERM, close (flush for at most `exit_timeout`), then do
            what the signal did before (see the README for each server). Thread sender only.
        disabled: send nothing and queue nothing: `enqueue()` still checks each event (a bad
            one raises as usual), then discards it and returns True. For builds, CI and
            development without credentials.
        sync_mode: `enqueue()` returns once the event is delivered (it flushes): what tests
            want, to look for the event right after the code under test ran. Its result is
            then `flush()`'s. `enqueue_nowait()` never waits.
        max_batch_events: with `max_batch_bytes`, `max_delay`, `max_queue`, `overflow`,
            `block_timeout`, `max_in_flight`, `exit_timeout`, `job_poll_interval` and
            `max_attempts`: see `SenderPolicy` and the background delivery guide.
    """

    def __init__(
        self,
        client: AsyncCaliperClient | None = None,
        *,
        sensor: str,
        spool: str | os.PathLike[str] | Queue | None = None,
        fsync: bool = False,
        on_error: ErrorCallback | None = None,
        track_jobs: bool = False,
        validation: str | None = None,
        max_spool_bytes: int | None = None,
        flush_on_sigterm: bool = False,
        disabled: bool = False,
        sync_mode: bool = False,
        max_batch_events: int = sending.DEFAULT_BATCH_EVENTS,
        max_batch_bytes: int = sending.DEFAULT_BATCH_BYTES,
        max_delay: float = sending.DEFAULT_MAX_DELAY,
        max_queue: int | None = None,
        overflow: sending.Overflow = "drop_newest",
        block_timeout: float = 1.0,
        max_in_flight: int = 2,
        exit_timeout: float = 2.0,
        job_poll_interval: float = 2.0,
        max_attempts: int = sending.DEFAULT_MAX_ATTEMPTS,
        **client_kwargs: Any,
    ) -> None:
        issues = sensor_issues(sensor)
        client_issues(issues, AsyncCaliperClient, client)
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
                max_attempts=max_attempts,
            )
        except sending.InvalidSetting as exc:
            issues.append(Issue(exc.name, str(exc), code="type"))
        if max_spool_bytes is not None:
            positive_int(issues, "max_spool_bytes", max_spool_bytes)
        if spool is not None and (problem := spool_problem(spool)):
            issues.append(Issue("spool", problem, code="type"))
        callback(issues, "on_error", on_error)
        flags = {"fsync": fsync, "track_jobs": track_jobs, "disabled": disabled}
        flags |= {"sync_mode": sync_mode, "flush_on_sigterm": flush_on_sigterm}
        for name, value in flags.items():
            flag(issues, name, value)
        if flush_on_sigterm and (problem := asigterm_flush_problem()):
            issues.append(Issue("flush_on_sigterm", problem, code="type"))
        if issues:
            raise InputValidationError("Invalid sender settings", issues)
        self._sensor = sensor.strip()
        # A spool object (a PostgresSpool on a schema of its own, ...) is used as it is.
        self._spool_given: Queue | None = None
        if spool is not None and not isinstance(spool, str | os.PathLike):
            self._spool_given = spool
            self._spool_path: str | None = str(getattr(spool, "path", type(spool).__name__))
        else:
            self._spool_path = os.fspath(spool) if spool is not None else None
        # What reprs and messages show: a URL without its password.
        self._spool_name = redacted(self._spool_path) if self._spool_path else None
        self._fsync = fsync
        self._max_spool_bytes = max_spool_bytes
        self._on_error = on_error
        self._track_jobs = track_jobs
        self._disabled = disabled
        self._sync_mode = sync_mode
        self._owns_client = client is None
        self._client_kwargs = client_kwargs
        self._client = client
        if client is None and not disabled:
            # Settings missing now (a build without secrets, settings read later) are
            # looked for again at first use, and only then an error.
            with contextlib.suppress(MissingSetting):
                self._client = AsyncCaliperClient(**client_kwargs)
        self._level = level_of(
            validation
            or (self._client.config.validation if self._client else None)
            or client_kwargs.get("validation")
            or DEFAULT_LEVEL
        )
        self._lock = threading.Lock()
        _load_lazy_modules()
        self._open_state()  # first: a SpoolError leaves nothing open
        if self._client is not None:
            self._client.transport.open()  # here, not in a worker: opening imports httpx
        if flush_on_sigterm and not disabled:
            ainstall_sigterm_flush(self.aclose, self._policy.exit_timeout)
        _SENDERS.add(self)
        telemetry.watch(self)

    @property
    def client(self) -> AsyncCaliperClient:
        """The client this sender sends with. One whose settings were missing when the
        sender was made is made now; ConfigurationError if they are missing still."""
        if self._client is None:
            if self._disabled:
                raise ConfigurationError("a disabled sender has no client")
            with self._lock:
                if self._client is None:
                    client = AsyncCaliperClient(**self._client_kwargs)
                    client.transport.open()
                    self._client = client
        return self._client

    def _open_state(self) -> None:
        """Everything that belongs to one process (made again in a forked child)."""
        self._pid = os.getpid()
        self._queue = self._make_queue()
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
        self._jobs_adopted = False
        self._last_success = 0.0  # time.time() of the last acknowledged send
        self._last_success_mono = 0.0  # the same, as time.monotonic()
        self._sending: dict[int, Batch] = {}  # worker index -> the batch it is sending
        self._unsettled: list[tuple[Batch, str | None]] = []  # delivered, not yet recorded
        self._drop_log = sending.DropLog()
        self._outage = Outage()  # a spool that cannot be reached (a database restart)
        self._last_queued = 0  # the spool's last count, shown while it cannot be reached
        self._final: SenderStats | None = None  # the last stats, kept at close

    def _make_queue(self) -> Queue:
        """Memory, a SQLite file, a PostgreSQL outbox (a `postgresql://` URL), or the
        spool object given."""
        if self._disabled:
            return MemoryQueue(0)
        if self._spool_given is not None:
            return self._spool_given
        path = self._spool_path
        if path is None:
            return MemoryQueue(self._policy.max_queue)
        if is_postgres_url(path):
            return PostgresSpool(path, self._policy.max_queue, max_bytes=self._max_spool_bytes)
        return Spool(
            path, self._policy.max_queue, fsync=self._fsync, max_bytes=self._max_spool_bytes
        )

    def __repr__(self) -> str:
        where = f"spool={self._spool_name!r}" if self._spool_name else "memory"
        where += " disabled" if self._disabled else ""
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
        if self._disabled:
            return True
        refused = self._queue.put(sensor, body, size)
        if refused is None:
            self._wake_if_needed()
            return True
        return self._overflow(event, refused, wait=False)

    async def enqueue(self, event: Mapping[str, Any], *, sensor: str | None = None) -> bool:
        """Queue an event; returns at once, True if it was queued (False: dropped).

        Raises InputValidationError for an invalid event. A full queue applies the overflow
        policy: "drop_newest" counts the event as dropped and returns False, "raise" raises
        QueueFullError, "block" waits up to `block_timeout` for room, then raises.
        With `sync_mode`, it returns once the event is delivered: `flush()`'s result.
        """
        self._check_fork()
        self._start()
        body, size, sensor = self._prepare(event, sensor)
        if self._disabled:
            return True
        queued = await self._put(event, body, size, sensor)
        if queued and self._sync_mode:
            return await self.flush(self.client.config.timeout)
        return queued

    async def _put(self, event: Mapping[str, Any], body: str, size: int, sensor: str) -> bool:
        refused = self._queue.put(sensor, body, size)
        if refused is None:
            self._wake_if_needed()
            return True
        if self._policy.overflow != "block" or refused != "queue_full":
            return self._overflow(event, refused, wait=False)
        deadline = time.monotonic() + self._policy.block_timeout
        while True:  # wait for room: the worker says when a batch leaves the queue
            seen = self._progress.generation
            refused = self._queue.put(sensor, body, size)
            if refused is None:
                self._wake_if_needed()
                return True
            left = deadline - time.monotonic()
            if left <= 0 or refused != "queue_full":
                return self._overflow(event, refused, wait=True)
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
        return prepare_event(
            event,
            self._sensor if sensor is None else sensor,
            level=self._level,
            max_batch_bytes=self._policy.max_batch_bytes,
            check_sensor=sensor is not None,
        )

    def _overflow(self, event: object, refused: str, *, wait: bool) -> bool:
        """A full queue ("queue_full"), spool ("spool_full") or disk ("disk_full")."""
        what = {
            "queue_full": f"the sender's queue is full ({self._policy.max_queue} events)",
            "spool_full": f"the spool is full ({self._max_spool_bytes} bytes)",
            "disk_full": f"the disk of the spool {self._spool_name} is full",
        }[refused]
        waited = f" after waiting {self._policy.block_timeout:g} s" if wait else ""
        if self._policy.overflow == "drop_newest":
            self._drop(refused, [as_event(event)], QueueFullError(what))
            return False
        raise QueueFullError(what + waited)

    def _drop(self, reason: str, events: list[Any], error: BaseException) -> None:
        with self._lock:
            self._dropped[reason] = self._dropped.get(reason, 0) + len(events)
            due = self._drop_log.record(reason, len(events), time.monotonic())
        if due:
            logger.warning("dropped %d event(s): %s", due, reason)
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

    def _start(self, *, strict: bool = True) -> None:
        """Start the workers: one per batch in flight, each sending one batch at a time.

        Without a client, one is made now (its settings may have come late); if they are
        missing still, ConfigurationError, or (not `strict`: flush, close) no workers."""
        if self._workers or self._stopping or self._disabled:
            return
        try:
            self.client  # noqa: B018 - made on first use
        except ConfigurationError:
            if strict:
                raise
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
                    began = time.monotonic()
                    if await self._step(index):
                        return
                    self._outage_over(began)
                except Exception as exc:  # never die silently: report, back off, go on
                    if self._stopping:
                        return
                    self._last_error = f"{type(exc).__name__}: {exc}"
                    if is_transient(exc):  # a database restart, a failover: wait it out
                        await asleep(self._in_outage(exc))
                        continue
                    if isinstance(exc, SpoolError):  # it names the file and the cause
                        logger.error(
                            "%s; the sender's worker goes on in %g s",
                            exc,
                            sending.WORKER_FAILURE_BACKOFF,
                        )
                    else:
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

    def _in_outage(self, exc: Exception) -> float:
        """Seconds to wait for the spool; the outage is logged once, by the first worker
        to find it."""
        with self._lock:
            begins, wait = self._outage.failed(time.monotonic(), random.random())
        if begins:
            logger.warning("%s; waiting for it (delivery resumes by itself)", exc)
        return wait

    def _outage_over(self, began: float) -> None:
        if self._outage.since is None:
            return
        with self._lock:
            lasted = self._outage.succeeded(began, time.monotonic())
        if lasted is not None:
            logger.warning("the spool %s is back after %.1f s", self._spool_name, lasted)

    async def _step(self, index: int) -> bool:
        """One round of a worker: send a batch if one is due, or sleep. True: stop."""
        now = time.monotonic()
        if self._unsettled:
            await self._record_unsettled()
        if index == 0 and self._schedule.recover_due(now):
            released = await arun_blocking(self._queue.recover)
            if released:
                logger.info("took over %d event(s) left by a stopped process", released)
            if self._track_jobs:
                await self._adopt_jobs()
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
        self._sending[id(batch)] = batch
        try:
            result = await self.client.transport.send_encoded(
                batch.sensor, [entry.body for entry in batch.entries]
            )
        except BaseException as exc:
            if not isinstance(exc, Exception):  # cancelled mid-send: back to the queue
                try:
                    self._queue.release(batch.entries, "now", time.time())
                finally:
                    self._done(batch)
                raise
            try:
                await self._failed(batch, exc)
            finally:  # given back or not (a spool that cannot be reached), it left us
                self._done(batch)
            return
        job_id = result.job_id if self._track_jobs else None
        with self._lock:
            self._counts["sent"] += len(batch)
            self._schedule.sent()
            self._last_success = time.time()
            self._last_success_mono = time.monotonic()  # the memory queue's clock
        with self._lock:
            self._unsettled.append((batch, job_id))
        await self._record_unsettled()
        if job_id:
            self._wakeup.set()  # worker 0 follows the jobs: let it see the new one

    async def _record_unsettled(self) -> None:
        """Record delivered batches in the queue (deleted, or held for their job). A spool
        that fails here (a full disk) keeps them claimed by us until this works again."""
        while True:
            with self._lock:
                if not self._unsettled:
                    return
                batch, job_id = self._unsettled.pop(0)
            try:
                if job_id and len(self._jobs) < sending.MAX_TRACKED_JOBS:
                    await arun_blocking(functools.partial(self._queue.hold, batch, job_id))
                    due = time.monotonic() + self._policy.job_poll_interval
                    with self._lock:
                        self._jobs[job_id] = _Job(job_id, len(batch), due)
                else:
                    await arun_blocking(functools.partial(self._queue.ack, batch))
            except BaseException:
                with self._lock:
                    self._unsettled.insert(0, (batch, job_id))
                raise
            self._done(batch)

    def _done(self, batch: Batch) -> None:
        """The batch has left this worker's hands (sent, refused or given back)."""
        self._sending.pop(id(batch), None)
        with self._lock:
            self._in_flight -= len(batch)
        self._progress.notify()

    async def _alone(self, batch: Batch) -> bool:
        """Whether a lone event set aside is all there is to send (the queue's tail), in
        which case no other send can prove the API up (see `sending.plan_failure`)."""
        if len(batch) != 1 or not batch.isolated_at:
            return False
        try:
            queued = await arun_blocking(self._queue.size)  # a spool's counts its claimed rows
        except SpoolError:  # cannot tell (an outage): not alone, so nothing is buried for it
            return False
        if self._queue.durable:
            return queued <= len(batch)
        with self._lock:
            return queued + self._in_flight <= len(batch)

    def _accepted(self, batch: Batch) -> float | None:
        """When a lone event was queued, on `_last_success`'s clock (a spool's wall time,
        the memory queue's monotonic one, shifted to the wall)."""
        if len(batch) != 1:
            return None
        at = batch.entries[0].enqueued_at
        if self._queue.durable:
            return at
        return at + (self._last_success - self._last_success_mono) if self._last_success else at

    async def _failed(self, batch: Batch, exc: Exception) -> None:
        """Dead-letter as few events as the failure allows; give back the rest (the
        caller then says the batch is done)."""
        self._last_error = reason = f"{type(exc).__name__}: {exc}"
        plan = sending.plan_failure(
            self._policy,
            exc,
            size=len(batch),
            attempts=batch.attempts,
            isolated_at=batch.isolated_at,
            last_success=self._last_success,
            alone=await self._alone(batch),
            enqueued_at=self._accepted(batch),
        )
        dead = [batch.entries[i] for i in plan.dead]
        rest = [e for i, e in enumerate(batch.entries) if i not in set(plan.dead)]
        if dead:
            await arun_blocking(lambda: self._queue.reject(dead, reason))
            with self._lock:
                self._counts["failed"] += len(dead)
            logger.error("the API refused %d event(s) of a batch: %s", len(dead), exc)
            self._report(exc, events_of(dead))
        if rest:
            await arun_blocking(lambda: self._queue.release(rest, plan.rest, time.time()))
            if plan.rest in ("retry", "isolate"):
                with self._lock:
                    self._counts["retried_batches"] += 1
                    delay = self._schedule.failed(time.monotonic(), random.random())
                logger.warning(
                    "sending %d event(s) failed (%s); retrying in %.1f s", len(rest), exc, delay
                )
            else:
                logger.info("resending %d event(s) of a failed batch (%s)", len(rest), plan.rest)

    async def _adopt_jobs(self) -> None:
        """Follow the jobs whose events the queue holds but this sender does not track yet
        (a spool's, left by a process that stopped before they settled)."""
        held = await arun_blocking(self._queue.held_jobs)
        due = time.monotonic()
        for job_id, count in held.items():
            if job_id not in self._jobs and len(self._jobs) < sending.MAX_TRACKED_JOBS:
                self._jobs[job_id] = _Job(job_id, count, due)

    async def _check_jobs(self) -> None:
        now = time.monotonic()
        due = [j for j in list(self._jobs.values()) if j.due <= now][: sending.JOBS_PER_ROUND]
        for job in due:
            try:
                status = await self.client.jobs.get_status(job.job_id)
            except NotFoundError as exc:
                await self._job_lost(job, exc, f"job {job.job_id} not found")
                continue
            except CaliperError as exc:
                self._last_error = f"{type(exc).__name__}: {exc}"
                self._jobs[job.job_id] = _Job(
                    job.job_id, job.events, now + self._policy.job_poll_interval
                )
                continue
            if status.is_completed:
                await arun_blocking(functools.partial(self._queue.settle, job.job_id, None))
                del self._jobs[job.job_id]
            elif status.is_failed:
                error = JobFailedError(job.job_id, status.failed_reason, status)
                await self._job_lost(job, error, str(error))
            else:
                self._jobs[job.job_id] = _Job(
                    job.job_id, job.events, now + self._policy.job_poll_interval
                )

    async def _job_lost(self, job: _Job, error: CaliperError, reason: str) -> None:
        """A job that failed (or vanished): its events go to `dead` and to `on_error`."""
        entries = await arun_blocking(lambda: self._queue.settle(job.job_id, reason))
        del self._jobs[job.job_id]
        with self._lock:
            self._jobs_failed += 1
            self._counts["failed"] += len(entries)
        self._last_error = reason
        logger.error("%s: %d event(s) not stored", reason, len(entries))
        self._report(error, events_of(entries))

    # -- flushing, closing, forking -------------------------------------------------------

    async def flush(self, timeout: float = 10.0) -> bool:
        """Send everything queued now; True if it all went within `timeout` seconds and
        none of it was refused or dropped meanwhile."""
        timeout = seconds("timeout", timeout, zero=True)
        self._check_fork()
        self._start(strict=False)
        deadline = time.monotonic() + timeout
        lost_before = self._lost()
        self._flushing += 1
        try:
            self._wakeup.set()
            while True:  # the worker says when a batch is done: no polling
                seen = self._progress.generation
                if self._nothing_pending() and self._in_flight == 0:
                    return self._lost() == lost_before
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                await self._progress.wait(seen, self._look_again(left))
        finally:
            self._flushing -= 1

    def _nothing_pending(self) -> bool:
        """Whether the queue holds nothing due; a spool that cannot be reached still holds
        what it held (a flush waits for it, up to its timeout)."""
        try:
            return self._queue.pending()[0] == 0
        except SpoolError as exc:
            if not is_transient(exc):
                raise
            return False

    async def aclose(self, timeout: float | None = None) -> bool:
        """Flush for at most `timeout` seconds (default `exit_timeout`), then stop.

        Without a spool, events still queued then are dropped, counted (reason "close") and
        reported; with a spool they stay in it for the next sender. True if nothing was left.
        """
        if timeout is not None:
            timeout = seconds("timeout", timeout, zero=True)
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
        sending_now = [e for batch in list(self._sending.values()) for e in batch.entries]
        if sending_now and not self._queue.durable:
            # Sends still under way: they may yet succeed, but nobody will know. A spool
            # gets them back (recover); from memory they are counted and reported.
            self._drop(
                "unconfirmed",
                events_of(sending_now),
                CaliperError(f"{len(sending_now)} event(s) still being sent at close"),
            )
        for reason, count in self._drop_log.leftover().items():
            logger.warning("dropped %d event(s): %s", count, reason)
        self._final = self.stats()
        telemetry.retire(self, self._final)
        # Even when a worker thread is still sending: the spool waits for its lock, and the
        # worker, finding both closed, stops (nothing open is left for the collector).
        self._queue.close()
        if self._owns_client and self._client is not None:
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
        if self._client is not None:
            self._client = self._client.copy()
            self._client.transport.open()
        self._owns_client = True
        self._open_state()

    def _lost(self) -> int:
        with self._lock:
            return self._counts["failed"] + sum(self._dropped.values())

    def stats(self) -> SenderStats:
        """Counters since this sender (or, after a fork, this process's sender) started;
        after close, the last ones."""
        if self._final is not None:
            return self._final
        try:
            queued = self._last_queued = self._queue.size()
        except SpoolError as exc:  # a database restart: the last count, and the error
            if not is_transient(exc):
                raise
            queued = self._last_queued
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
        left: list[Entry] = self._queue.drain()
        if left:
            error = CaliperError(f"{len(left)} event(s) unsent at {reason}")
            self._drop(reason, events_of(left), error)
        return len(left)

    def _exit(self) -> None:
        """Interpreter exit: a thread sender flushes (bounded); a task sender cannot, as no
        event loop runs any more, so it counts and reports what is left in memory."""
        if self._pid != os.getpid() or self._stopping:
            return
        try:
            closed = aclose_at_exit(self.aclose, self._policy.exit_timeout)
        except SpoolError as exc:  # a damaged spool: one line that says what to do, no traceback
            logger.error("the sender could not flush at exit: %s", exc)
            return
        if not closed:
            self._drop_left("exit")


@functools.cache
def _load_lazy_modules() -> None:
    """Import now, in the thread that makes the sender, what delivery imports on first use.

    A fork while a worker thread is in the middle of an import leaves the child a module
    lock that no thread of the child will ever release: its first send would hang there.
    So no worker may be the first to import anything: the parsers of Retry-After dates and
    ISO 8601 times, the codec `socket` uses for host names on a new connection, and
    OpenTelemetry's span machinery when it is installed. (A test runs a delivery and fails
    on any module it imports for the first time.)
    """
    import email.utils  # noqa: F401
    import encodings.idna  # noqa: F401

    import dateutil.parser  # noqa: F401

    import timeback_caliper._operations  # noqa: F401

    telemetry.load()


_SENDERS: weakref.WeakSet[AsyncSender] = weakref.WeakSet()


def _exit_all() -> None:
    for sender in list(_SENDERS):
        sender._exit()


def _after_fork_all() -> None:
    for sender in list(_SENDERS):
        sender._after_fork()


atexit.register(_exit_all)
os.register_at_fork(after_in_child=_after_fork_all)
