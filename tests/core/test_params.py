"""Arguments of list, get, job and wait calls, checked before any I/O."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from timeback_caliper._core.limits import MAX_LIMIT
from timeback_caliper._core.params import identifier, list_params, wait_params
from timeback_caliper.exceptions import InputValidationError


def _issues(**kwargs: Any) -> list[tuple[str, str]]:
    """The (path, code) of each issue list_params reports for these arguments."""
    with pytest.raises(InputValidationError) as caught:
        list_params(**{"limit": 100, "offset": 0, **kwargs})
    assert "Invalid list parameters" == caught.value.message
    return [(issue.path, issue.code) for issue in caught.value.issues]


def test_plain_paging_has_no_extra_parameters() -> None:
    """With only limit and offset nothing else is sent (they are passed by the pager)."""
    assert {} == list_params(limit=100, offset=0)


@pytest.mark.parametrize("limit", [1, 50, 1000], ids=["one", "fifty", "max"])
def test_limit_within_range_is_accepted(limit: int) -> None:
    """Any whole limit from 1 to 1000 passes."""
    assert {} == list_params(limit=limit, offset=0)


@pytest.mark.parametrize(
    ("limit", "expected_code"),
    [
        (0, "type"),
        (-5, "type"),
        (1001, "range"),
        (10**6, "range"),
        ("10", "type"),
        (True, "type"),
        (False, "type"),
        (10.0, "type"),
        (None, "type"),
    ],
    ids=["zero", "negative", "over-max", "far-over-max", "str", "true", "false", "float", "none"],
)
def test_bad_limit_is_rejected(limit: object, expected_code: str) -> None:
    """limit must be a whole number from 1 to 1000; bools and strings are not numbers here."""
    assert [("limit", expected_code)] == _issues(limit=limit)


def test_max_limit_is_1000() -> None:
    """The documented server maximum for limit is 1000."""
    assert 1000 == MAX_LIMIT


@pytest.mark.parametrize(
    "offset", [-1, "0", True, 1.0, None], ids=["negative", "str", "bool", "float", "none"]
)
def test_bad_offset_is_rejected(offset: object) -> None:
    """offset must be a whole number >= 0."""
    assert [("offset", "type")] == _issues(offset=offset)


@pytest.mark.parametrize(
    "max_items", [0, -1, True, "5", 2.5], ids=["zero", "negative", "bool", "str", "float"]
)
def test_bad_max_items_is_rejected(max_items: object) -> None:
    """max_items, when given, must be a whole number >= 1."""
    assert [("max_items", "type")] == _issues(max_items=max_items)


def test_max_items_is_checked_but_not_sent() -> None:
    """A valid max_items is a client-side cap, not a query parameter."""
    assert {} == list_params(limit=10, offset=0, max_items=25)


@pytest.mark.parametrize("name", ["sensor", "actor_id", "actor_email"])
@pytest.mark.parametrize("value", ["", "   ", 42, b"x"], ids=["empty", "blank", "int", "bytes"])
def test_empty_or_non_string_filters_are_rejected(name: str, value: object) -> None:
    """The text filters must be non-empty strings when given."""
    assert [(name, "type")] == _issues(**{name: value})


def test_text_filters_are_trimmed() -> None:
    """sensor, actor_id and actor_email are sent without surrounding spaces."""
    params = list_params(
        limit=10,
        offset=0,
        sensor="  https://app.example.com/sensors/main ",
        actor_id=" https://api.example.com/users/u1",
        actor_email="a@b.c  ",
    )

    assert {
        "sensor": "https://app.example.com/sensors/main",
        "actor_id": "https://api.example.com/users/u1",
        "actor_email": "a@b.c",
    } == params


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC), "2025-01-02T03:04:05.678Z"),
        (datetime(2025, 1, 2, 3, 4, 5), "2025-01-02T03:04:05.000Z"),
        (
            datetime(2025, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2))),
            "2025-01-02T03:04:05.000Z",
        ),
        (date(2025, 1, 2), "2025-01-02T00:00:00.000Z"),
        ("2025-01-02", "2025-01-02T00:00:00.000Z"),
        ("2025-01-02T03:04:05Z", "2025-01-02T03:04:05.000Z"),
        ("2025-01-02T03:04:05", "2025-01-02T03:04:05.000Z"),
        ("2025-01-01T22:04:05-05:00", "2025-01-02T03:04:05.000Z"),
        (" 2025-01-02T03:04:05.1234Z ", "2025-01-02T03:04:05.123Z"),
    ],
    ids=[
        "aware-datetime",
        "naive-datetime-is-utc",
        "offset-datetime",
        "date",
        "iso-date",
        "iso-z",
        "iso-naive-is-utc",
        "iso-offset",
        "iso-padded-fraction",
    ],
)
def test_dates_are_normalised_to_utc_milliseconds(value: object, expected: str) -> None:
    """start_date and end_date become `YYYY-MM-DDTHH:MM:SS.mmmZ`, naive input meaning UTC."""
    start = list_params(limit=10, offset=0, start_date=value)  # type: ignore[arg-type]
    end = list_params(limit=10, offset=0, end_date=value)  # type: ignore[arg-type]

    assert ({"start_date": expected}, {"end_date": expected}) == (start, end)


@pytest.mark.parametrize(
    "value", ["yesterday", "2025-13-01", "", 1735689600, 1.5], ids=lambda v: repr(v)
)
def test_bad_dates_are_rejected(value: object) -> None:
    """Anything but a datetime, a date or an ISO 8601 string is named with its parameter."""
    assert [("start_date", "date-time"), ("end_date", "date-time")] == _issues(
        start_date=value, end_date=value
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2025-01-02", "2025-01-02"),
        ("2025-01-02", "2025-01-01"),
        (datetime(2025, 1, 2, 12, tzinfo=UTC), "2025-01-02T13:00:00+02:00"),
        (date(2025, 1, 2), datetime(2025, 1, 2)),
    ],
    ids=["equal", "before", "same-instant-other-offset", "date-vs-naive-midnight"],
)
def test_end_date_must_be_after_start_date(start: object, end: object) -> None:
    """An end at or before the start is rejected on end_date (start inclusive, end exclusive)."""
    assert [("end_date", "range")] == _issues(start_date=start, end_date=end)


def test_a_valid_range_is_sent_normalised() -> None:
    """A start before the end passes, both in wire form."""
    params = list_params(
        limit=10, offset=0, start_date=date(2025, 1, 1), end_date="2025-01-01T00:00:00.001Z"
    )

    assert {
        "start_date": "2025-01-01T00:00:00.000Z",
        "end_date": "2025-01-01T00:00:00.001Z",
    } == params


def test_every_problem_is_reported_together() -> None:
    """All bad arguments are named in one InputValidationError, in argument order."""
    issues = _issues(
        limit=0,
        offset=-1,
        max_items=0,
        sensor="",
        actor_id=" ",
        actor_email=5,
        start_date="nope",
        end_date=5,
    )

    assert [
        ("limit", "type"),
        ("offset", "type"),
        ("max_items", "type"),
        ("sensor", "type"),
        ("actor_id", "type"),
        ("actor_email", "type"),
        ("start_date", "date-time"),
        ("end_date", "date-time"),
    ] == issues


def test_the_error_message_lists_the_problems() -> None:
    """str() of the error names each path and rule, so a log line is enough to fix it."""
    with pytest.raises(InputValidationError) as caught:
        list_params(limit=0, offset=-1)

    assert (
        "Invalid list parameters: limit: must be a whole number >= 1, got 0; "
        "offset: must be a whole number >= 0, got -1"
    ) == str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "abc"),
        ("  urn:uuid:x  ", "urn:uuid:x"),
        (42, "42"),
        (0, "0"),
        ("6", "6"),
    ],
    ids=["plain", "trimmed", "int", "zero", "numeric-string"],
)
def test_identifier_accepts_non_empty_strings_and_integers(value: object, expected: str) -> None:
    """An id is a trimmed non-empty string; an integer job id is accepted as its text."""
    assert expected == identifier("job_id", value)


@pytest.mark.parametrize(
    "value", ["", "   ", None, True, 1.5, b"id", ["id"]], ids=lambda v: repr(v)
)
def test_identifier_rejects_empty_and_other_types(value: object) -> None:
    """An empty, bool, float or non-string id raises InputValidationError naming it."""
    with pytest.raises(InputValidationError) as caught:
        identifier("external_id", value)

    assert ("Invalid external_id", [("external_id", "type")]) == (
        caught.value.message,
        [(issue.path, issue.code) for issue in caught.value.issues],
    )


@pytest.mark.parametrize(
    ("timeout", "poll_interval", "expected"),
    [
        (30, 1, (30.0, 1.0)),
        (0.5, 0.1, (0.5, 0.1)),
        (1, 10, (1.0, 10.0)),
    ],
    ids=["integers", "fractions", "interval-above-timeout"],
)
def test_wait_params_accepts_positive_numbers(
    timeout: object, poll_interval: object, expected: tuple[float, float]
) -> None:
    """timeout and poll_interval come back as floats."""
    actual = wait_params(timeout, poll_interval)

    assert (expected, (float, float)) == (actual, tuple(type(v) for v in actual))


@pytest.mark.parametrize(
    ("timeout", "poll_interval", "expected_paths"),
    [
        (0, 1, ["timeout"]),
        (-1, 1, ["timeout"]),
        (math.nan, 1, ["timeout"]),
        (math.inf, 1, ["timeout"]),
        ("30", 1, ["timeout"]),
        (True, 1, ["timeout"]),
        (None, 1, ["timeout"]),
        (30, 0, ["poll_interval"]),
        (30, -0.5, ["poll_interval"]),
        (30, math.inf, ["poll_interval"]),
        (0, 0, ["timeout", "poll_interval"]),
    ],
    ids=[
        "timeout-zero",
        "timeout-negative",
        "timeout-nan",
        "timeout-inf",
        "timeout-str",
        "timeout-bool",
        "timeout-none",
        "interval-zero",
        "interval-negative",
        "interval-inf",
        "both",
    ],
)
def test_wait_params_rejects_non_positive_or_non_finite(
    timeout: object, poll_interval: object, expected_paths: list[str]
) -> None:
    """Both must be finite numbers > 0; every bad one is named in one error."""
    with pytest.raises(InputValidationError) as caught:
        wait_params(timeout, poll_interval)

    assert ("Invalid wait_for_completion parameters", expected_paths) == (
        caught.value.message,
        [issue.path for issue in caught.value.issues],
    )
