"""When a sandbox job moves on: waiting -> active -> done, at once, after N seconds or N polls.

Pure: the caller passes the time and the number of status polls so far. moto's state
manager offers the same three modes; they are what tests of "poll until done" need.
"""

from __future__ import annotations

from typing import Literal

from attrs import frozen

from timeback_caliper._core.jobs import ACTIVE, WAITING

Phase = Literal["waiting", "active", "done"]


@frozen
class JobTiming:
    """How long a job takes.

    - `immediate`: done when created; the send stores its events before it replies.
    - `seconds`: waiting for the first half of `value` seconds, active for the second half,
      done after `value` seconds (a background tick stores the events even if nobody polls).
    - `polls`: the first status poll sees `waiting`, the next `value - 1` see `active`, and
      the poll after those sees the job done.
    """

    mode: Literal["immediate", "seconds", "polls"] = "immediate"
    value: float = 0.0

    @classmethod
    def parse(cls, text: str) -> JobTiming:
        """`immediate`, `seconds:N` or `polls:N` (the form of the --job-timing flag)."""
        mode, _, value = text.strip().partition(":")
        if mode == "immediate" and not value:
            return cls()
        if mode in ("seconds", "polls"):
            try:
                number = float(value)
            except ValueError:
                number = -1.0
            if number >= 0 and (mode == "seconds" or number.is_integer()):
                return cls(mode, number)  # type: ignore[arg-type]
        raise ValueError(
            f"job timing must be immediate, seconds:N or polls:N (N >= 0), got {text!r}"
        )

    def __str__(self) -> str:
        if self.mode == "immediate":
            return "immediate"
        value = int(self.value) if self.mode == "polls" else self.value
        return f"{self.mode}:{value}"


def job_phase(timing: JobTiming, *, age: float, polls: int) -> Phase:
    """The phase of a job `age` seconds old, polled `polls` times (this poll included)."""
    if timing.mode == "immediate":
        return "done"
    if timing.mode == "seconds":
        if age >= timing.value:
            return "done"
        return WAITING if age < timing.value / 2 else ACTIVE
    if polls > timing.value:
        return "done"
    return WAITING if polls <= 1 else ACTIVE
