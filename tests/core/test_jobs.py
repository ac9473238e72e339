"""Waiting for a job: what its state means, when to poll next, how the interval grows."""

from __future__ import annotations

import pytest

from timeback_caliper._core.jobs import (
    FINAL_POLL_GRACE,
    MAX_POLL_INTERVAL,
    POLL_FACTOR,
    JobWaiter,
    grow,
    next_poll,
    outcome,
)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("completed", "completed"),
        ("failed", "failed"),
        ("waiting", "pending"),
        ("active", "pending"),
        ("delayed", "pending"),
        ("prioritized", "pending"),
        ("waiting-children", "pending"),
        ("unknown", "pending"),
        ("", "pending"),
        ("Completed", "pending"),
        ("FAILED", "pending"),
    ],
    ids=lambda v: v or "empty",
)
def test_state_outcome(state: str, expected: str) -> None:
    """Only `completed` and `failed` end the wait; every other state, known or not, is pending."""
    assert expected == outcome(state)


@pytest.mark.parametrize(
    ("remaining", "interval", "expected"),
    [
        (10.0, 1.0, 1.0),
        (1.0, 1.0, 1.0),
        (0.4, 1.0, 0.4),
        (0.001, 5.0, 0.001),
        (0.0, 1.0, None),
        (-0.5, 1.0, None),
    ],
    ids=[
        "plenty-of-time",
        "exactly-one-interval-left",
        "less-than-an-interval-left",
        "a-sliver-left",
        "at-the-deadline",
        "after-the-deadline",
    ],
)
def test_next_poll(remaining: float, interval: float, expected: float | None) -> None:
    """Sleep the interval, or only what is left so the last poll lands on the deadline."""
    assert expected == next_poll(remaining, interval)


def _poll_times(timeout: float, interval: float, *, growing: bool) -> list[float]:
    """The moments a waiter polls at, driving next_poll and grow with a fake clock."""
    elapsed = 0.0
    polls = [elapsed]
    while (delay := next_poll(timeout - elapsed, interval)) is not None:
        elapsed += delay
        polls.append(elapsed)
        if growing:
            interval = grow(interval)
    return polls


@pytest.mark.parametrize(
    ("timeout", "interval", "growing", "expected"),
    [
        (3.0, 1.0, False, [0.0, 1.0, 2.0, 3.0]),
        (3.0, 1.0, True, [0.0, 1.0, 2.5, 3.0]),
        (2.5, 1.0, False, [0.0, 1.0, 2.0, 2.5]),
        (0.5, 1.0, False, [0.0, 0.5]),
        (10.0, 4.0, True, [0.0, 4.0, 9.0, 10.0]),
    ],
    ids=["fixed-interval", "growing-interval", "uneven-timeout", "short-timeout", "capped-growth"],
)
def test_the_final_poll_is_at_the_deadline(
    timeout: float, interval: float, growing: bool, expected: list[float]
) -> None:
    """Polls never pass the deadline, and one last poll happens exactly at it."""
    assert expected == _poll_times(timeout, interval, growing=growing)


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (1.0, 1.5),
        (2.0, 3.0),
        (0.2, 0.3),
        (3.0, 4.5),
        (3.4, 5.0),
        (4.0, 5.0),
        (5.0, 5.0),
        (7.0, 7.0),
        (30.0, 30.0),
        (0.0, 0.0),
    ],
    ids=[
        "one-second",
        "two-seconds",
        "fraction",
        "just-under-cap-after",
        "crosses-cap",
        "capped",
        "at-cap",
        "above-cap-kept",
        "far-above-cap-kept",
        "zero",
    ],
)
def test_grow(interval: float, expected: float) -> None:
    """The interval grows by 1.5 up to 5 s, and an interval already above 5 s never shrinks."""
    assert pytest.approx(expected) == grow(interval)


@pytest.mark.parametrize(
    ("interval", "factor", "cap", "expected"),
    [(1.0, 2.0, 10.0, 2.0), (8.0, 2.0, 10.0, 10.0), (1.0, 1.0, 10.0, 1.0), (2.0, 3.0, 1.0, 2.0)],
    ids=["double", "double-capped", "no-growth", "cap-below-interval"],
)
def test_grow_with_other_factor_and_cap(
    interval: float, factor: float, cap: float, expected: float
) -> None:
    """factor and cap can be changed; the interval still never shrinks."""
    assert expected == grow(interval, factor=factor, cap=cap)


def test_growth_defaults() -> None:
    """The defaults are x1.5 per poll with a 5 s ceiling."""
    assert (1.5, 5.0) == (POLL_FACTOR, MAX_POLL_INTERVAL)


def test_a_waiter_sleeps_a_growing_interval_then_polls_once_at_the_deadline() -> None:
    """Pending polls sleep 1, 1.5, 2.25 s...; when less is left, the last poll is at the
    deadline (with its grace), and after it the wait is over."""
    waiter = JobWaiter(deadline=4.0, interval=1.0)

    delays = [waiter.after_pending(0.0), waiter.after_pending(1.0), waiter.after_pending(2.5)]
    last_poll_deadline = waiter.poll_deadline()

    assert [1.0, 1.5, 1.5] == delays
    assert 4.0 + FINAL_POLL_GRACE == last_poll_deadline
    assert waiter.after_pending(4.0) is None


def test_a_waiter_polls_on_after_failed_polls_until_the_last_one() -> None:
    """A failed poll is not the end: poll again, unless it was the final poll."""
    waiter = JobWaiter(deadline=2.0, interval=1.0)

    assert 1.0 == waiter.after_failed_poll(0.0)
    assert 1.0 == waiter.after_failed_poll(1.0)  # 1 s left: this next poll is the last
    assert waiter.after_failed_poll(2.0) is None


def test_a_waiter_reports_each_unknown_state_once() -> None:
    """`delayed` is news the first time only; known states never are."""
    waiter = JobWaiter(deadline=10.0, interval=1.0)

    seen = [waiter.first_sight_of_unknown(s) for s in ("waiting", "delayed", "delayed", "x")]

    assert [False, True, False, True] == seen
