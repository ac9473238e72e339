"""Arguments of list, get, job and wait calls, checked before any I/O."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from timeback_caliper._core.params import (
    extra_params,
    identifier,
    list_params,
    wait_params,
)
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


@pytest.mark.parametrize("limit", [1, 50, 1000, 5000], ids=["one", "fifty", "1000", "5000"])
def test_any_whole_limit_is_left_to_the_server(limit: int) -> None:
    """Any whole limit >= 1 passes: the largest page is the server's to decide (ours, the
    sandbox's 1000, answers a 400 above it)."""
    assert {} == list_params(limit=limit, offset=0)


@pytest.mark.parametrize(
    "limit",
    [0, -5, "10", True, False, 10.0, None],
    ids=["zero", "negative", "str", "true", "false", "float", "none"],
)
def test_bad_limit_is_rejected(limit: object) -> None:
    """limit must be a whole number >= 1; bools and strings are not numbers here."""
    assert [("limit", "type")] == _issues(limit=limit)


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
        (date(2025, 1, 2), "2025-01-02"),
    ],
    ids=["aware-datetime", "naive-datetime-is-utc", "offset-datetime", "date"],
)
def test_date_objects_are_written_for_the_wire(value: object, expected: str) -> None:
    """A datetime goes in UTC with milliseconds (naive meaning UTC), a date as YYYY-MM-DD."""
    start = list_params(limit=10, offset=0, start_date=value)
    end = list_params(limit=10, offset=0, end_date=value)

    assert ({"start_date": expected}, {"end_date": expected}) == (start, end)


@pytest.mark.parametrize(
    "value",
    ["2025-01-31", "2025-01-31T00:00:00Z", "2025-01-01T22:04:05-05:00", " 2025 ", "last week"],
)
def test_date_strings_are_sent_as_given(value: str) -> None:
    """A date string goes as the caller wrote it: its meaning is the server's."""
    assert {"start_date": value, "end_date": value} == list_params(
        limit=10, offset=0, start_date=value, end_date=value
    )


@pytest.mark.parametrize("value", ["", "  ", 1735689600, 1.5, b"2025"], ids=repr)
def test_what_is_not_a_date_at_all_is_rejected(value: object) -> None:
    """An empty string or a number is named with its parameter, before any request."""
    assert [("start_date", "date-time"), ("end_date", "date-time")] == _issues(
        start_date=value, end_date=value
    )


def test_the_order_of_the_dates_is_left_to_the_server() -> None:
    """An end before the start is sent: what the server makes of it is its own rule."""
    assert {"start_date": "2025-01-02", "end_date": "2025-01-01"} == list_params(
        limit=10, offset=0, start_date="2025-01-02", end_date="2025-01-01"
    )


def test_extra_params_are_written_as_the_server_reads_them() -> None:
    """Strings, numbers and booleans become query strings; None leaves a parameter out."""
    assert {"eventType": "ActivityEvent", "page": "2", "deep": "true", "ratio": "0.5"} == (
        extra_params(
            {"eventType": "ActivityEvent", "page": 2, "deep": True, "ratio": 0.5, "x": None},
            taken={"limit", "offset"},
        )
    )


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ({"limit": 5}, "extra_params.limit"),
        ({"actorEmail": "a@b.c"}, "extra_params.actorEmail"),
        ({"x": [1]}, "extra_params.x"),
        ({"x": math.nan}, "extra_params.x"),
        ({"": 1}, "extra_params"),
        (["x"], "extra_params"),
    ],
    ids=["known-keyword", "known-wire-name", "list", "nan", "empty-name", "not-a-mapping"],
)
def test_bad_extra_params_are_named(value: object, path: str) -> None:
    """A parameter passed by name elsewhere, a value that is not a scalar, or no mapping."""
    with pytest.raises(InputValidationError) as caught:
        extra_params(value, taken={"limit", "offset", "actorEmail"})

    assert [path] == [issue.path for issue in caught.value.issues]


def test_every_problem_is_reported_together() -> None:
    """All bad arguments are named in one InputValidationError, in argument order."""
    issues = _issues(
        limit=0,
        offset=-1,
        max_items=0,
        sensor="",
        actor_id=" ",
        actor_email=5,
        start_date="",
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
