"""Checking the arguments of list, get, job and wait calls before any I/O."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from timeback_caliper._core.show import show, wire_text_problem
from timeback_caliper._core.timestamps import format_timestamp, parse_time_input
from timeback_caliper._core.validation import Issue
from timeback_caliper.exceptions import InputValidationError

# The longest id, filter or parameter value we send: an id in a URL path, a value in the
# query (URLs of more than 64 KiB are refused, and percent-encoding may triple a value).
MAX_VALUE_LENGTH = 4096
# The largest page size, offset or count we send (the server decides its own bounds).
MAX_COUNT = 2**63 - 1


def positive_int(issues: list[Issue], name: str, value: object, *, least: int = 1) -> None:
    """Add an issue unless `value` is a whole number from `least` to MAX_COUNT."""
    if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= MAX_COUNT:
        issues.append(
            Issue(name, f"must be a whole number >= {least}, got {show(value)}", code="type")
        )


def _wire_text(issues: list[Issue], name: str, value: str) -> str | None:
    problem = wire_text_problem(value, max_length=MAX_VALUE_LENGTH)
    if problem:
        issues.append(Issue(name, problem, code="type"))
        return None
    return value


def _text(issues: list[Issue], name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        issues.append(Issue(name, "must be a non-empty string", code="type"))
        return None
    return _wire_text(issues, name, value.strip())


# The list operation's own query parameters, by keyword and on the wire: `extra_params`
# may not set them again.
def list_params(
    *,
    limit: object,
    offset: object,
    sensor: object = None,
    actor_id: object = None,
    actor_email: object = None,
    start_date: object = None,
    end_date: object = None,
    max_items: object = None,
) -> dict[str, Any]:
    """Keyword arguments for the generated list call, or InputValidationError.

    Only what makes a request at all is checked: the server owns its bounds (the largest
    `limit`) and the meaning of its dates, and answers with an error of its own. Date
    strings go as given; `date` and `datetime` objects are written for the wire (a date as
    `YYYY-MM-DD`, a datetime in UTC with milliseconds, naive meaning UTC).
    """
    issues: list[Issue] = []
    positive_int(issues, "limit", limit)
    positive_int(issues, "offset", offset, least=0)
    if max_items is not None:
        positive_int(issues, "max_items", max_items)
    params: dict[str, Any] = {
        "sensor": _text(issues, "sensor", sensor),
        "actor_id": _text(issues, "actor_id", actor_id),
        "actor_email": _text(issues, "actor_email", actor_email),
        "start_date": _date(issues, "start_date", start_date),
        "end_date": _date(issues, "end_date", end_date),
    }
    if issues:
        raise InputValidationError("Invalid list parameters", issues)
    return {k: v for k, v in params.items() if v is not None}


def _date(issues: list[Issue], name: str, value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        try:
            return format_timestamp(parse_time_input(value))
        except (ValueError, OverflowError) as exc:
            issues.append(Issue(name, str(exc), code="date-time"))
            return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        return _wire_text(issues, name, value)
    issues.append(Issue(name, "must be a date, a datetime or a non-empty string", code="date-time"))
    return None


def extra_params(
    value: object, *, name: str = "extra_params", taken: Collection[str] = ()
) -> dict[str, str]:
    """Query parameters as the server will read them (strings); `taken` names those the
    request has already (given by name) and so may not be set here again."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputValidationError(
            f"Invalid {name}",
            [Issue(name, "must be a mapping of parameter names to values", code="type")],
        )
    issues: list[Issue] = []
    found: dict[str, str] = {}
    for key, item in value.items():
        path = f"{name}.{key}"
        if not isinstance(key, str) or not key or wire_text_problem(key, max_length=256):
            issues.append(Issue(name, f"{show(key)} is not a parameter name", code="type"))
        elif key in taken:
            issues.append(Issue(path, "is given by name too: give it once", code="type"))
        elif isinstance(item, bool):
            found[key] = "true" if item else "false"
        elif (isinstance(item, int) and abs(item) <= MAX_COUNT) or (
            isinstance(item, float) and math.isfinite(item)
        ):
            found[key] = str(item)
        elif isinstance(item, str):
            text = _wire_text(issues, path, item)
            if text is not None:
                found[key] = text
        elif item is not None:
            issues.append(Issue(path, "must be a string or a number", code="type"))
    if issues:
        raise InputValidationError(f"Invalid {name}", issues)
    return found


# Methods whose requests the API may repeat without harm (RFC 9110, 9.2.2).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_METHODS = IDEMPOTENT_METHODS | {"POST", "PATCH"}


