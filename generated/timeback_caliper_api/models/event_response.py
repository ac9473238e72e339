"""EventResponse: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.stored_event import StoredEvent


class EventResponse(Model):
    """EventResponse

    Attributes:
        event (wire `event`, required): An event as stored. `id` is the database id (the job result's `allocatedId`, as
            an integer); `externalId` is the event's own Caliper `id`. The entity fields
            hold what was sent (an IRI string or an object). Timestamps of the row are
            snake_case, as the API returns them. The fields listed as required are always
            sent (the sandbox does; the vendor's client requires them too); the client still
            reads any reply.
    """

    _schema: ClassVar[str] = "EventResponse"
    _fields: ClassVar[Fields] = (
        ("event", "event", "model", False, "StoredEvent", None),
    )
    event: StoredEvent | None

    def __init__(
        self,
        *,
        event: StoredEvent | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "event": event,
            },
            extra,
            raw,
        )
