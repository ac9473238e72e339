"""What the client returns: small frozen values, read tolerantly from the API's JSON.

Tolerant because the real API is only partly documented: a missing optional field reads
as None, an unknown job state is kept (and flagged), unknown keys are ignored but kept in
`raw`, so nothing the server sent is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from timeback_caliper._core.errors import issues_from_wire, message_of
from timeback_caliper._core.jobs import COMPLETED, FAILED, KNOWN_STATES
from timeback_caliper._core.validation import Issue

__all__ = [
    "AllocatedEvent",
    "EventsPage",
    "JobResult",
    "JobStatus",
    "Pagination",
    "SendResult",
    "StoredEvent",
    "TokenInfo",
    "ValidationResult",
]


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@frozen
class SendResult:
    """The reply to a send: the job to follow, and the request id to quote to support."""

    job_id: str | None
    status: str = "success"
    message: str | None = None
    request_id: str | None = None

    @classmethod
    def from_wire(cls, body: Mapping[str, Any], *, request_id: str | None = None) -> SendResult:
        job_id = body.get("jobId")
        return cls(
            job_id=str(job_id) if isinstance(job_id, (str, int)) else None,
            status=_str(body.get("status")) or "success",
            message=_str(body.get("message")),
            request_id=request_id,
        )


@frozen
class ValidationResult:
    """The verdict of `validate()`: `ok`, or the issues (a 400 is a result, not an error)."""

    status: str
    message: str | None = None
    errors: list[Issue] = field(factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "success"

    @classmethod
    def from_wire(cls, body: Mapping[str, Any]) -> ValidationResult:
        return cls(
            status=_str(body.get("status")) or "error",
            message=message_of(body),
            errors=issues_from_wire(body.get("errors")),
        )


@frozen
class StoredEvent:
    """An event as the API stores it.

    `id` is the database id (a job result's `allocated_id`); `external_id` is the event's own
    Caliper `id`. `actor`, `object`, `generated` and the other entity fields hold what was
    sent. `raw` is the whole JSON object, and `to_dict()` returns it.
    """

    id: int | None
    external_id: str
    sensor: str | None
    type: str | None
    action: str | None
    event_time: str | None
    send_time: str | None
    profile: str | None
    created_at: str | None
    actor: Any
    object: Any
    generated: Any
    extensions: Any
    client_app_id: str | None
    raw: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_wire(cls, body: Mapping[str, Any]) -> StoredEvent:
        return cls(
            id=_int(body.get("id")),
            external_id=str(body.get("externalId", "")),
            sensor=_str(body.get("sensor")),
            type=_str(body.get("type")),
            action=_str(body.get("action")),
            event_time=_str(body.get("eventTime")),
            send_time=_str(body.get("sendTime")),
            profile=_str(body.get("profile")),
            created_at=_str(body.get("created_at")),
            actor=body.get("actor"),
            object=body.get("object"),
            generated=body.get("generated"),
            extensions=body.get("extensions"),
            client_app_id=_str(body.get("clientAppId")),
            raw=body,
        )

    def to_dict(self) -> dict[str, Any]:
        """The event exactly as the API returned it."""
        return dict(self.raw)


@frozen
class Pagination:
    """`total` may be None if the server did not say; then paging stops after the page."""

    total: int | None
    total_pages: int | None = None
    current_page: int | None = None
    limit: int | None = None

    @classmethod
    def from_wire(cls, body: object) -> Pagination | None:
        if not isinstance(body, Mapping):
            return None
        return cls(
            total=_int(body.get("total")),
            total_pages=_int(body.get("totalPages")),
            current_page=_int(body.get("currentPage")),
            limit=_int(body.get("limit")),
        )


@frozen
class EventsPage:
    """One page of `list()`; `next_offset` is where the next page starts, or None at the end."""

    events: list[StoredEvent]
    pagination: Pagination | None
    offset: int
    next_offset: int | None


@frozen
class AllocatedEvent:
    allocated_id: str
    external_id: str


@frozen
class JobResult:
    """A completed job's `returnValue`: one entry per event of the envelope."""

    status: str
    results: list[AllocatedEvent]

    @classmethod
    def from_wire(cls, body: object) -> JobResult | None:
        if not isinstance(body, Mapping):
            return None
        results = body.get("results")
        return cls(
            status=_str(body.get("status")) or "success",
            results=[
                AllocatedEvent(str(r.get("allocatedId", "")), str(r.get("externalId", "")))
                for r in (results if isinstance(results, list) else [])
                if isinstance(r, Mapping)
            ],
        )


@frozen
class JobStatus:
    """A processing job. `state` is kept as the server sent it, even if this client does not
    know it (`known_state` is then False and the job is treated as still pending)."""

    id: str
    state: str
    return_value: JobResult | None = None
    processed_on: str | None = None
    failed_reason: str | None = None

    @property
    def known_state(self) -> bool:
        return self.state in KNOWN_STATES

    @property
    def is_completed(self) -> bool:
        return self.state == COMPLETED

    @property
    def is_failed(self) -> bool:
        return self.state == FAILED

    @classmethod
    def from_wire(cls, body: Mapping[str, Any]) -> JobStatus:
        job = body.get("job", body)  # the vendor client also accepts the bare job object
        if not isinstance(job, Mapping):
            job = {}
        reason = job.get("failedReason")
        return cls(
            id=str(job.get("id", "")),
            state=str(job.get("state", "unknown")),
            return_value=JobResult.from_wire(job.get("returnValue")),
            processed_on=_str(job.get("processedOn")),
            failed_reason=reason if isinstance(reason, str) else None,
        )


@frozen
class TokenInfo:
    """What `check_auth()` learnt: the credentials work, and for how long a token lasts.

    `token` is the access token itself; it is left out of the repr.
    """

    expires_in: float
    scope: str | None
    token: str = field(repr=False)
