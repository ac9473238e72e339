"""JobResultItem: generated from the spec's schema; do not edit."""

from __future__ import annotations

from typing import Any, ClassVar

from ..types import Fields, Model


class JobResultItem(Model):
    """JobResultItem

    Attributes:
        allocated_id (wire `allocatedId`, required): The stored row's `id`, as a string.
        external_id (wire `externalId`, required): The event's own Caliper `id`.
    """

    _schema: ClassVar[str] = "JobResultItem"
    _fields: ClassVar[Fields] = (
        ("allocated_id", "allocatedId", "str", True, "", None),
        ("external_id", "externalId", "str", True, "", None),
    )
    allocated_id: str
    external_id: str

    def __init__(
        self,
        *,
        allocated_id: str | None = None,
        external_id: str | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "allocated_id": allocated_id,
                "external_id": external_id,
            },
            extra,
            raw,
        )
