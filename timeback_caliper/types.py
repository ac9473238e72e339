"""What the client returns: the models generated from the spec's reply schemas, with the
conveniences no schema can say added here (each subclass stands for its schema wherever one
is read: a page's events are `StoredEvent`s of this module).

Generated models read any JSON without raising: a missing or ill-typed field reads as
None (as "" or [] where the schema requires it), an id sent as a number reads as text, a
count sent as "7" as 7, unknown fields are kept in `extra`, an unknown job state is kept,
and `raw` is the JSON object read. They take their fields by Python or wire name
(`job_id=` or `jobId=`), write their wire JSON (`to_dict()`) and have the pydantic-style
methods (`model_dump`, `model_dump_json`, `model_validate`, `model_copy`).

The vendor client's names of the same results (`SendEventsResult`, `EventResult`,
`ListEventsResult`) are served by `_vendor`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from timeback_caliper._core.errors import issue_of, message_of
from timeback_caliper._core.jobs import COMPLETED, FAILED, KNOWN_STATES
from timeback_caliper._core.vocabulary import CALIPER_CONTEXT
from timeback_caliper_api.models.envelope import Envelope
from timeback_caliper_api.models.error_issue import ErrorIssue as _ErrorIssue
from timeback_caliper_api.models.event import Event
from timeback_caliper_api.models.events_page import EventsPage as _EventsPage
from timeback_caliper_api.models.job import Job
from timeback_caliper_api.models.job_result_item import JobResultItem
from timeback_caliper_api.models.job_return_value import JobReturnValue
from timeback_caliper_api.models.pagination import Pagination
from timeback_caliper_api.models.send_result import SendResult as _SendResult
from timeback_caliper_api.models.stored_event import StoredEvent as _StoredEvent
from timeback_caliper_api.models.validation_result import ValidationResult as _ValidationResult

__all__ = [
    "AllocatedEvent",
    "CaliperEnvelope",
    "ErrorIssue",
    "EventsPage",
    "JobResult",
    "JobReturnValue",
    "JobStatus",
    "Pagination",
    "SendResult",
    "StoredEvent",
    "TokenInfo",
    "ValidationResult",
]

# The vendor's `timeback_caliper.types` is a package (`.types.timeback`, `.types.api`) that
# also holds its input models: `_vendor` serves both.
__path__: list[str] = []


def __getattr__(name: str) -> Any:
    from timeback_caliper._vendor import lookup

    return lookup(__name__, name)


class ErrorIssue(_ErrorIssue, stands_for_schema=True):
    """One problem the server named, also when it names it its own way: a zod-style path
    (`["data", 0, "id"]`), `field` for `path`, `reason` for `message`, or a bare string."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    @classmethod
    def reads(cls, value: object) -> bool:
        return True  # a bare string is an issue too

    @classmethod
    def from_dict(cls, src_dict: object) -> ErrorIssue:
        issue = super().from_dict(src_dict)
        issue.path, issue.message = issue_of(src_dict)
        return issue


class SendResult(_SendResult, stands_for_schema=True):
    """The reply to a send: the job to follow, and the request id to quote to support."""

    request_id: str | None = None

    @classmethod
    def from_wire(cls, body: object, *, request_id: str | None = None) -> SendResult:
        result = cls.from_dict(body)
        result.request_id = request_id
        return result


class ValidationResult(_ValidationResult, stands_for_schema=True):
    """The verdict of `validate()`: `ok`, or the issues (a 400 is a result, not an error)."""

    @property
    def ok(self) -> bool:
        return self.status == "success"

    @classmethod
    def from_dict(cls, src_dict: object) -> ValidationResult:
        result = super().from_dict(src_dict)
        result.status = result.status or "error"
        result.message = result.message or message_of(src_dict)
        return result

    from_wire = from_dict