def raw_request(
    method: object, path: object, params: object, headers: object
) -> tuple[str, dict[str, Any]]:
    """The method (upper case) and the httpx request keywords of `client.request(...)`.

    The path must be one of the API's own (relative, starting with `/`): an absolute URL
    or a `//host` path would take the client's token to another host.
    """
    issues: list[Issue] = []
    verb = method.upper() if isinstance(method, str) else None
    if verb not in _METHODS:
        issues.append(Issue("method", f"must be one of {', '.join(sorted(_METHODS))}", code="enum"))
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        issues.append(
            Issue("path", "must be a path of the API, such as /caliper/events", code="type")
        )
    else:
        _wire_text(issues, "path", path)
    query = extra_params(params, name="params") if params is not None else {}
    header_issues(issues, headers)
    if issues or verb is None or not isinstance(headers, Mapping | None):
        raise InputValidationError("Invalid request", issues)
    request: dict[str, Any] = {"method": verb, "url": path}
    if query:
        request["params"] = query
    if headers:
        request["headers"] = dict(headers)
    return verb, request


def header_issues(issues: list[Issue], headers: object) -> None:
    """Extra request headers: a mapping of printable ASCII names to printable ASCII values."""
    if headers is not None and not (
        isinstance(headers, Mapping)
        and all(_header_text(k) and _header_text(v) for k, v in headers.items())
    ):
        issues.append(
            Issue("headers", "must map header names to printable ASCII strings", code="type")
        )


def _header_text(value: object) -> bool:
    return isinstance(value, str) and value.isascii() and value.isprintable() and len(value) < 8192


def identifier(name: str, value: object) -> str:
    """A non-empty id (event external id, job id), trimmed. `.` and `..` are refused: in a
    URL path they would name another resource."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_COUNT:
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise InputValidationError(
            f"Invalid {name}", [Issue(name, "must be a non-empty string", code="type")]
        )
    text = value.strip()
    issues: list[Issue] = []
    if text in (".", ".."):
        issues.append(Issue(name, f"{text!r} is not an id", code="type"))
    else:
        _wire_text(issues, name, text)
    if issues:
        raise InputValidationError(f"Invalid {name}", issues)
    return text


def count(name: str, value: object) -> int:
    """A whole number >= 1 (page sizes, concurrency bounds)."""
    issues: list[Issue] = []
    positive_int(issues, name, value)
    if issues:
        raise InputValidationError(f"Invalid {name}", issues)
    return value  # type: ignore[return-value]


# The longest wait we accept (a day): longer is surely a mistake, and far longer ones
# overflow the clocks underneath.
MAX_SECONDS = 86_400.0


def seconds_problem(value: object, *, zero: bool = False) -> str | None:
    """Why `value` is not a positive (or, with `zero`, non-negative), finite number of
    seconds of at most a day."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if (0 <= number if zero else 0 < number) and number <= MAX_SECONDS:
            return None
    least = "non-negative" if zero else "positive"
    return f"must be a {least} number of seconds (at most {MAX_SECONDS:g}), got {show(value)}"


def seconds(name: str, value: object, *, zero: bool = False) -> float:
    """`value` as seconds to wait, or InputValidationError naming `name`."""
    problem = seconds_problem(value, zero=zero)
    if problem:
        raise InputValidationError(f"Invalid {name}", [Issue(name, problem, code="type")])
    return float(value)  # type: ignore[arg-type]


def flag(issues: list[Issue], name: str, value: object) -> None:
    """Add an issue unless `value` is True or False (a truthy string is a mistake)."""
    if not isinstance(value, bool):
        issues.append(Issue(name, f"must be True or False, got {show(value)}", code="type"))


def callback(issues: list[Issue], name: str, value: object) -> None:
    """Add an issue unless `value` is None or can be called: found before anything is
    sent, not when the first reply comes."""
    if value is not None and not callable(value):
        issues.append(Issue(name, f"must be a function or None, got {show(value)}", code="type"))


def wait_params(timeout: object, poll_interval: object) -> tuple[float, float]:
    issues: list[Issue] = []
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        problem = seconds_problem(value)
        if problem:
            issues.append(Issue(name, problem, code="type"))
    if issues:
        raise InputValidationError("Invalid wait_for_completion parameters", issues)
    return float(timeout), float(poll_interval)  # type: ignore[arg-type]


# Each client flavour and the sender that sends with it.
SENDER_OF = {"SyncCaliperClient": "Sender", "AsyncCaliperClient": "AsyncSender"}


def client_issues(issues: list[Issue], wanted: type, given: object) -> None:
    """A sender's client must be its own flavour; the other one is named with its sender."""
    if given is None or isinstance(given, wanted):
        return
    got = type(given).__name__
    hint = f": use {SENDER_OF[got]} with it" if got in SENDER_OF else ""
    article = "an" if wanted.__name__[0] in "AEIOU" else "a"
    issues.append(
        Issue("client", f"must be {article} {wanted.__name__} (got {got}{hint})", code="type")
    )
