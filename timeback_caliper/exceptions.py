"""Every error the client raises: one hierarchy under `CaliperError`.

No httpx or generated-code exception escapes the client; each is mapped here. Messages and
reprs never contain a token or a client secret.

    CaliperError (also TimebackError)
    ├── ConfigurationError (also ValueError)        bad client settings
    ├── ApiError (also APIError)                    the API refused, or, as in the vendor's
    │   │                                           client, the call could not be made
    │   ├── AuthenticationError                     401, or the token endpoint refused
    │   ├── ForbiddenError                          403
    │   ├── NotFoundError                           404
    │   ├── ValidationError                         400 / 422 with the server's issues
    │   ├── RateLimitError                          429, with retry_after
    │   ├── ServerError                             5xx
    │   ├── InputValidationError (also ValueError)  bad input, found before any I/O
    │   ├── UnsupportedOperationError               not offered on this platform
    │   └── JobFailedError                          a job ended in `failed`
    ├── CaliperTimeoutError (also TimeoutError)     the operation's deadline passed
    │   └── JobTimeoutError                         a job did not finish in time
    ├── TransportError (also ConnectionError)       no usable HTTP response
    ├── BatchSendError                              a batch send stopped part way
    ├── QueueFullError                              the background sender's queue is full
    └── SpoolError                                  the sender's spool file cannot be used
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeback_caliper._core.validation import Issue
    from timeback_caliper.types import JobStatus, SendResult

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BatchSendError",
    "CaliperError",
    "CaliperTimeoutError",
    "ConfigurationError",
    "ForbiddenError",
    "InputValidationError",
    "JobFailedError",
    "JobTimeoutError",
    "NotFoundError",
    "QueueFullError",
    "RateLimitError",
    "ServerError",
    "SpoolError",
    "TransportError",
    "UnsupportedOperationError",
    "ValidationError",
    "create_input_validation_error",
]


def __getattr__(name: str) -> Any:  # the vendor's names that live elsewhere here
    from timeback_caliper._vendor import lookup

    return lookup(__name__, name)


class CaliperError(Exception):
    """Base of every error raised by timeback_caliper."""


class ConfigurationError(CaliperError, ValueError):
    """The client cannot be built from the given settings (a URL or a credential is missing)."""


class ApiError(CaliperError):
    """The API answered with an error status.

    Attributes:
        status_code: the HTTP status.
        message: the server's message (the first of `message`, `error`,
            `error_description` and `imsx_description`).
        body: the parsed JSON body, or the text of a non-JSON body (at most 2,000 chars);
            also `response`, the vendor client's name.
        request_id: the `X-Request-ID` this client sent, to quote to support.
        ambiguous: True when this failed a send that may have been carried out (500, 502,
            504) and was not resent (`RetryPolicy(retry_ambiguous=False)`): the events may
            or may not be stored.

    The constructors also take the vendor client's positional forms (`ApiError(message,
    status_code, response)`, `AuthenticationError(message, response)`, ...).
    """

    default_message = "API error"
    default_status: int | None = None
    ambiguous = False

    def __init__(
        self,
        message: str | None = None,
        status_code: int | None = None,
        response: Any = None,
        *,
        body: Any = None,
        request_id: str | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.status_code = status_code if status_code is not None else self.default_status
        self.body = body if body is not None else response
        self.request_id = request_id
        suffix = f" [request id {request_id}]" if request_id else ""
        status = f"{self.status_code}: " if self.status_code is not None else ""
        super().__init__(f"{status}{self.message}{suffix}")

    @property
    def response(self) -> Any:
        """The error body (the vendor client's name for `body`)."""
        return self.body

    @property
    def minor_codes(self) -> list[dict[str, str]]:
        """The IMS `imsx_CodeMinor` fields of the body, as `{field, value}` (vendor client)."""
        minor = self.body.get("imsx_CodeMinor") if isinstance(self.body, dict) else None
        fields = minor.get("imsx_codeMinorField") if isinstance(minor, dict) else None
        return [
            {
                "field": str(f.get("imsx_codeMinorFieldName", "")),
                "value": str(f.get("imsx_codeMinorFieldValue", "")),
            }
            for f in (fields if isinstance(fields, list) else [])
            if isinstance(f, dict)
        ]

    @property
    def details(self) -> list[Any]:
        """The IMS `imsx_error_details` of the body (vendor client)."""
        details = self.body.get("imsx_error_details") if isinstance(self.body, dict) else None
        return details if isinstance(details, list) else []


class InputValidationError(ApiError, ValueError):
    """The input breaks a rule; nothing was sent.

    `issues` lists every problem with the JSON path of the offending value
    (`data[3].generated.items[0].type`) and the rule it breaks. As in the vendor client, it
    is an `ApiError` with `status_code` 400, and `response` / `details` give the problems
    in the IMS error shape, though no request was made (`request_id` is None).
    """

    def __init__(self, message: str, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        self.message, self.status_code, self.request_id = message, 400, None
        self.body = {
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": message,
            "imsx_error_details": [{"path": i.path, "message": i.message} for i in self.issues],
        }
        details = "; ".join(str(i) for i in self.issues[:5])
        more = f" (and {len(self.issues) - 5} more)" if len(self.issues) > 5 else ""
        Exception.__init__(self, f"{message}: {details}{more}" if details else message)


def create_input_validation_error(message: str, issues: Sequence[Issue]) -> InputValidationError:
    """The vendor client's way to make an InputValidationError."""
    return InputValidationError(message, issues)


class UnsupportedOperationError(ApiError):
    """The platform does not offer this operation (LEARNWITH_AI is send-only); nothing was
    sent (an `ApiError` without a status, as in the vendor client)."""

    def __init__(self, operation: str, platform: str | None = None) -> None:
        self.operation = operation
        where = f"{platform}, which is send-only" if platform else "this platform"
        super().__init__(f"{operation}() is not supported on {where}")


class _FixedStatus(ApiError):
    """An ApiError of one status: the vendor's positional form is (message, response)."""

    def __init__(
        self,
        message: str | None = None,
        response: Any = None,
        *,
        status_code: int | None = None,
        body: Any = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, status_code, response=response, body=body, request_id=request_id)


class AuthenticationError(_FixedStatus):
    """401 from the API (after one retry with a fresh token), or a refused token request."""

    default_message, default_status = "Unauthorized", 401


class ForbiddenError(_FixedStatus):
    """403: the credentials are valid but lack the permission or scope."""

    default_message, default_status = "Forbidden", 403


class NotFoundError(_FixedStatus):
    """404: no such event or job."""

    default_message, default_status = "Not Found", 404


class ValidationError(_FixedStatus):
    """400 or 422: the server refused the request; `issues` holds its `{path, message}` list."""

    default_message, default_status = "Validation Error", 422

    def __init__(
        self,
        message: str | None = None,
        response: Any = None,
        *,
        status_code: int | None = None,
        body: Any = None,
        request_id: str | None = None,
        issues: Sequence[Issue] = (),
    ) -> None:
        super().__init__(
            message, response, status_code=status_code, body=body, request_id=request_id
        )
        self.issues = list(issues)


class RateLimitError(_FixedStatus):
    """429: too many requests; `retry_after` is the server's hint in seconds, if it gave one."""

    default_message, default_status = "Rate limit exceeded", 429

    def __init__(
        self,
        message: str | None = None,
        response: Any = None,
        *,
        status_code: int | None = None,
        body: Any = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            message, response, status_code=status_code, body=body, request_id=request_id
        )
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx: the server or a gateway failed (retried before this is raised)."""

    default_message, default_status = "Server error", 500


class CaliperTimeoutError(CaliperError, TimeoutError):
    """The operation's deadline passed; `last_status_code` is the last HTTP status seen, if any."""

    def __init__(
        self,
        message: str,
        *,
        last_status_code: int | None = None,
        request_id: str | None = None,
    ) -> None:
        self.message = message
        self.last_status_code = last_status_code
        self.request_id = request_id
        super().__init__(message)


class JobTimeoutError(CaliperTimeoutError):
    """A job was still pending at the deadline; `last_status` is the last status polled."""

    def __init__(self, message: str, *, job_id: str, last_status: JobStatus | None) -> None:
        super().__init__(message)
        self.job_id = job_id
        self.last_status = last_status


class TransportError(CaliperError, ConnectionError):
    """No usable HTTP response: connection refused or dropped, TLS or protocol failure.

    `ambiguous` is True when the connection was lost after a send went out and it was not
    resent (`RetryPolicy(retry_ambiguous=False)`): the events may or may not be stored.
    """

    def __init__(
        self, message: str, *, request_id: str | None = None, ambiguous: bool = False
    ) -> None:
        self.message = message
        self.request_id = request_id
        self.ambiguous = ambiguous
        super().__init__(message)


class JobFailedError(ApiError):
    """The job ended in state `failed`; `reason` is the server's `failedReason`, if any
    (the vendor client's `JobFailedError(job_id, error)` form works too; an `ApiError`
    without a status, as there)."""

    def __init__(
        self, job_id: str, error: str | None = None, status: JobStatus | None = None
    ) -> None:
        self.job_id = job_id
        self.reason = error
        self.status = status
        super().__init__(f"Job {job_id} failed" + (f": {error}" if error else ""))


class BatchSendError(CaliperError):
    """A batch send stopped at a failed batch.

    `results` holds the replies of the batches sent before it, in order (their events are
    accepted); `failed_index` is the position, in the input, of the failed batch's first
    event. The original error is `__cause__`.
    """

    def __init__(self, message: str, *, results: Sequence[SendResult], failed_index: int) -> None:
        self.results = list(results)
        self.failed_index = failed_index
        super().__init__(message)


class QueueFullError(CaliperError):
    """The background sender's queue (or spool) is full (overflow "raise" or "block")."""


class SpoolError(CaliperError):
    """The background sender's spool (a file, or a PostgreSQL outbox) cannot be used:
    `path` names it (a URL without its password), `reason` says why in one word
    ("missing-directory", "not-a-spool", "corrupt", "read-only", "full", "locked", "io",
    "closed"; for PostgreSQL also "unavailable": the database cannot be reached now, which
    senders and relays wait out, and "bad-url", "refused": what no wait can fix), and the
    message in words (a SQLite error is `__cause__`; a database driver's words are in the
    message, without the password, and it has no `__cause__`)."""

    def __init__(self, path: str, reason: str, message: str) -> None:
        self.path = path
        self.reason = reason
        self.message = f"spool {path}: {message}"
        super().__init__(self.message)
