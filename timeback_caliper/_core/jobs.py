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
