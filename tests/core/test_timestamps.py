"""Timestamps: strict RFC 3339 on the wire, lenient user input, UTC with milliseconds out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from timeback_caliper._core.timestamps import (
    epoch_ms,
    format_timestamp,
    normalize_time_input,
    parse_rfc3339,
    parse_time_input,
)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2025-07-28T15:15:20.000Z", True),
        ("2025-07-28T15:15:20Z", True),
        ("2025-07-28T15:15:20.123456789Z", True),
        ("2025-07-28T17:15:20+02:00", True),
        ("2025-07-28t15:15:20z", True),
        ("2025-07-28T15:15:20", False),
        ("2025-07-28", False),
        ("2025-07-28 15:15:20Z", False),
        ("2025-02-30T00:00:00Z", False),
        ("yesterday", False),
    ],
)
def test_rfc3339_is_strict(text: str, ok: bool) -> None:
    """Only full date-times with an offset pass; impossible dates do not."""
    assert ok == (parse_rfc3339(text) is not None)


def test_non_strings_are_not_timestamps() -> None:
    """Numbers and None are refused, not crashed on."""
    assert (None, None) == (parse_rfc3339(1700000000), parse_rfc3339(None))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2025, 7, 28, 15, 15, 20, 123456, tzinfo=UTC), "2025-07-28T15:15:20.123Z"),
        (
            datetime(2025, 7, 28, 17, 15, 20, tzinfo=timezone(timedelta(hours=2))),
            "2025-07-28T15:15:20.000Z",
        ),
        (datetime(2025, 7, 28, 15, 15, 20), "2025-07-28T15:15:20.000Z"),
        (date(2025, 7, 28), "2025-07-28T00:00:00.000Z"),
        ("2025-07-28", "2025-07-28T00:00:00.000Z"),
        ("2025-07-28T10:00", "2025-07-28T10:00:00.000Z"),
        ("2025-07-28T10:00:00-05:00", "2025-07-28T15:00:00.000Z"),
        (" 2025-07-28T10:00:00.5Z ", "2025-07-28T10:00:00.500Z"),
    ],
)
def test_user_times_normalise_to_utc_milliseconds(value: object, expected: str) -> None:
    """datetimes, dates and ISO strings all come out as Caliper's wire form; naive means UTC."""
    assert expected == normalize_time_input(value)  # type: ignore[arg-type]


def test_bad_user_times_say_what_is_expected() -> None:
    """A wrong string or type raises with a message naming the accepted forms."""
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_time_input("last tuesday")
    with pytest.raises(TypeError, match="datetime, a date or an ISO 8601 string"):
        parse_time_input(12)  # type: ignore[arg-type]


def test_format_truncates_to_milliseconds() -> None:
    """Microseconds are cut, not rounded up into the next second."""
    moment = datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)

    assert "2025-12-31T23:59:59.999Z" == format_timestamp(moment)


def test_epoch_ms_is_exact() -> None:
    """No float rounding on the millisecond used for ordering and filtering."""
    moment = datetime(2025, 1, 1, 0, 0, 0, 999000, tzinfo=UTC)

    assert 1735689600999 == epoch_ms(moment)
