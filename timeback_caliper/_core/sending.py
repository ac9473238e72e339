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
- A full queue applies the overflow policy: `drop_newest` (count and report the new event),
  `raise` (QueueFullError at once) or `block` (wait up to `block_timeout`, then raise).
"""

from __future__ import annotations

import math
from typing import Literal

from attrs import define, field, frozen

from timeback_caliper.exceptions import (
    ApiError,
    CaliperError,
    InputValidationError,
    ValidationError,
)

Overflow = Literal["drop_newest", "raise", "block"]
Verdict = Literal["retry", "reject"]

DEFAULT_BATCH_EVENTS = 100
DEFAULT_BATCH_BYTES = 256 * 1024
DEFAULT_MAX_DELAY = 1.0
DEFAULT_MAX_QUEUE = 10_000
DEFAULT_MAX_SPOOL = 1_000_000

# The worker's timings and bounds (seconds unless the name says otherwise).
RECOVER_PERIOD = 5.0  # how often worker 0 takes back rows left by processes that died
IDLE_WAIT = 60.0  # the longest sleep of a worker with nothing due (an enqueue wakes it)
SHARED_SPOOL_LOOK = 1.0  # other processes fill a shared spool too: look again this often
WORKER_FAILURE_BACKOFF = 1.0  # after an unexpected error in the worker itself
MAX_TRACKED_JOBS = 10_000  # jobs followed at once with track_jobs; more go unfollowed
JOBS_PER_ROUND = 20  # job statuses polled per round of worker 0
STOP_JOIN_TIMEOUT = 1.0  # how long close() waits for each worker to end


class InvalidSetting(ValueError):
    """A sender setting out of range, with the setting's name (for the caller's Issue)."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name} {problem}")
        self.name = name


def _positive(instance: object, attribute: object, value: object) -> None:
    if (
        not isinstance(value, (int, float))
        or isinstance(value, bool)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise InvalidSetting(
            getattr(attribute, "name", "value"), f"must be a positive number, got {value!r}"
        )


def _count(instance: object, attribute: object, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidSetting(
            getattr(attribute, "name", "value"), f"must be a whole number >= 1, got {value!r}"
        )


def _overflow(instance: object, attribute: object, value: object) -> None:
    if value not in ("drop_newest", "raise", "block"):
        raise InvalidSetting(
            "overflow", f"must be 'drop_newest', 'raise' or 'block', got {value!r}"
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


def verdict(error: BaseException) -> Verdict:
    """What a failed send means for its batch. A send that may have been carried out and was
    not resent (`RetryPolicy(retry_ambiguous=False)`) is rejected too: resending it is what
    that setting refuses, so it goes to `on_error` (and, with a spool, to `dead`)."""
    if is_refusal(error) or getattr(error, "ambiguous", False):
        return "reject"
    if isinstance(error, CaliperError):
        return "retry"
    return "reject"  # a bug or an unexpected error: do not loop on it


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
