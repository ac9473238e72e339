"""Retry decisions: what is retried, how long to wait, and when to give up."""

from __future__ import annotations

import math

import pytest

from timeback_caliper._core.retry import (
    RETRYABLE_STATUSES,
    Attempts,
    GiveUp,
    Retry,
    RetryPolicy,
    backoff_delay,
    decide,
    parse_retry_after,
)

# backoff 1 s doubling, capped at 8 s; Retry-After capped at 30 s; 3 retries.
POLICY = RetryPolicy(max_retries=3, backoff=1.0, max_backoff=8.0, max_retry_after=30.0)
PLENTY = 1000.0  # seconds left before the deadline, when the deadline is not the point


def _decide(
    *,
    status: int | None = 503,
    retries_done: int = 0,
    retry_after: float | None = None,
    remaining: float = PLENTY,
    rand: float = 0.0,
    policy: RetryPolicy = POLICY,
) -> Retry | GiveUp:
    return decide(
        policy,
        retries_done=retries_done,
        status=status,
        retry_after=retry_after,
        remaining=remaining,
        rand=rand,
    )


@pytest.mark.parametrize(
    "status",
    [400, 401, 403, 404, 409, 418, 422, 501, 505],
    ids=lambda s: str(s),
)
def test_non_retryable_statuses_give_up_at_once(status: int) -> None:
    """A status outside 408/429/500/502/503/504 is never retried, whatever else holds."""
    decision = _decide(status=status, retry_after=1.0)

    assert GiveUp("not-retryable") == decision


@pytest.mark.parametrize(
    "status",
    [None, 408, 429, 500, 502, 503, 504],
    ids=["transport-failure", "408", "429", "500", "502", "503", "504"],
)
def test_retryable_failures_are_retried(status: int | None) -> None:
    """Transport failures (status None) and the retryable statuses get a retry."""
    decision = _decide(status=status)

    assert isinstance(decision, Retry)


def test_retryable_statuses_are_the_documented_set() -> None:
    """The retryable set is exactly 408, 429, 500, 502, 503 and 504."""
    assert frozenset({408, 429, 500, 502, 503, 504}) == RETRYABLE_STATUSES


@pytest.mark.parametrize(
    ("max_retries", "retries_done", "expected"),
    [
        (3, 0, Retry(1.0)),
        (3, 2, Retry(4.0)),
        (3, 3, GiveUp("retries-exhausted")),
        (3, 4, GiveUp("retries-exhausted")),
        (1, 1, GiveUp("retries-exhausted")),
        (0, 0, GiveUp("retries-exhausted")),
    ],
    ids=["first-retry", "last-retry", "exhausted", "beyond", "one-allowed-used", "retries-off"],
)
def test_retries_stop_after_max_retries(
    max_retries: int, retries_done: int, expected: Retry | GiveUp
) -> None:
    """At most `max_retries` retries are made; `max_retries=0` never retries."""
    policy = RetryPolicy(max_retries=max_retries, backoff=1.0, max_backoff=8.0)

    decision = _decide(status=500, retries_done=retries_done, rand=1.0, policy=policy)

    assert expected == decision


def test_not_retryable_wins_over_exhausted() -> None:
    """A non-retryable status is reported as such even when retries are used up."""
    decision = _decide(status=404, retries_done=3)

    assert GiveUp("not-retryable") == decision


@pytest.mark.parametrize(
    ("status", "retry_after", "expected"),
    [
        (429, 5.0, Retry(5.0)),
        (503, 2.5, Retry(2.5)),
        (429, 0.0, Retry(0.0)),
        (429, 30.0, Retry(30.0)),
        (429, 120.0, Retry(30.0)),
        (503, 3600.0, Retry(30.0)),
        (500, 5.0, Retry(1.0)),
        (502, 5.0, Retry(1.0)),
        (504, 5.0, Retry(1.0)),
        (408, 5.0, Retry(1.0)),
        (None, 5.0, Retry(1.0)),
        (429, None, Retry(1.0)),
    ],
    ids=[
        "429-honoured",
        "503-fractional-honoured",
        "429-zero",
        "429-at-cap",
        "429-capped",
        "503-capped",
        "500-ignores-hint",
        "502-ignores-hint",
        "504-ignores-hint",
        "408-ignores-hint",
        "transport-ignores-hint",
        "429-without-hint-backs-off",
    ],
)
def test_retry_after_is_honoured_for_429_and_503_only(
    status: int | None, retry_after: float | None, expected: Retry
) -> None:
    """Retry-After sets the delay (up to max_retry_after) on 429/503; others use backoff."""
    decision = _decide(status=status, retry_after=retry_after, rand=1.0)

    assert expected == decision


