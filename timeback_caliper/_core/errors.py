"""From an error reply (status, body) to the exception the client raises.

The message is the first string among `message`, `error`, `error_description` and
`imsx_description` (the keys the API's error bodies and the vendor client use), then
the raw text, then `HTTP <status>`. 400 and 422 carry the server's issues.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from timeback_caliper._core.validation import Issue
from timeback_caliper.exceptions import (
    ApiError,
    AuthenticationError,
    ForbiddenError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ValidationError,
)

MESSAGE_KEYS = ("message", "error", "error_description", "imsx_description")
# Replies whose body lists the problems of the request (`errors`).
ISSUE_STATUSES = frozenset({400, 422})
_CLASSES: dict[int, type[ApiError]] = {
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
}


def parse_body(body: bytes) -> object:
    """The JSON of a body, or its text (at most 2,000 characters), or None if empty."""
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # not JSON, or nested beyond what Python reads
        return body[:2000].decode("utf-8", "replace")


def message_of(data: object) -> str | None:
    """The body's message: the first non-empty string under one of `MESSAGE_KEYS`."""
    if isinstance(data, Mapping):
        for key in MESSAGE_KEYS:
            value = data.get(key)
            if isinstance(value, str) and value:
                return value
    return None


def issue_of(item: object) -> tuple[str, str]:
    """(path, message) of one issue of an API body, whatever shape it comes in: `path` or
    `field`, a zod-style path list (`["data", 0, "id"]`), `message` or `reason`, or a bare
    string."""
    if not isinstance(item, Mapping):
        return "", str(item)
    path = item.get("path", item.get("field", ""))
    if isinstance(path, list):
        path = ".".join(str(p) for p in path)
    return str(path), str(item.get("message", item.get("reason", "")))


def issues_from_wire(value: object) -> list[Issue]:
    """The `errors` of an API body as issues."""
    if not isinstance(value, list):
        return []
    return [Issue(*issue_of(item), code="server") for item in value]


def error_message(data: object, status: int) -> str:
    message = message_of(data)
    if message is not None:
        return message
    if isinstance(data, str) and data.strip():
        return data.strip()[:200]
    return f"HTTP {status}"


def api_error(
    status: int,
    body: bytes,
    *,
    request_id: str | None,
    retry_after: float | None = None,
    prefix: str = "",
) -> ApiError:
    """The typed error for an error reply, from its raw body."""
    return error_for(
        status, parse_body(body), request_id=request_id, retry_after=retry_after, prefix=prefix
    )


def error_for(
    status: int,
    data: object,
    *,
    request_id: str | None,
    retry_after: float | None = None,
    prefix: str = "",
) -> ApiError:
    """The typed error for an error reply, from its body as `parse_body` reads it."""
    message = prefix + error_message(data, status)
    if status in ISSUE_STATUSES:
        issues = issues_from_wire(data.get("errors")) if isinstance(data, dict) else []
        return ValidationError(
            message, status_code=status, body=data, request_id=request_id, issues=issues
        )
    if status == 429:
        return RateLimitError(
            message, status_code=status, body=data, request_id=request_id, retry_after=retry_after
        )
    if status >= 500:
        return ServerError(message, status_code=status, body=data, request_id=request_id)
    cls = _CLASSES.get(status, ApiError)
    return cls(message, status_code=status, body=data, request_id=request_id)
