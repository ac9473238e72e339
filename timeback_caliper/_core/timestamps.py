"""Timestamps: the strict RFC 3339 check of the wire, and the lenient reading of user input.

Caliper 1.2 asks for UTC with milliseconds and a `Z` (`2025-07-28T15:15:20.000Z`); that is
what we write. On reading we accept any RFC 3339 date-time (any fraction, `Z` or an offset),
as we believe the real API does: its documents show both, and none says it refuses either.

A naive datetime, or a date-time string without an offset, means UTC: schools' servers
run in many zones and a silent local-time guess would shift learning records by hours.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta

from timeback_caliper._core.show import show

_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)

TimeInput = datetime | date | str
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_rfc3339(value: object) -> datetime | None:
    """The instant an RFC 3339 date-time string names, or None if it is not one."""
    return _parse_rfc3339(value) if isinstance(value, str) else None


@functools.lru_cache(maxsize=4096)  # events sent together often share their timestamps
def _parse_rfc3339(value: str) -> datetime | None:
    if _RFC3339.fullmatch(value) is None:
        return None
    try:
        return datetime.fromisoformat(value.upper())
    except ValueError:  # month 13, hour 25, ...
        return None


def format_timestamp(moment: datetime) -> str:
    """`moment` in Caliper's wire form: UTC, milliseconds, `Z`."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="milliseconds") + "Z"


def format_epoch(seconds: float) -> str:
    """A `time.time()` value in Caliper's wire form."""
    return format_timestamp(datetime.fromtimestamp(seconds, UTC))


def parse_time_input(value: TimeInput) -> datetime:
    """An aware datetime from what a user gave: a datetime, a date, or an ISO 8601 string.

    Raises:
        ValueError: if a string is not ISO 8601; the message says what was expected.
        TypeError: for any other type.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(0), tzinfo=UTC)
    elif isinstance(value, str):
        from dateutil.parser import isoparse  # only when a string comes: it is slow to import

        try:
            moment = isoparse(value.strip())
        except (ValueError, OverflowError):
            raise ValueError(
                "must be an ISO 8601 date or date-time (e.g. 2025-01-31T12:00:00Z),"
                f" got {show(value)}"
            ) from None
    else:
        raise TypeError(
            f"must be a datetime, a date or an ISO 8601 string, got {type(value).__name__}"
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"is out of the range of UTC date-times: {show(value)}") from None
    return moment


def normalize_time_input(value: TimeInput) -> str:
    """User input in Caliper's wire form (see `parse_time_input` for what is accepted)."""
    return format_timestamp(parse_time_input(value))


def epoch_ms(moment: datetime) -> int:
    """Whole milliseconds since the Unix epoch (exact), for ordering and range filters."""
    return (moment - _EPOCH) // timedelta(milliseconds=1)
