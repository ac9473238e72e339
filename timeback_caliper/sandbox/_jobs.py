"""When a sandbox job moves on: waiting -> active -> done, at once, after N seconds or N polls.

Pure: the caller passes the time and the number of status polls so far. moto's state
manager offers the same three modes; they are what tests of "poll until done" need.
"""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen

from timeback_caliper._core.jobs import ACTIVE, WAITING
from timeback_caliper._core.show import show

Phase = Literal["waiting", "active", "done"]
# **[decided]** A job takes at most a day, or 10,000 polls: a test waits no longer, and
# no setting may be infinite (`seconds:inf`) or as large as `polls:1e20`.
MAX_SECONDS = 86_400
MAX_POLLS = 10_000
_BOUNDS = (
    f"immediate, seconds:N (N from 0 to {MAX_SECONDS:,})"
    f" or polls:N (a whole N from 0 to {MAX_POLLS:,})"
)


def _check(timing: JobTiming, attribute: object, value: float) -> None:
    number = not isinstance(value, bool) and isinstance(value, (int, float))
    ok = number and (
        (timing.mode == "immediate" and value == 0)
        or (timing.mode == "seconds" and 0 <= value <= MAX_SECONDS)
        or (timing.mode == "polls" and 0 <= value <= MAX_POLLS and float(value).is_integer())
    )
    if not ok:
        raise ValueError(
            f"job timing must be {_BOUNDS}, got mode {show(timing.mode)}, value {show(value)}"
        )


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
    value: float = field(default=0.0, validator=_check)

    @classmethod
    def parse(cls, text: object) -> JobTiming:
        """`immediate`, `seconds:N` or `polls:N` (the form of the --job-timing flag);
        ValueError naming the bounds otherwise."""
        if isinstance(text, str):
            mode, _, value = text.strip().partition(":")
            if mode == "immediate" and not value:
                return cls()
            if mode in ("seconds", "polls") and len(value) <= 40:
                try:
                    return cls(mode, float(value))  # type: ignore[arg-type]
                except ValueError:
                    pass
        raise ValueError(f"job timing must be {_BOUNDS}, got {show(text)}")

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
