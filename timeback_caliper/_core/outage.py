"""Waiting out a spool that cannot be reached (a database restart, a failover): a state
object the sender's workers share.

Rules:
- An outage is a wait, never an exit: every worker backs off and tries again, from
  `FIRST_WAIT` doubling up to `LONGEST_WAIT` (with jitter, so that the workers of a fleet
  do not all knock at once when the database comes back).
- It is logged once when it begins and once when it ends (however many workers notice,
  however long it lasts), never once per attempt.
- A failure within `SETTLE` seconds of an outage's end is its tail, not a new outage:
  after a restart each worker finds its own connection dead at its first use, some
  after another worker has already found the spool back. It is waited out unlogged.
"""

from __future__ import annotations

from attrs import define

FIRST_WAIT = 0.1
LONGEST_WAIT = 2.0
SETTLE = 2 * LONGEST_WAIT  # every worker has tried again by then


@define
class Outage:
    """`failed` for each attempt that found the spool unreachable, `succeeded` for each
    that worked; times are `time.monotonic()` values, `rand` in [0, 1), from the caller
    (who holds a lock around each call: the workers share one)."""

    since: float | None = None  # when the outage under way began
    failures: int = 0  # attempts failed in it
    ended: float | None = None  # when the last one ended
    tail: bool = False  # the outage under way is the last one's tail: logged neither way

    def failed(self, now: float, rand: float) -> tuple[bool, float]:
        """(whether to log: an outage begins now, seconds to wait before the next try)."""
        begins = self.since is None
        if begins:
            self.since = now
            self.tail = self.ended is not None and now - self.ended < SETTLE
        self.failures += 1
        wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(self.failures - 1, 16))
        return begins and not self.tail, wait * (0.5 + rand / 2)

    def succeeded(self, began: float, now: float) -> float | None:
        """An attempt begun at `began` worked: the outage's length if that ended one (to
        log), else None. An attempt begun before the outage proves nothing (another worker
        may have found the spool gone while this one slept)."""
        if self.since is None or began < self.since:
            return None
        lasted, tail = now - self.since, self.tail
        self.since, self.failures, self.ended, self.tail = None, 0, now, False
        return None if tail else lasted
