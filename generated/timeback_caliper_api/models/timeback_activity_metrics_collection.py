"""TimebackActivityMetricsCollection: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.activity_metric import ActivityMetric
    from ..models.extensions import Extensions


class TimebackActivityMetricsCollection(Model):
    """TimebackActivityMetricsCollection

    Attributes:
        id (wire `id`, required)
        type (wire `type`, required)
        items (wire `items`, required)
        attempt (wire `attempt`): The attempt number (1 by default on the server).
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "TimebackActivityMetricsCollection"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", "TimebackActivityMetricsCollection"),
        ("items", "items", "list:model", True, "ActivityMetric", None),
        ("attempt", "attempt", "int", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    items: list[ActivityMetric]
    attempt: int | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = "TimebackActivityMetricsCollection",
        items: Sequence[ActivityMetric | Mapping[str, Any]] | None = None,
        attempt: int | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "type": type,
                "items": items,
                "attempt": attempt,
                "extensions": extensions,
            },
            extra,
            raw,
        )