@pytest.mark.parametrize(
    ("retries_done", "expected"),
    [(0, 1.0), (1, 2.0), (2, 4.0), (3, 8.0), (4, 8.0), (10, 8.0)],
    ids=["1s", "2s", "4s", "8s", "capped", "capped-far"],
)
def test_backoff_doubles_up_to_max_backoff(retries_done: int, expected: float) -> None:
    """Without jitter (rand at its top) the delay is backoff * 2**n, capped at max_backoff."""
    policy = RetryPolicy(max_retries=20, backoff=1.0, max_backoff=8.0)

    decision = _decide(status=500, retries_done=retries_done, rand=1.0, policy=policy)

    assert Retry(expected) == decision


@pytest.mark.parametrize(
    ("retries_done", "rand", "expected"),
    [
        (0, 0.0, 0.5),
        (0, 0.5, 0.75),
        (0, 0.999999, 0.9999995),
        (2, 0.0, 2.0),
        (2, 0.999999, 3.999998),
        (5, 0.0, 4.0),
        (5, 0.999999, 7.999996),
    ],
    ids=["low", "middle", "high", "4s-low", "4s-high", "capped-low", "capped-high"],
)
def test_jitter_keeps_delay_between_half_and_all_of_the_step(
    retries_done: int, rand: float, expected: float
) -> None:
    """Equal jitter: rand=0 gives half the capped delay, rand near 1 gives nearly all of it."""
    actual = backoff_delay(POLICY, retries_done, rand)

    assert pytest.approx(expected) == actual


@pytest.mark.parametrize("rand", [0.0, 0.25, 0.5, 0.75, 0.999999], ids=lambda r: f"rand={r}")
@pytest.mark.parametrize("retries_done", [0, 1, 2, 3, 4, 8], ids=lambda n: f"retry{n}")
def test_jitter_never_leaves_its_bounds(retries_done: int, rand: float) -> None:
    """Every jittered delay lies in [step/2, step) where step is the capped backoff."""
    policy = RetryPolicy(max_retries=10, backoff=1.0, max_backoff=8.0)
    step = min(policy.max_backoff, policy.backoff * 2**retries_done)

    decision = _decide(status=None, retries_done=retries_done, rand=rand, policy=policy)

    assert isinstance(decision, Retry)
    assert step / 2 <= decision.delay < step


@pytest.mark.parametrize(
    ("retry_after", "remaining", "expected"),
    [
        (None, 1.5, Retry(1.0)),
        (None, 1.0, GiveUp("deadline")),
        (None, 0.5, GiveUp("deadline")),
        (None, 0.0, GiveUp("deadline")),
        (None, -3.0, GiveUp("deadline")),
        (10.0, 10.5, Retry(10.0)),
        (10.0, 10.0, GiveUp("deadline")),
        (10.0, 9.0, GiveUp("deadline")),
        (120.0, 30.5, Retry(30.0)),
    ],
    ids=[
        "backoff-fits",
        "backoff-equals-remaining",
        "backoff-crosses",
        "no-time-left",
        "past-deadline",
        "hint-fits",
        "hint-equals-remaining",
        "hint-crosses",
        "capped-hint-fits",
    ],
)
def test_a_delay_that_reaches_the_deadline_gives_up(
    retry_after: float | None, remaining: float, expected: Retry | GiveUp
) -> None:
    """A retry whose delay would end at or after the deadline is not attempted."""
    decision = _decide(status=429, retry_after=retry_after, remaining=remaining, rand=1.0)

    assert expected == decision


def test_exhausted_is_reported_before_the_deadline() -> None:
    """With retries used up and no time left, the reason given is the exhausted retries."""
    decision = _decide(status=503, retries_done=3, remaining=0.0)

    assert GiveUp("retries-exhausted") == decision


def test_default_policy() -> None:
    """The defaults are 3 retries, 0.5 s doubling backoff capped at 8 s, hints capped at 60 s."""
    assert (
        RetryPolicy(max_retries=3, backoff=0.5, max_backoff=8.0, max_retry_after=60.0)
        == RetryPolicy()
    )


