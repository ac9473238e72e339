"""TimebackTimeSpentMetricsCollection: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions
    from ..models.time_spent_metric import TimeSpentMetric


class TimebackTimeSpentMetricsCollection(Model):
    """TimebackTimeSpentMetricsCollection

    Attributes:
        id (wire `id`, required)
        type (wire `type`, required)
        items (wire `items`, required)
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "TimebackTimeSpentMetricsCollection"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", "TimebackTimeSpentMetricsCollection"),
        ("items", "items", "list:model", True, "TimeSpentMetric", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    items: list[TimeSpentMetric]
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = "TimebackTimeSpentMetricsCollection",
        items: Sequence[TimeSpentMetric | Mapping[str, Any]] | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "type": type,
                "items": items,
                "extensions": extensions,
            },
            extra,
            raw,
        )
