"""The background sender's decisions: when a batch goes, what a failure means, what to drop.

Rules:
- A batch goes when it is full (`max_batch_events` events or `max_batch_bytes` bytes of
  envelope) or when its oldest event has waited `max_delay` seconds.
- A failure is retried (the events stay queued, or in the spool) unless the API refused the
  content itself (`REFUSED_STATUSES`), the send may have been carried out and the client
  does not resend those (`ambiguous`), or a bug broke the send: then the batch is rejected
  and reported, never resent.
- Retries back off exponentially, with jitter, up to `max_retry_delay`; the client's own
  retries have already run by then, so this is the patient, long-outage level.
- One bad event must not hold up or sink the others (`plan_failure`). A refusal that names
  the bad events (`data[5]`) dead-letters those and resends the rest at once; one that names
  none splits the batch in two, down to the event that is refused alone. A batch that keeps
  failing with a 500 (which its content may cause) is split the same way after
  `max_attempts`; an event that still fails alone is set aside (behind the others) and
  dead-lettered only if it fails again after another send succeeded, which proves the API
  is up: an outage never dead-letters anything. An event with nothing else left to send
  behind it (the tail of the queue) cannot get that proof; it is dead-lettered once it has
  been sent `2 * max_attempts` times, if a send succeeded earlier in this process (one
  rule for every queue: memory, SQLite, PostgreSQL).
- A SQLite spool watches the free space of its disk (`disk_room`): when it runs low, the
  WAL is checkpointed and cut to nothing every `LOW_DISK_CHECKPOINT_EVERY` commits, so the
  spool's own journal never fills the disk; below `DISK_RESERVE` new events are refused
  ("disk_full"), which keeps room for what delivery writes (claims, deletions) and for the
  checkpoints that give space back.
- A full queue applies the overflow policy: `drop_newest` (count and report the new event),
  `raise` (QueueFullError at once) or `block` (wait up to `block_timeout`, then raise).
"""

from __future__ import annotations

import re
from typing import Literal

from attrs import define, field, frozen

from timeback_caliper._core.params import positive_int, seconds_problem
from timeback_caliper._core.show import show
from timeback_caliper._core.validation import Issue
from timeback_caliper.exceptions import (
    ApiError,
    CaliperError,
    InputValidationError,
    ValidationError,
)

Overflow = Literal["drop_newest", "raise", "block"]

DEFAULT_BATCH_EVENTS = 100
DEFAULT_BATCH_BYTES = 256 * 1024
DEFAULT_MAX_DELAY = 1.0
DEFAULT_MAX_QUEUE = 10_000
DEFAULT_MAX_SPOOL = 1_000_000
DEFAULT_MAX_ATTEMPTS = 3  # sends of a batch failing with a 500 before it is split

# The worker's timings and bounds (seconds unless the name says otherwise).
RECOVER_PERIOD = 5.0  # how often worker 0 takes back rows left by processes that died
IDLE_WAIT = 60.0  # the longest sleep of a worker with nothing due (an enqueue wakes it)
SHARED_SPOOL_LOOK = 1.0  # other processes fill a shared spool too: look again this often
WORKER_FAILURE_BACKOFF = 1.0  # after an unexpected error in the worker itself
MAX_TRACKED_JOBS = 10_000  # jobs followed at once with track_jobs; more go unfollowed
JOBS_PER_ROUND = 20  # job statuses polled per round of worker 0
STOP_JOIN_TIMEOUT = 1.0  # how long close() waits for each worker to end

# A SQLite spool's disk, by the bytes free on its file system.
LOW_DISK = 64 << 20  # below this, the WAL is kept short
DISK_RESERVE = 1 << 20  # below this, new events are refused
LOW_DISK_CHECKPOINT_EVERY = 16  # commits between two checkpoints on a low disk (not 1,000)
DiskRoom = Literal["plenty", "low", "full"]


def disk_room(free_bytes: int) -> DiskRoom:
    """How a spool treats its disk with `free_bytes` left (see the module rules)."""
    if free_bytes < DISK_RESERVE:
        return "full"
    return "low" if free_bytes < LOW_DISK else "plenty"


