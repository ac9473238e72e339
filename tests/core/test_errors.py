"""From an error reply (status, body) to the typed exception the client raises."""

from __future__ import annotations

import json

import pytest

from timeback_caliper._core.errors import api_error, error_message, parse_body
from timeback_caliper.exceptions import (
    ApiError,
    AuthenticationError,
    ForbiddenError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from timeback_caliper.validation import Issue


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


@pytest.mark.parametrize(
    ("status", "expected_class"),
    [
        (400, ValidationError),
        (422, ValidationError),
        (401, AuthenticationError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (429, RateLimitError),
        (500, ServerError),
        (501, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (599, ServerError),
        (405, ApiError),
        (409, ApiError),
        (418, ApiError),
    ],
    ids=lambda v: str(v) if isinstance(v, int) else v.__name__,
)
def test_status_maps_to_its_error_class(status: int, expected_class: type[ApiError]) -> None:
    """Each status gets its class; an unmapped 4xx is a plain ApiError."""
    error = api_error(status, _json({"message": "boom"}), request_id=None)

    assert (expected_class, status, "boom") == (type(error), error.status_code, error.message)


@pytest.mark.parametrize("status", [400, 422], ids=["400", "422"])
def test_validation_errors_carry_the_server_issues(status: int) -> None:
    """400 and 422 parse `errors: [{path, message}]` into issues."""
    body = _json(
        {
            "status": "error",
            "message": "Invalid envelope",
            "errors": [
                {"path": "data[0].id", "message": "must be a urn:uuid"},
                {"path": "sendTime", "message": "is required"},
            ],
        }
    )

    error = api_error(status, body, request_id="rid")

    assert isinstance(error, ValidationError)
    assert [
        Issue("data[0].id", "must be a urn:uuid", code="server"),
        Issue("sendTime", "is required", code="server"),
    ] == error.issues


@pytest.mark.parametrize(
    ("errors", "expected_issues"),
    [
        (None, []),
        ("a string", []),
        ([], []),
        (
            [{"field": "limit", "reason": "too big"}],
            [Issue("limit", "too big", code="server")],
        ),
        (
            [{"path": ["data", 0, "id"], "message": "bad id"}],
            [Issue("data.0.id", "bad id", code="server")],
        ),
        (["plain text problem"], [Issue("", "plain text problem", code="server")]),
    ],
    ids=["null", "string", "empty", "field-reason", "zod-path", "bare-string"],
)
def test_validation_issues_tolerate_other_shapes(
    errors: object, expected_issues: list[Issue]
) -> None:
    """`errors` of any shape is read without crashing; unknown shapes give no issues."""
    error = api_error(400, _json({"message": "bad", "errors": errors}), request_id=None)

    assert isinstance(error, ValidationError)
    assert expected_issues == error.issues


def test_validation_error_with_a_non_json_body_has_no_issues() -> None:
    """A 400 with a text body is a ValidationError with the text as message and no issues."""
    error = api_error(400, b"Bad Request", request_id=None)

    assert isinstance(error, ValidationError)
    assert ("Bad Request", "Bad Request", []) == (error.message, error.body, error.issues)


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [(None, None), (0.0, 0.0), (12.5, 12.5)],
    ids=["no-hint", "zero", "seconds"],
)
def test_rate_limit_error_keeps_retry_after(
    retry_after: float | None, expected: float | None
) -> None:
    """429 becomes RateLimitError with the parsed Retry-After hint."""
    error = api_error(429, b"", request_id=None, retry_after=retry_after)

    assert isinstance(error, RateLimitError)
    assert expected == error.retry_after


@pytest.mark.parametrize(
    ("body", "expected_message"),
    [
        (
            {
                "message": "from message",
                "error": "from error",
                "error_description": "from description",
                "imsx_description": "from imsx",
            },
            "from message",
        ),
        (
            {
                "error": "from error",
                "error_description": "from description",
                "imsx_description": "from imsx",
            },
            "from error",
        ),
        (
            {"error_description": "from description", "imsx_description": "from imsx"},
            "from description",
        ),
        ({"imsx_description": "from imsx"}, "from imsx"),
        ({"message": "", "error": "from error"}, "from error"),
        ({"message": None, "error": "from error"}, "from error"),
        ({"message": {"nested": 1}, "error": ["list"], "imsx_description": "x"}, "x"),
        ({"status": "error", "errors": None}, "HTTP 409"),
        ({}, "HTTP 409"),
        ([1, 2], "HTTP 409"),
        ("json string", "json string"),
    ],
    ids=[
        "message-first",
        "then-error",
        "then-error-description",
        "then-imsx-description",
        "empty-message-skipped",
        "null-message-skipped",
        "non-strings-skipped",
        "no-message-keys",
        "empty-object",
        "json-list",
        "json-string",
    ],
)
def test_message_is_taken_from_the_first_string_key(body: object, expected_message: str) -> None:
    """The message is message, then error, error_description, imsx_description, then HTTP n."""
    error = api_error(409, _json(body), request_id=None)

    assert expected_message == error.message


@pytest.mark.parametrize(
    ("body", "expected_message"),
    [
        (b"upstream timed out", "upstream timed out"),
        (b"  padded text \n", "padded text"),
        (b"", "HTTP 504"),
        (b"   \n ", "HTTP 504"),
        (b"x" * 300, "x" * 200),
    ],
    ids=["text", "trimmed", "empty", "blank", "long-text-cut-to-200"],
)
def test_message_falls_back_to_raw_text_then_status(body: bytes, expected_message: str) -> None:
    """A non-JSON body gives its text (at most 200 characters), an empty one `HTTP <status>`."""
    error = api_error(504, body, request_id=None)

    assert expected_message == error.message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", None),
        (b'{"a": 1}', {"a": 1}),
        (b"[1]", [1]),
        (b"null", None),
        (b"<html>502 Bad Gateway</html>", "<html>502 Bad Gateway</html>"),
        (b"\xff\xfeoops", "\ufffd\ufffdoops"),
        (b"y" * 3000, "y" * 2000),
    ],
    ids=["empty", "object", "list", "json-null", "html", "bad-utf8", "long-cut-to-2000"],
)
def test_body_is_kept_as_json_or_text(body: bytes, expected: object) -> None:
    """The error's body is the parsed JSON, or the text (up to 2,000 characters), or None."""
    assert expected == parse_body(body)
    assert expected == api_error(502, body, request_id=None).body


