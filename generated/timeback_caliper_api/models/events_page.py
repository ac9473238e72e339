"""EventsPage: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.pagination import Pagination
    from ..models.stored_event import StoredEvent


class EventsPage(Model):
    """EventsPage

    Attributes:
        events (wire `events`, required)
        pagination (wire `pagination`, required): `total` matching events; `limit` echoes the page size; `currentPage` is 1-based
            (`offset // limit + 1`); `totalPages` is `ceil(total / limit)`. Clients must
            tolerate a missing `total` (paging then stops after the page), so none is
            `required`.
    """

    _schema: ClassVar[str] = "EventsPage"
    _fields: ClassVar[Fields] = (
        ("events", "events", "list:model", True, "StoredEvent", None),
        ("pagination", "pagination", "model", False, "Pagination", None),
    )
    events: list[StoredEvent]
    pagination: Pagination | None

    def __init__(
        self,
        *,
        events: Sequence[StoredEvent | Mapping[str, Any]] | None = None,
        pagination: Pagination | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "events": events,
                "pagination": pagination,
            },
            extra,
            raw,
        )