class InvalidSetting(ValueError):
    """A sender setting out of range, with the setting's name (for the caller's Issue)."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name} {problem}")
        self.name = name


def _positive(instance: object, attribute: object, value: object) -> None:
    problem = seconds_problem(value)
    if problem:
        raise InvalidSetting(getattr(attribute, "name", "value"), problem)


def _count(instance: object, attribute: object, value: object) -> None:
    issues: list[Issue] = []
    positive_int(issues, getattr(attribute, "name", "value"), value)
    if issues:
        raise InvalidSetting(issues[0].path, issues[0].message)


def _overflow(instance: object, attribute: object, value: object) -> None:
    if not isinstance(value, str) or value not in ("drop_newest", "raise", "block"):
        raise InvalidSetting(
            "overflow", f"must be 'drop_newest', 'raise' or 'block', got {show(value)}"
        )


@frozen(kw_only=True)
class SenderPolicy:
    """How the sender batches, bounds its queue and retries (all validated on creation)."""

    max_batch_events: int = field(default=DEFAULT_BATCH_EVENTS, validator=_count)
    max_batch_bytes: int = field(default=DEFAULT_BATCH_BYTES, validator=_count)
    max_delay: float = field(default=DEFAULT_MAX_DELAY, validator=_positive)
    max_queue: int = field(default=DEFAULT_MAX_QUEUE, validator=_count)
    overflow: Overflow = field(default="drop_newest", validator=_overflow)
    block_timeout: float = field(default=1.0, validator=_positive)
    max_in_flight: int = field(default=2, validator=_count)
    retry_delay: float = field(default=0.5, validator=_positive)
    max_retry_delay: float = field(default=30.0, validator=_positive)
    exit_timeout: float = field(default=2.0, validator=_positive)
    job_poll_interval: float = field(default=2.0, validator=_positive)
    max_attempts: int = field(default=DEFAULT_MAX_ATTEMPTS, validator=_count)


def batch_due(policy: SenderPolicy, *, count: int, size: int, oldest_age: float) -> bool:
    """Whether queued events make a batch now (`size`: bytes of an envelope holding them)."""
    return count > 0 and (
        count >= policy.max_batch_events
        or size >= policy.max_batch_bytes
        or oldest_age >= policy.max_delay
    )


def wait_time(policy: SenderPolicy, *, count: int, oldest_age: float) -> float | None:
    """How long the worker may sleep before a batch is due (None: until woken)."""
    if count == 0:
        return None
    return max(0.0, policy.max_delay - oldest_age)


# Replies that refuse the content itself: sending the same bytes again cannot succeed.
REFUSED_STATUSES = frozenset({400, 413, 415, 422})


def is_refusal(error: BaseException) -> bool:
    """True when the API (or our own check) refused the events themselves."""
    return isinstance(error, (ValidationError, InputValidationError)) or (
        isinstance(error, ApiError) and error.status_code in REFUSED_STATUSES
    )


# A 500 may come from the content (a payload the server chokes on); 502/503/504, 429 and
# connection failures say the service is unwell, whatever was sent.
SUSPECT_STATUSES = frozenset({500})
_EVENT_PATH = re.compile(r"data\[(\d+)\]")

Rest = Literal["retry", "now", "split", "isolate", "none"]


@frozen
class FailurePlan:
    """What becomes of a failed batch: the entries to dead-letter (by index), and the rest:
    "retry" after the backoff, "now" (resend at once), "split" (in halves, at once),
    "isolate" (the single event goes behind the others), or "none" (nothing left)."""

    dead: tuple[int, ...]
    rest: Rest


def refused_indexes(error: BaseException, size: int) -> tuple[int, ...]:
    """The events of a batch of `size` that a refusal names (`data[5]...` in its issues)."""
    found: set[int] = set()
    for issue in getattr(error, "issues", None) or ():
        match = _EVENT_PATH.match(str(getattr(issue, "path", "") or ""))
        if match and int(match.group(1)) < size:
            found.add(int(match.group(1)))
    return tuple(sorted(found))


def plan_failure(
    policy: SenderPolicy,
    error: BaseException,
    *,
    size: int,
    attempts: int,
    isolated_at: float,
    last_success: float,
    alone: bool = False,
    enqueued_at: float | None = None,
) -> FailurePlan:
    """The smallest dead letter a failed send of `size` events allows (see the module rules).

    `attempts`: sends of this batch's events so far, this one included; `isolated_at`: when
    a lone event was set aside (0: never); `last_success`: when a send last succeeded (0:
    never), on the same clock; `alone`: nothing else is queued or being sent;
    `enqueued_at`: when a lone event was accepted, on `last_success`'s clock (None: not
    known, which the tail rule takes as "after every success").
    """
    everything = tuple(range(size))
    if getattr(error, "ambiguous", False) and not is_refusal(error):
        return FailurePlan(everything, "none")  # may be stored: resending is what was refused
    if is_refusal(error) or not isinstance(error, CaliperError):
        named = refused_indexes(error, size) if is_refusal(error) else ()
        if named:
            return FailurePlan(named, "now" if len(named) < size else "none")
        return FailurePlan((), "split") if size > 1 else FailurePlan(everything, "none")
    suspect = isinstance(error, ApiError) and error.status_code in SUSPECT_STATUSES
    if not suspect or attempts < policy.max_attempts:
        return FailurePlan((), "retry")
    if size > 1:
        return FailurePlan((), "split")
    if isolated_at and last_success > isolated_at:
        return FailurePlan(everything, "none")  # fails alone while the API takes others
    if (
        isolated_at
        and alone
        and enqueued_at is not None
        and last_success > enqueued_at
        and attempts >= 2 * policy.max_attempts
    ):
        # The tail: no other send can come to prove the API up, but one went while this
        # event waited (a plain outage has none: a lone event then waits it out).
        return FailurePlan(everything, "none")
    return FailurePlan((), "isolate")


def retry_delay(policy: SenderPolicy, failures: int, rand: float) -> float:
    """Backoff before the next attempt after `failures` consecutive failed sends."""
    ceiling = min(policy.max_retry_delay, policy.retry_delay * (2.0 ** max(failures - 1, 0)))
    return ceiling * (0.5 + rand / 2.0)


@define
class Schedule:
    """When the sender's workers act, as a state object: the worker loop asks what is due
    and how long to sleep, and reports each send's outcome.

    Times are `time.monotonic()` values passed in by the caller; `rand` in [0, 1) too.
    """

    policy: SenderPolicy
    durable: bool  # a spool (which other processes may share), or memory
    failures: int = 0  # consecutive failed sends
    not_before: float = 0.0  # no send before this time (backoff after a failure)
    next_recover: float = 0.0

    def recover_due(self, now: float) -> bool:
        """True when it is time to take back rows of dead processes (and the next is set)."""
        if now < self.next_recover:
            return False
        self.next_recover = now + RECOVER_PERIOD
        return True

    def may_send(self, now: float) -> bool:
        return now >= self.not_before

    def sent(self) -> None:
        self.failures = 0

    def failed(self, now: float, rand: float) -> float:
        """A send failed and will be retried: the backoff before the next one, in seconds."""
        self.failures += 1
        delay = retry_delay(self.policy, self.failures, rand)
        self.not_before = now + delay
        return delay

    def sleep_time(
        self, now: float, *, count: int, oldest_age: float, tracking_jobs: bool
    ) -> float | None:
        """Seconds until there is something to do; None: nothing is due, sleep until an
        enqueue wakes the worker (it still looks again after `IDLE_WAIT`)."""
        if now < self.not_before:
            return self.not_before - now
        wait = wait_time(self.policy, count=count, oldest_age=oldest_age)
        if tracking_jobs:
            wait = min(wait if wait is not None else IDLE_WAIT, self.policy.job_poll_interval)
        if self.durable:
            wait = min(wait if wait is not None else SHARED_SPOOL_LOOK, SHARED_SPOOL_LOOK)
        return wait


@define
class DropLog:
    """Rate-limits the drop warnings: under overload every event may be dropped, and a
    line per event would flood the log. `record` says how many drops of a reason to log
    now (0: not yet), at most once per `period` seconds, with the count since the last."""

    period: float = 1.0
    _unlogged: dict[str, int] = field(factory=dict)
    _logged_at: dict[str, float] = field(factory=dict)

    def record(self, reason: str, count: int, now: float) -> int:
        unlogged = self._unlogged.get(reason, 0) + count
        last = self._logged_at.get(reason)
        if last is not None and now - last < self.period:
            self._unlogged[reason] = unlogged
            return 0
        self._logged_at[reason] = now
        self._unlogged[reason] = 0
        return unlogged

    def leftover(self) -> dict[str, int]:
        """The drops not logged yet (at close), and forget them."""
        left = {reason: n for reason, n in self._unlogged.items() if n}
        self._unlogged.clear()
        return left