# What the API adds to an event it stores, read from the two schemas: the store's fields
# that are not Caliper event properties, and its own database `id`.
STORE_FIELDS = frozenset(
    {wire for _, wire, *_ in _StoredEvent._fields} - {wire for _, wire, *_ in Event._fields}
) | {"id"}


def is_stored_event(document: object) -> bool:
    """A record of the events API (an exported line), not a Caliper event or envelope."""
    return (
        isinstance(document, Mapping)
        and isinstance(document.get("externalId"), str)
        and "sensor" in document
        and "data" not in document
    )


class StoredEvent(_StoredEvent, stands_for_schema=True):
    """An event as the API stores it. `id` is the database id (a job result's
    `allocated_id`); `external_id` is the event's own Caliper `id`; the entity fields hold
    what was sent; `to_dict()` is the JSON object exactly as the API returned it."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw) if self.raw else super().to_dict()

    def to_caliper(self) -> dict[str, Any]:
        """The Caliper event again, as it was sent: its own `id`, without what the store
        added (the database id, the sensor, the store's times, the client app); absent
        properties left out. What `timeback-caliper send` makes of an exported line."""
        stored = self.to_dict()
        event: dict[str, Any] = {"@context": stored.get("@context", CALIPER_CONTEXT)}
        for key, value in stored.items():
            if key not in STORE_FIELDS and value is not None:
                event[key] = value
        event["id"] = self.external_id
        return event


class EventsPage(_EventsPage, stands_for_schema=True):
    """One page of `list()`; `next_offset` is where the next page starts, or None at the end.

    Also read as the vendor client's `ListEventsResult` (`events`, `pagination`) and
    `PageResult` (`data`, `has_more`, `total`, `next_offset`).
    """

    events: list[StoredEvent]  # type: ignore[assignment]  # what is read is this module's
    offset: int = 0
    next_offset: int | None = None

    @property
    def data(self) -> list[StoredEvent]:
        return self.events

    @property
    def has_more(self) -> bool:
        return self.next_offset is not None

    @property
    def total(self) -> int | None:
        return self.pagination.total if self.pagination else None

    def placed(self, offset: int) -> EventsPage:
        """This page as asked for at `offset`: `next_offset` follows from its total."""
        self.offset = offset
        total = self.total
        if total is not None and self.events and offset + len(self.events) < total:
            self.next_offset = offset + len(self.events)
        return self


class JobStatus(Job, stands_for_schema=True):
    """A processing job. `state` is kept as the server sent it, even if this client does not
    know it (`known_state` is then False and the job is treated as still pending)."""

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
    def from_wire(cls, body: object) -> JobStatus:
        """The job of a status reply (`{"job": {...}}`, or the bare job, as the vendor
        client accepts too)."""
        job = body.get("job", body) if isinstance(body, Mapping) else body
        status = cls.from_dict(job)
        status.state = status.state or "unknown"
        return status


AllocatedEvent = JobResultItem
JobResult = JobReturnValue
CaliperEnvelope = Envelope  # for send_envelope() and validate(), as the vendor's model is


@frozen
class TokenInfo:
    """What `check_auth()` learnt: the credentials work, and for how long a token lasts.

    `token` is the access token itself; it is left out of the repr. `ok`, `latency_ms`,
    `checks` and `error` (also readable as `info["ok"]`, `info.get("error")`) are the vendor
    client's result keys.
    """

    expires_in: float
    scope: str | None
    token: str = field(repr=False)
    latency_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return True

    @property
    def checks(self) -> dict[str, bool]:
        return {"token_acquisition": True}

    @property
    def error(self) -> None:
        return None

    def __getitem__(self, key: str) -> object:
        if key in ("ok", "latency_ms", "expires_in", "scope", "checks", "error"):
            return getattr(self, key)
        raise KeyError(key)

    def get(self, key: str, default: object = None) -> object:
        """`info.get("error")`, as on the vendor's result (a dict)."""
        try:
            return self[key]
        except KeyError:
            return default
