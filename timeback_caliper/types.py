"""What the client returns: small frozen values, read tolerantly from the API's JSON.

Tolerant because the real API is only partly documented, and its replies may grow: a
missing or ill-typed field reads as None (an id sent as "7" reads as 7), an unknown job
state is kept (and flagged), and every value keeps `raw`, the JSON object it was read
from, so nothing the server sent is lost. No reply shape makes these raise.

The names the vendor's client uses for the same results are aliases here
(`SendEventsResult`, `EventResult`, `JobReturnValue`, `ListEventsResult`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from timeback_caliper._core.errors import issues_from_wire, message_of
from timeback_caliper._core.jobs import COMPLETED, FAILED, KNOWN_STATES
from timeback_caliper._core.validation import Issue
from timeback_caliper._core.vocabulary import CALIPER_CONTEXT, DATA_VERSION
from timeback_caliper._models import vendor_keywords

__all__ = [
    "AllocatedEvent",
    "CaliperEnvelope",
    "EventResult",
    "EventsPage",
    "JobResult",
    "JobReturnValue",
    "JobStatus",
    "ListEventsResult",
    "Pagination",
    "SendEventsResult",
    "SendResult",
    "StoredEvent",
    "TokenInfo",
    "ValidationResult",
]

_EMPTY: Mapping[str, Any] = {}
# The vendor's `timeback_caliper.types` is a package (`.types.timeback`, `.types.api`) that
# also holds its input models: `_vendor` serves both.
__path__: list[str] = []


def __getattr__(name: str) -> Any:
    from timeback_caliper._vendor import lookup

    return lookup(__name__, name)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: object) -> int | None:
    """A whole number, also when the server sends it as a decimal string ("7")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.strip().isdigit():
        return int(value)
    return None