NOW = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("5", 5.0),
        ("0", 0.0),
        (" 7 ", 7.0),
        ("120", 120.0),
        ("1.5", 1.5),
        ("0.25", 0.25),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2015 08:28:00 GMT", 3600.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
        ("Tue, 20 Oct 2015 07:28:00 GMT", 0.0),
        ("", None),
        ("soon", None),
        ("5 seconds", None),
        ("-1", None),
        ("-0.5", None),
        ("inf", None),
        ("nan", None),
    ],
    ids=[
        "absent",
        "integer",
        "zero",
        "padded",
        "large",
        "fractional",
        "fraction-below-one",
        "date-30s-ahead",
        "date-1h-ahead",
        "date-now",
        "date-1min-past",
        "date-1day-past",
        "empty",
        "garbage-word",
        "garbage-unit",
        "negative",
        "negative-fraction",
        "infinity",
        "nan",
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    """Seconds (whole or fractional) or an HTTP date become a delay; past dates mean 0."""
    assert expected == parse_retry_after(header, now_epoch=NOW)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"max_retries": "3"}, "max_retries"),
        ({"backoff": -0.1}, "backoff"),
        ({"backoff": math.nan}, "backoff"),
        ({"backoff": math.inf}, "backoff"),
        ({"backoff": "1"}, "backoff"),
        ({"max_backoff": -1.0}, "max_backoff"),
        ({"max_backoff": math.inf}, "max_backoff"),
        ({"max_retry_after": -5}, "max_retry_after"),
        ({"max_retry_after": None}, "max_retry_after"),
    ],
    ids=[
        "retries-negative",
        "retries-float",
        "retries-bool",
        "retries-str",
        "backoff-negative",
        "backoff-nan",
        "backoff-inf",
        "backoff-str",
        "max-backoff-negative",
        "max-backoff-inf",
        "max-retry-after-negative",
        "max-retry-after-none",
    ],
)
def test_retry_policy_rejects_bad_settings(kwargs: dict[str, object], name: str) -> None:
    """A negative, non-finite or non-numeric setting raises ValueError naming the setting."""
    with pytest.raises(ValueError, match=name) as caught:
        RetryPolicy(**kwargs)  # type: ignore[arg-type]

    assert str(caught.value).startswith(name)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_retries": 0},
        {"backoff": 0},
        {"backoff": 0.0, "max_backoff": 0.0, "max_retry_after": 0.0},
        {"max_retries": 10, "backoff": 2, "max_backoff": 120, "max_retry_after": 300},
    ],
    ids=["no-retries", "zero-backoff", "all-zero", "generous"],
)
def test_retry_policy_accepts_zero_and_positive_settings(kwargs: dict[str, float]) -> None:
    """Zero is a valid setting (retries off, or no waiting in tests)."""
    policy = RetryPolicy(**kwargs)  # type: ignore[arg-type]

    assert kwargs == {key: getattr(policy, key) for key in kwargs}


def test_zero_delays_retry_immediately() -> None:
    """A policy with zero backoff retries with a 0 s delay, so tests never sleep."""
    policy = RetryPolicy(max_retries=2, backoff=0.0, max_backoff=0.0, max_retry_after=0.0)

    decisions = [
        _decide(status=None, policy=policy, retries_done=0, remaining=1.0),
        _decide(status=429, policy=policy, retries_done=1, retry_after=30.0, remaining=1.0),
    ]

    assert [Retry(0.0), Retry(0.0)] == decisions


def test_attempts_retry_then_give_up_when_retries_are_spent() -> None:
    """Attempts counts the retries it grants and remembers the last status it saw."""
    attempts = Attempts(RetryPolicy(max_retries=2, backoff=0.1), deadline=100.0)

    first = attempts.failed(status=503, retry_after=None, now=0.0, rand=0.0)
    second = attempts.failed(status=None, retry_after=None, now=1.0, rand=0.0)
    third = attempts.failed(status=502, retry_after=None, now=2.0, rand=0.0)

    assert (Retry(0.05), Retry(0.1)) == (first, second)
    assert GiveUp("retries-exhausted") == third
    assert (2, 502) == (attempts.retries, attempts.last_status)


def test_attempts_expire_at_their_deadline_and_never_sleep_past_it() -> None:
    """expired() turns true at the deadline; a delay that would cross it gives up."""
    attempts = Attempts(RetryPolicy(max_retries=5), deadline=10.0)

    assert (False, True) == (attempts.expired(9.99), attempts.expired(10.0))
    assert GiveUp("deadline") == attempts.failed(status=429, retry_after=2.0, now=9.0, rand=0.5)
    assert 0 == attempts.retries
