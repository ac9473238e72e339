"""Retry and deadline decisions.

Rules:
- Retried: transport failures (connection refused or dropped, timeouts) and the statuses in
  `RETRYABLE_STATUSES`.
- A failure of a send that may have reached the server (`AMBIGUOUS_STATUSES`, or a
  connection lost after the request was written) is "ambiguous": the events may be stored.
  It is retried only with `retry_ambiguous` (the default): events carry stable ids and, by
  our documented assumption, the API stores an id once, so the resend is harmless there and
  nothing is lost; an API that stored ids again would count those events twice.
- 429 and 503 honour `Retry-After` (seconds, fractional or not, or an HTTP date), capped at
  `max_retry_after`; otherwise exponential backoff with jitter, capped at `max_backoff`.
- No retry may end after the operation's deadline: a delay that would cross it stops.
"""

from __future__ import annotations

import math
from typing import Literal

from attrs import define, field, frozen

from timeback_caliper._core.show import show
from timeback_caliper.exceptions import ConfigurationError

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Replies that do not say whether the request was carried out (429 and 503 say it was not).
AMBIGUOUS_STATUSES = frozenset({500, 502, 504})


def _non_negative(instance: object, attribute: object, value: float) -> None:
    if not (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and 0 <= value <= 86_400
        and math.isfinite(float(value))
    ):
        name = getattr(attribute, "name", "value")
        raise ConfigurationError(
            f"{name} must be a number of seconds from 0 to 86400, got {show(value)}"
        )


@frozen
class RetryPolicy:
    """How failed attempts are retried. `max_retries=0` turns retries off; a value out of
    range is a ConfigurationError naming the field.

    Args:
        max_retries: retries after the first attempt (so at most `max_retries + 1` attempts).
        backoff: the first backoff delay in seconds; doubles on every retry.
        max_backoff: the largest backoff delay.
        max_retry_after: the largest delay a server's `Retry-After` may impose.
        retry_ambiguous: resend a send whose failure may have reached the server (500,
            502, 504, a connection lost after the request went out). True: nothing is lost,
            and nothing is stored twice if the API keeps one event per id (see the README);
            False: the error is raised with `ambiguous=True`, for the caller to decide.
    """

    max_retries: int = field(default=3)
    backoff: float = field(default=0.5, validator=_non_negative)
    max_backoff: float = field(default=8.0, validator=_non_negative)
    max_retry_after: float = field(default=60.0, validator=_non_negative)
    retry_ambiguous: bool = field(default=True)

    @max_retries.validator
    def _check_retries(self, attribute: object, value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
            raise ConfigurationError(
                f"max_retries must be a whole number from 0 to 1000, got {show(value)}"
            )

    @retry_ambiguous.validator
    def _check_ambiguous(self, attribute: object, value: bool) -> None:
        if not isinstance(value, bool):
            raise ConfigurationError(f"retry_ambiguous must be True or False, got {show(value)}")


@frozen
class Retry:
    delay: float


@frozen
class GiveUp:
    reason: Literal["not-retryable", "retries-exhausted", "deadline", "ambiguous"]


def parse_retry_after(value: str | None, *, now_epoch: float) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        from email.utils import parsedate_to_datetime  # rare, and slow to import

        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if moment.tzinfo is None:
            return None
        return max(0.0, moment.timestamp() - now_epoch)
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def backoff_delay(policy: RetryPolicy, retries_done: int, rand: float) -> float:
    """Exponential backoff with "equal jitter": between half and all of the capped delay."""
    ceiling = min(policy.max_backoff, policy.backoff * (2.0**retries_done))
    return ceiling * (0.5 + rand / 2.0)


def decide(
    policy: RetryPolicy,
    *,
    retries_done: int,
    status: int | None,
    retry_after: float | None,
    remaining: float,
    rand: float,
    ambiguous: bool = False,
) -> Retry | GiveUp:
    """Retry after a failed attempt, or give up.

    Args:
        retries_done: retries already made for this operation.
        status: the HTTP status, or None for a transport failure.
        retry_after: the server's hint in seconds (already parsed), if any.
        remaining: seconds left before the operation's deadline.
        rand: a number in [0, 1) for the jitter (the caller draws it; this stays pure).
        ambiguous: the failed attempt may have been carried out (see the module's rules).
    """
    if status is not None and status not in RETRYABLE_STATUSES:
        return GiveUp("not-retryable")
    if ambiguous and not policy.retry_ambiguous:
        return GiveUp("ambiguous")
    if retries_done >= policy.max_retries:
        return GiveUp("retries-exhausted")
    if retry_after is not None and status in (429, 503):
        delay = min(retry_after, policy.max_retry_after)
    else:
        delay = backoff_delay(policy, retries_done, rand)
    if delay >= remaining:
        return GiveUp("deadline")
    return Retry(delay)


@define
class Attempts:
    """The attempts of one operation under its deadline, as a state object: the I/O loop
    asks `expired()` before an attempt and reports each failure to `failed()`, which says
    whether to retry, after how long, or to give up.

    Times are `time.monotonic()` values passed in by the caller.
    """

    policy: RetryPolicy
    deadline: float
    retries: int = 0
    last_status: int | None = None

    def expired(self, now: float) -> bool:
        return self.deadline - now <= 0

    def failed(
        self,
        *,
        status: int | None,
        retry_after: float | None,
        now: float,
        rand: float,
        ambiguous: bool = False,
    ) -> Retry | GiveUp:
        """A failed attempt (`status` None: no reply); `rand` in [0, 1) for the jitter."""
        if status is not None:
            self.last_status = status
        decision = decide(
            self.policy,
            retries_done=self.retries,
            status=status,
            retry_after=retry_after,
            remaining=self.deadline - now,
            rand=rand,
            ambiguous=ambiguous,
        )
        if isinstance(decision, Retry):
            self.retries += 1
        return decision