def _id(value: object) -> str | None:
    """An id as text, whether the server sent a string or a number."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else _EMPTY


@frozen
class SendResult:
    """The reply to a send: the job to follow, and the request id to quote to support.

    `raw` is the reply's JSON object ({} when the body was not one).
    """

    job_id: str | None
    status: str = "success"
    message: str | None = None
    request_id: str | None = None
    errors: list[Issue] = field(factory=list)
    raw: Mapping[str, Any] = field(factory=dict, repr=False)

    @classmethod
    def from_wire(cls, body: object, *, request_id: str | None = None) -> SendResult:
        reply = _map(body)
        return cls(
            job_id=_id(reply.get("jobId")),
            status=_str(reply.get("status")) or "success",
            message=_str(reply.get("message")),
            request_id=request_id,
            errors=issues_from_wire(reply.get("errors")),
            raw=reply,
        )


SendEventsResult = SendResult


@frozen
class ValidationResult:
    """The verdict of `validate()`: `ok`, or the issues (a 400 is a result, not an error)."""

    status: str
    message: str | None = None
    errors: list[Issue] = field(factory=list)
    raw: Mapping[str, Any] = field(factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return self.status == "success"

    @classmethod
    def from_wire(cls, body: object) -> ValidationResult:
        reply = _map(body)
        return cls(
            status=_str(reply.get("status")) or "error",
            message=message_of(reply),
            errors=issues_from_wire(reply.get("errors")),
            raw=reply,
        )


# What the API adds to an event it stores (not Caliper properties).
STORE_FIELDS = frozenset(
    {
        "id",
        "externalId",
        "sensor",
        "sendTime",
        "created_at",
        "updated_at",
        "deleted_at",
        "clientAppId",
    }
)


def is_stored_event(document: object) -> bool:
    """A record of the events API (an exported line), not a Caliper event or envelope."""
    return (
        isinstance(document, Mapping)
        and isinstance(document.get("externalId"), str)
        and "sensor" in document
        and "data" not in document
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
    updated_at: str | None = None
    deleted_at: str | None = None
    target: Any = None
    referrer: Any = None
    ed_app: Any = None
    group: Any = None
    membership: Any = None
    session: Any = None
    federated_session: Any = None

    @classmethod
    def from_wire(cls, body: object) -> StoredEvent:
        event = _map(body)
        return cls(
            id=_int(event.get("id")),
            external_id=_id(event.get("externalId")) or "",
            sensor=_str(event.get("sensor")),
            type=_str(event.get("type")),
            action=_str(event.get("action")),
            event_time=_str(event.get("eventTime")),
            send_time=_str(event.get("sendTime")),
            profile=_str(event.get("profile")),
            created_at=_str(event.get("created_at")),
            actor=event.get("actor"),
            object=event.get("object"),
            generated=event.get("generated"),
            extensions=event.get("extensions"),
            client_app_id=_str(event.get("clientAppId")),
            raw=event,
            updated_at=_str(event.get("updated_at")),
            deleted_at=_str(event.get("deleted_at")),
            target=event.get("target"),
            referrer=event.get("referrer"),
            ed_app=event.get("edApp"),
            group=event.get("group"),
            membership=event.get("membership"),
            session=event.get("session"),
            federated_session=event.get("federatedSession"),
        )

    def to_dict(self) -> dict[str, Any]:
        """The event exactly as the API returned it."""
        return dict(self.raw)

    def to_caliper(self) -> dict[str, Any]:
        """The Caliper event again, as it was sent: its own `id`, without what the store
        added (the database id, the sensor, the store's times, the client app); absent
        properties left out. What `timeback-caliper send` makes of an exported line."""
        event: dict[str, Any] = {"@context": self.raw.get("@context", CALIPER_CONTEXT)}
        for key, value in self.raw.items():
            if key not in STORE_FIELDS and value is not None:
                event[key] = value
        event["id"] = self.external_id
        return event


@frozen
class Pagination:
    """`total` may be None if the server did not say; then paging stops after the page."""

    total: int | None
    total_pages: int | None = None
    current_page: int | None = None
    limit: int | None = None
    raw: Mapping[str, Any] = field(factory=dict, repr=False)

    @classmethod
    def from_wire(cls, body: object) -> Pagination | None:
        if not isinstance(body, Mapping):
            return None
        return cls(
            total=_int(body.get("total")),
            total_pages=_int(body.get("totalPages")),
            current_page=_int(body.get("currentPage")),
            limit=_int(body.get("limit")),
            raw=body,
        )


@frozen
class EventsPage:
    """One page of `list()`; `next_offset` is where the next page starts, or None at the end.

    Also read as the vendor client's `ListEventsResult` (`events`, `pagination`) and
    `PageResult` (`data`, `has_more`, `total`, `next_offset`).
    """

    events: list[StoredEvent]
    pagination: Pagination | None
    offset: int
    next_offset: int | None
    raw: Mapping[str, Any] = field(factory=dict, repr=False)

    @property
    def data(self) -> list[StoredEvent]:
        return self.events

    @property
    def has_more(self) -> bool:
        return self.next_offset is not None

    @property
    def total(self) -> int | None:
        return self.pagination.total if self.pagination else None


ListEventsResult = EventsPage


@frozen
class AllocatedEvent:
    """One stored event of a job: the id the API gave it, and the event's own id."""

    allocated_id: str
    external_id: str

    @classmethod
    def from_wire(cls, body: object) -> AllocatedEvent:
        result = _map(body)
        return cls(_id(result.get("allocatedId")) or "", _id(result.get("externalId")) or "")


EventResult = AllocatedEvent


@frozen
class JobResult:
    """A completed job's `returnValue`: one entry per event of the envelope."""

    status: str
    results: list[AllocatedEvent]
    raw: Mapping[str, Any] = field(factory=dict, repr=False)

    @classmethod
    def from_wire(cls, body: object) -> JobResult | None:
        if not isinstance(body, Mapping):
            return None
        results = body.get("results")
        return cls(
            status=_str(body.get("status")) or "success",
            results=[
                AllocatedEvent.from_wire(r)
                for r in (results if isinstance(results, list) else [])
                if isinstance(r, Mapping)
            ],
            raw=body,
        )


JobReturnValue = JobResult


@frozen
class JobStatus:
    """A processing job. `state` is kept as the server sent it, even if this client does not
    know it (`known_state` is then False and the job is treated as still pending)."""

    id: str
    state: str
    return_value: JobResult | None = None
    processed_on: str | None = None
    failed_reason: str | None = None
    raw: Mapping[str, Any] = field(factory=dict, repr=False)

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
        reply = _map(body)
        job = _map(reply.get("job", reply))  # the vendor client accepts the bare job too
        state = job.get("state")
        return cls(
            id=_id(job.get("id")) or "",
            state=state if isinstance(state, str) and state else "unknown",
            return_value=JobResult.from_wire(job.get("returnValue")),
            processed_on=_id(job.get("processedOn")),
            failed_reason=_str(job.get("failedReason")),
            raw=job,
        )


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


@vendor_keywords()
@frozen(kw_only=True)
class CaliperEnvelope:
    """A Caliper envelope, for `send_envelope()` (the vendor client's model; a dict does
    as well). `data` holds events and entities as JSON objects."""

    sensor: str
    send_time: str
    data: list[Any]
    data_version: str = DATA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "sensor": self.sensor,
            "sendTime": self.send_time,
            "dataVersion": self.data_version,
            "data": list(self.data),
        }
