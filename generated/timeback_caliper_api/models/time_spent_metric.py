"""TimeSpentMetric: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions


class TimeSpentMetric(Model):
    """Seconds of one kind of time. The keys are camelCase on the wire.

    Attributes:
        type (wire `type`, required)
        value (wire `value`, required): Seconds.
        sub_type (wire `subType`): A finer kind, for example `eating`.
        start_date (wire `startDate`): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction
            and offset. Kept as a string so that it travels byte for byte.
        end_date (wire `endDate`): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction
            and offset. Kept as a string so that it travels byte for byte.
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "TimeSpentMetric"
    _fields: ClassVar[Fields] = (
        ("type", "type", "str", True, "", None),
        ("value", "value", "float", False, "", None),
        ("sub_type", "subType", "str", False, "", None),
        ("start_date", "startDate", "str", False, "", None),
        ("end_date", "endDate", "str", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    type: str
    value: float | None
    sub_type: str | None
    start_date: str | None
    end_date: str | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        type: str | None = None,
        value: float | None = None,
        sub_type: str | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "type": type,
                "value": value,
                "sub_type": sub_type,
                "start_date": start_date,
                "end_date": end_date,
                "extensions": extensions,
            },
            extra,
            raw,
        )
