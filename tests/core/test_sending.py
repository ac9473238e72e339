"""The sender's decisions: what a failure means for a batch, and the workers' schedule."""

from __future__ import annotations

import pytest

from timeback_caliper._core.sending import (
    RECOVER_PERIOD,
    SHARED_SPOOL_LOOK,
    Schedule,
    SenderPolicy,
    is_refusal,
    verdict,
)
from timeback_caliper.exceptions import (
    ApiError,
    InputValidationError,
    ServerError,
    TransportError,
    ValidationError,
)

POLICY = SenderPolicy(max_delay=1.0, retry_delay=0.5, max_retry_delay=4.0, job_poll_interval=2.0)


@pytest.mark.parametrize("status", [400, 413, 415, 422])
def test_a_refused_batch_is_rejected_not_retried(status: int) -> None:
    """The API refusing the content: sending the same bytes again cannot succeed."""
    error = ApiError("refused", status_code=status)

    assert (True, "reject") == (is_refusal(error), verdict(error))


@pytest.mark.parametrize(
    "error",
    [
        ServerError("down", status_code=503),
        TransportError("reset"),
        ApiError("teapot", status_code=418),
    ],
    ids=["503", "transport", "418"],
)
def test_other_api_failures_are_retried(error: Exception) -> None:
    """Outages and surprises are retried: the events are not at fault."""
    assert (False, "retry") == (is_refusal(error), verdict(error))


def test_our_own_refusals_and_bugs_are_rejected() -> None:
    """Our own check refusing, a server validation error, or a bug: never loop on it."""
    errors = [InputValidationError("bad", []), ValidationError("bad", status_code=422), KeyError()]

    assert ["reject"] * 3 == [verdict(e) for e in errors]


def test_the_backoff_grows_with_each_failure_and_resets_after_a_send() -> None:
    """Failed sends push `not_before` out by a doubling delay; a success resets the count."""
    schedule = Schedule(POLICY, durable=False)

    delays = [schedule.failed(now=10.0, rand=1.0) for _ in range(5)]
    blocked, later = schedule.may_send(13.9), schedule.may_send(14.0)
    schedule.sent()

    assert [0.5, 1.0, 2.0, 4.0, 4.0] == delays
    assert (False, True) == (blocked, later)
    assert 0.5 == schedule.failed(now=20.0, rand=1.0)


def test_recovery_is_due_at_start_then_every_period() -> None:
    """Worker 0 takes back rows of dead processes at once, then every RECOVER_PERIOD."""
    schedule = Schedule(POLICY, durable=True)

    due = [schedule.recover_due(t) for t in (0.0, 1.0, RECOVER_PERIOD - 0.01, RECOVER_PERIOD)]

    assert [True, False, False, True] == due


@pytest.mark.parametrize(
    ("durable", "count", "age", "jobs", "expected"),
    [
        (False, 0, 0.0, False, None),
        (False, 3, 0.25, False, 0.75),
        (False, 0, 0.0, True, 2.0),
        (True, 0, 0.0, False, SHARED_SPOOL_LOOK),
        (True, 3, 0.0, False, min(1.0, SHARED_SPOOL_LOOK)),
    ],
    ids=["idle", "batch-due-later", "jobs-to-poll", "shared-spool", "shared-spool-batch"],
)
def test_sleep_time(durable: bool, count: int, age: float, jobs: bool, expected: float) -> None:
    """Sleep until the oldest event is due, a job poll, or a look at a shared spool; with
    nothing due, sleep until woken (None)."""
    schedule = Schedule(POLICY, durable=durable)

    assert expected == schedule.sleep_time(0.0, count=count, oldest_age=age, tracking_jobs=jobs)


def test_a_backoff_outranks_every_other_wake_up() -> None:
    """While backing off, the worker sleeps until the backoff ends."""
    schedule = Schedule(POLICY, durable=True)
    schedule.failed(now=0.0, rand=1.0)

    assert 0.5 == schedule.sleep_time(0.0, count=100, oldest_age=5.0, tracking_jobs=True)
