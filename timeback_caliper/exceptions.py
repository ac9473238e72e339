"""Every error the client raises: one hierarchy under `CaliperError`.

No httpx or generated-code exception escapes the client; each is mapped here. Messages and
reprs never contain a token or a client secret.

    CaliperError
    ├── ConfigurationError (also ValueError)        bad client settings
    ├── InputValidationError (also ValueError)      bad input, found before any I/O
    ├── UnsupportedOperationError                   not offered on this platform
    ├── ApiError                                    the API answered with an error status
    │   ├── AuthenticationError                     401, or the token endpoint refused
    │   ├── ForbiddenError                          403
    │   ├── NotFoundError                           404
    │   ├── ValidationError                         400 / 422 with the server's issues
    │   ├── RateLimitError                          429, with retry_after
    │   └── ServerError                             5xx
    ├── CaliperTimeoutError (also TimeoutError)     the operation's deadline passed
    │   └── JobTimeoutError                         a job did not finish in time
    ├── TransportError (also ConnectionError)       no usable HTTP response
    ├── JobFailedError                              a job ended in `failed`
    ├── BatchSendError                              a batch send stopped part way
    └── QueueFullError                              the background sender's queue is full
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
    "TransportError",
    "UnsupportedOperationError",
    "ValidationError",
]


class CaliperError(Exception):
    """Base of every error raised by timeback_caliper."""


class ConfigurationError(CaliperError, ValueError):
    """The client cannot be built from the given settings (a URL or a credential is missing)."""


class InputValidationError(CaliperError, ValueError):
    """The input breaks a rule; nothing was sent.

    `issues` lists every problem with the JSON path of the offending value
    (`data[3].generated.items[0].type`) and the rule it breaks.
    """

    def __init__(self, message: str, issues: Sequence[Issue]) -> None:
        self.message = message
        self.issues = list(issues)
        details = "; ".join(str(i) for i in self.issues[:5])
        more = f" (and {len(self.issues) - 5} more)" if len(self.issues) > 5 else ""
        super().__init__(f"{message}: {details}{more}" if details else message)


class UnsupportedOperationError(CaliperError):
    """The platform does not offer this operation (LEARNWITH_AI is send-only)."""


class ApiError(CaliperError):
    """The API answered with an error status.

    Attributes:
        status_code: the HTTP status.
        message: the server's message (the first of `message`, `error`,
            `error_description` and `imsx_description`).
        body: the parsed JSON body, or the text of a non-JSON body (at most 2,000 chars).
        request_id: the `X-Request-ID` this client sent, to quote to support.
    """

    def __init__(
        self, message: str, *, status_code: int, body: Any = None, request_id: str | None = None
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.body = body
        self.request_id = request_id
        suffix = f" [request id {request_id}]" if request_id else ""
        super().__init__(f"{status_code}: {message}{suffix}")


class AuthenticationError(ApiError):
    """401 from the API (after one retry with a fresh token), or a refused token request."""


class ForbiddenError(ApiError):
    """403: the credentials are valid but lack the permission or scope."""


class NotFoundError(ApiError):
    """404: no such event or job."""


class ValidationError(ApiError):
    """400 or 422: the server refused the request; `issues` holds its `{path, message}` list."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: Any = None,
        request_id: str | None = None,
        issues: Sequence[Issue] = (),
    ) -> None:
        super().__init__(message, status_code=status_code, body=body, request_id=request_id)
        self.issues = list(issues)


class RateLimitError(ApiError):
    """429: too many requests; `retry_after` is the server's hint in seconds, if it gave one."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int = 429,
        body: Any = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status_code=status_code, body=body, request_id=request_id)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx: the server or a gateway failed (retried before this is raised)."""


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
    """No usable HTTP response: connection refused or dropped, TLS or protocol failure."""

    def __init__(self, message: str, *, request_id: str | None = None) -> None:
        self.message = message
        self.request_id = request_id
        super().__init__(message)


class JobFailedError(CaliperError):
    """The job ended in state `failed`; `reason` is the server's `failedReason`, if any."""

    def __init__(self, job_id: str, reason: str | None, status: JobStatus) -> None:
        self.job_id = job_id
        self.reason = reason
        self.status = status
        super().__init__(f"job {job_id} failed: {reason or 'no reason given'}")


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
