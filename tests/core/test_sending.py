"""The sender's decisions: what a failure means for a batch, and the workers' schedule."""

from __future__ import annotations

import pytest

from timeback_caliper._core.sending import (
    RECOVER_PERIOD,
    SHARED_SPOOL_LOOK,
    FailurePlan,
    Schedule,
    SenderPolicy,
    disk_room,
    is_refusal,
    plan_failure,
)
from timeback_caliper.exceptions import (
    ApiError,
    InputValidationError,
    ServerError,
    TransportError,
    ValidationError,
)
from timeback_caliper.validation import Issue

POLICY = SenderPolicy(max_delay=1.0, retry_delay=0.5, max_retry_delay=4.0, job_poll_interval=2.0)


def _plan(
    error: BaseException,
    size: int = 10,
    *,
    alone: bool = False,
    enqueued_at: float | None = 1.0,
    **kw: float,
) -> FailurePlan:
    args = {"attempts": 1, "isolated_at": 0.0, "last_success": 0.0, **kw}
    return plan_failure(
        POLICY,
        error,
        size=size,
        attempts=int(args["attempts"]),
        isolated_at=args["isolated_at"],
        last_success=args["last_success"],
        alone=alone,
        enqueued_at=enqueued_at,
    )


@pytest.mark.parametrize("status", [400, 413, 415, 422])
def test_a_refusal_naming_no_event_splits_the_batch(status: int) -> None:
    """The API refusing the content without saying which event: halve it, at once, until
    the event refused alone is found; that one is dead-lettered."""
    error = ApiError("refused", status_code=status)

    assert is_refusal(error)
    assert FailurePlan((), "split") == _plan(error, size=10)
    assert FailurePlan((0,), "none") == _plan(error, size=1)


def test_a_refusal_naming_events_dead_letters_those_and_resends_the_others_at_once() -> None:
    """`data[5]` and `data[7]` named (twice, and once out of range): only they are dead."""
    issues = [Issue("data[5].actor", "bad"), Issue("data[7]", "bad"), Issue("data[5].x", "y")]
    error = ValidationError("bad", status_code=400, issues=[*issues, Issue("data[99]", "?")])

    assert FailurePlan((5, 7), "now") == _plan(error, size=10)
    assert FailurePlan((0,), "none") == _plan(
        ValidationError("bad", status_code=400, issues=[Issue("data[0]", "bad")]), size=1
    )


@pytest.mark.parametrize(
    "error",
    [
        ServerError("down", status_code=503),
        ServerError("gateway", status_code=502),
        TransportError("reset"),
        ApiError("teapot", status_code=418),
    ],
    ids=["503", "502", "transport", "418"],
)
def test_outages_are_retried_however_often_they_fail(error: Exception) -> None:
    """Outages and surprises are retried: the events are not at fault, and nothing is ever
    split or dead-lettered for them."""
    assert not is_refusal(error)
    assert FailurePlan((), "retry") == _plan(error, attempts=100)
    assert FailurePlan((), "retry") == _plan(error, size=1, attempts=100, isolated_at=5.0)


def test_a_batch_failing_with_500_is_split_after_max_attempts() -> None:
    """A 500 may come from the content: after `max_attempts` sends, halve the batch."""
    error = ServerError("boom", status_code=500)

    assert FailurePlan((), "retry") == _plan(error, attempts=POLICY.max_attempts - 1)
    assert FailurePlan((), "split") == _plan(error, attempts=POLICY.max_attempts)


def test_a_lone_event_failing_with_500_is_set_aside_then_dead_only_once_others_went() -> None:
    """Alone, it goes behind the others; failing again after another send succeeded proves
    it is the event, not the API: then, and only then, it is dead-lettered."""
    error = ServerError("boom", status_code=500)
    many = POLICY.max_attempts + 5

    assert FailurePlan((), "isolate") == _plan(error, size=1, attempts=many)
    assert FailurePlan((), "isolate") == _plan(
        error, size=1, attempts=many, isolated_at=10.0, last_success=9.0
    )
    assert FailurePlan((0,), "none") == _plan(
        error, size=1, attempts=many, isolated_at=10.0, last_success=11.0
    )


def test_a_lone_event_with_nothing_behind_it_is_dead_after_twice_max_attempts() -> None:
    """The tail of the queue: no other send can come after it to prove the API up. Once
    it has been sent `2 * max_attempts` times, set aside, with a send succeeded since it was
    accepted, it is dead; never when nothing went since (an outage)."""
    error = ServerError("boom", status_code=500)
    enough = 2 * POLICY.max_attempts

    def tail(attempts: int, last_success: float, **kw: float) -> FailurePlan:
        args = {"isolated_at": 10.0, "last_success": last_success, **kw}
        return _plan(error, size=1, attempts=attempts, alone=True, **args)

    assert FailurePlan((0,), "none") == tail(enough, 9.0)
    assert FailurePlan((), "isolate") == tail(enough - 1, 9.0)
    # A plain outage: nothing went since the event was accepted, so nothing proves it bad.
    assert FailurePlan((), "isolate") == _plan(
        error,
        size=1,
        attempts=enough * 9,
        isolated_at=10.0,
        last_success=9.0,
        alone=True,
        enqueued_at=9.5,
    )
    assert FailurePlan((), "isolate") == _plan(
        error,
        size=1,
        attempts=enough,
        isolated_at=10.0,
        last_success=9.0,
        alone=True,
        enqueued_at=None,
    )
    assert FailurePlan((), "isolate") == tail(enough, 0.0)
    assert FailurePlan((), "isolate") == tail(enough, 9.0, isolated_at=0.0)
    assert FailurePlan((), "isolate") == _plan(
        error, size=1, attempts=enough, isolated_at=10.0, last_success=9.0
    )
    assert FailurePlan((), "retry") == _plan(
        ServerError("down", status_code=503),
        size=1,
        attempts=enough * 9,
        isolated_at=10.0,
        last_success=9.0,
        alone=True,
    )


@pytest.mark.parametrize(
    ("free", "room"),
    [(0, "full"), ((1 << 20) - 1, "full"), (1 << 20, "low"), (64 << 20, "plenty")],
)
def test_a_spool_keeps_its_wal_short_on_a_low_disk_and_refuses_events_near_full(
    free: int, room: str
) -> None:
    """Below 64 MiB free the WAL is cut every few commits; below 1 MiB new events are
    refused, which keeps room for what delivery writes."""
    assert room == disk_room(free)


def test_an_ambiguous_failure_not_resent_is_dead_lettered_whole() -> None:
    """With retry_ambiguous=False the events may be stored: nothing is resent or split."""
    error = ServerError("boom", status_code=500)
    error.ambiguous = True

    assert FailurePlan(tuple(range(4)), "none") == _plan(error, size=4)


def test_our_own_refusals_and_bugs_are_bisected_not_looped_on() -> None:
    """Our own check refusing, or a bug: never retried; split down to the lone event."""
    for error in [InputValidationError("bad", []), KeyError()]:
        assert FailurePlan((), "split") == _plan(error, size=3)
        assert FailurePlan((0,), "none") == _plan(error, size=1)


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
