"""Waiting for a job: its state's meaning and when to poll next.

Rules:
- `completed` is done, `failed` is a failure; every other state, known (`waiting`,
  `active`) or not (BullMQ's `delayed`, `prioritized`, ...), is still pending.
- The poll interval grows by `factor` after each poll, up to `max_interval`.
- The deadline is monotonic and includes the time the polls themselves take; when less than
  an interval is left, the last poll happens at the deadline, not after it, and may take up
  to `FINAL_POLL_GRACE` seconds: a wait ends within `timeout + FINAL_POLL_GRACE`.
"""

from __future__ import annotations

from typing import Final, Literal

from attrs import define, field

Outcome = Literal["completed", "failed", "pending"]

# The states the API documents (BullMQ's names); the sandbox serves these.
WAITING: Final = "waiting"
ACTIVE: Final = "active"
COMPLETED: Final = "completed"
FAILED: Final = "failed"
KNOWN_STATES = frozenset({WAITING, ACTIVE, COMPLETED, FAILED})

POLL_FACTOR = 1.5
MAX_POLL_INTERVAL = 5.0
FINAL_POLL_GRACE = 1.0


def outcome(state: str) -> Outcome:
    if state == COMPLETED:
        return "completed"
    if state == FAILED:
        return "failed"
    return "pending"


def next_poll(remaining: float, interval: float) -> float | None:
    """Seconds to sleep before the next poll, or None if the deadline has passed."""
    if remaining <= 0:
        return None
    return min(interval, remaining)


def grow(interval: float, *, factor: float = POLL_FACTOR, cap: float = MAX_POLL_INTERVAL) -> float:
    return max(interval, min(interval * factor, cap))


@define
class JobWaiter:
    """Polling one job until it settles, as a state object: after each poll the I/O loop
    reports what it saw and asks how long to sleep (None: the deadline is reached).

    Times are `time.monotonic()` values passed in by the caller.
    """

    deadline: float
    interval: float
    final: bool = False  # the next poll is the last one, at the deadline
    warned: set[str] = field(factory=set)

    def poll_deadline(self) -> float:
        """The deadline of the next poll itself: the last one gets `FINAL_POLL_GRACE`."""
        return self.deadline + (FINAL_POLL_GRACE if self.final else 0.0)

    def first_sight_of_unknown(self, state: str) -> bool:
        """True the first time a state this client does not know is seen (to log it once)."""
        if state in KNOWN_STATES or state in self.warned:
            return False
        self.warned.add(state)
        return True

    def after_pending(self, now: float) -> float | None:
        """The job is still pending: seconds to sleep, or None when the time is up."""
        remaining = self.deadline - now
        delay = None if self.final else next_poll(remaining, self.interval)
        if delay is None:
            return None
        self.final = delay >= remaining
        self.interval = grow(self.interval)
        return delay

    def after_failed_poll(self, now: float) -> float | None:
        """A poll failed after the client's own retries: seconds to sleep before polling
        on (the job is not lost), or None if that was the last poll."""
        if self.final:
            return None
        remaining = self.deadline - now
        self.final = remaining <= self.interval
        delay = max(0.0, min(self.interval, remaining))
        self.interval = grow(self.interval)
        return delay