def test_non_json_body_is_kept_as_text_on_the_error() -> None:
    """A gateway's HTML page is kept as text on the error for debugging."""
    error = api_error(502, b"<html>502 Bad Gateway</html>", request_id=None)

    assert ("<html>502 Bad Gateway</html>", "<html>502 Bad Gateway</html>") == (
        error.body,
        error.message,
    )


@pytest.mark.parametrize(
    ("request_id", "expected_str"),
    [
        ("0123abcd-req", "404: Event not found [request id 0123abcd-req]"),
        (None, "404: Event not found"),
    ],
    ids=["with-request-id", "without-request-id"],
)
def test_request_id_is_kept_and_shown(request_id: str | None, expected_str: str) -> None:
    """The request id is stored on the error and quoted in str(error) for support."""
    error = api_error(404, _json({"message": "Event not found"}), request_id=request_id)

    assert (request_id, expected_str) == (error.request_id, str(error))


@pytest.mark.parametrize(
    "status", [400, 401, 403, 404, 418, 422, 429, 500, 503], ids=lambda s: str(s)
)
def test_every_mapped_error_keeps_the_request_id(status: int) -> None:
    """No branch of the mapping drops the request id."""
    error = api_error(status, b"", request_id="rid-9")

    assert ("rid-9", f"{status}: HTTP {status} [request id rid-9]") == (
        error.request_id,
        str(error),
    )


def test_prefix_is_put_before_the_message() -> None:
    """A prefix (such as `token endpoint: `) leads the message."""
    error = api_error(503, _json({"message": "down"}), request_id=None, prefix="token endpoint: ")

    assert "token endpoint: down" == error.message


def test_error_message_of_plain_values() -> None:
    """error_message reads dicts and text, and falls back to the status for anything else."""
    assert ["m", "text", "HTTP 500", "HTTP 500"] == [
        error_message({"message": "m"}, 500),
        error_message(" text ", 500),
        error_message(None, 500),
        error_message(42, 500),
    ]
