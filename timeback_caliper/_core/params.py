"""Checking the arguments of list, get, job and wait calls before any I/O."""

from __future__ import annotations

import math
from typing import Any

from timeback_caliper._core.limits import MAX_LIMIT
from timeback_caliper._core.timestamps import TimeInput, format_timestamp, parse_time_input
from timeback_caliper._core.validation import Issue
from timeback_caliper.exceptions import InputValidationError


def _positive_int(
    issues: list[Issue], name: str, value: object, *, high: int | None = None
) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        issues.append(Issue(name, f"must be a whole number >= 1, got {value!r}", code="type"))
    elif high is not None and value > high:
        issues.append(Issue(name, f"must be at most {high}, got {value}", code="range"))


def _text(issues: list[Issue], name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        issues.append(Issue(name, "must be a non-empty string", code="type"))
        return None
    return value.strip()


def list_params(
    *,
    limit: object,
    offset: object,
    sensor: object = None,
    actor_id: object = None,
    actor_email: object = None,
    start_date: TimeInput | None = None,
    end_date: TimeInput | None = None,
    max_items: object = None,
) -> dict[str, Any]:
    """Keyword arguments for the generated list call, or InputValidationError."""
    issues: list[Issue] = []
    _positive_int(issues, "limit", limit, high=MAX_LIMIT)
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        issues.append(Issue("offset", f"must be a whole number >= 0, got {offset!r}", code="type"))
    if max_items is not None:
        _positive_int(issues, "max_items", max_items)
    params: dict[str, Any] = {
        "sensor": _text(issues, "sensor", sensor),
        "actor_id": _text(issues, "actor_id", actor_id),
        "actor_email": _text(issues, "actor_email", actor_email),
    }
    moments = {}
    for name, value in (("start_date", start_date), ("end_date", end_date)):
        if value is None:
            continue
        try:
            moments[name] = parse_time_input(value)
        except (TypeError, ValueError) as exc:
            issues.append(Issue(name, str(exc), code="date-time"))
    if len(moments) == 2 and moments["end_date"] <= moments["start_date"]:
        issues.append(
            Issue(
                "end_date",
                "must be after start_date (start is inclusive, end exclusive)",
                code="range",
            )
        )
    if issues:
        raise InputValidationError("Invalid list parameters", issues)
    for name, moment in moments.items():
        params[name] = format_timestamp(moment)
    return {k: v for k, v in params.items() if v is not None}


def identifier(name: str, value: object) -> str:
    """A non-empty id (event external id, job id), trimmed. `.` and `..` are refused: in a
    URL path they would name another resource."""
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        raise InputValidationError(
            f"Invalid {name}", [Issue(name, "must be a non-empty string", code="type")]
        )
    text = str(value).strip()
    if text in (".", ".."):
        raise InputValidationError(
            f"Invalid {name}", [Issue(name, f"{text!r} is not an id", code="type")]
        )
    return text


def count(name: str, value: object) -> int:
    """A whole number >= 1 (page sizes, concurrency bounds)."""
    issues: list[Issue] = []
    _positive_int(issues, name, value)
    if issues:
        raise InputValidationError(f"Invalid {name}", issues)
    return value  # type: ignore[return-value]


def wait_params(timeout: object, poll_interval: object) -> tuple[float, float]:
    issues: list[Issue] = []
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        if (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or not math.isfinite(value)
            or value <= 0
        ):
            issues.append(
                Issue(name, f"must be a positive number of seconds, got {value!r}", code="type")
            )
    if issues:
        raise InputValidationError("Invalid wait_for_completion parameters", issues)
    return float(timeout), float(poll_interval)  # type: ignore[arg-type]
