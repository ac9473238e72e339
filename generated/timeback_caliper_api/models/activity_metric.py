"""ActivityMetric: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions


class ActivityMetric(Model):
    """ActivityMetric

    Attributes:
        type (wire `type`, required)
        value (wire `value`, required): May be a decimal; a negative `xpEarned` corrects an earlier event.
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "ActivityMetric"
    _fields: ClassVar[Fields] = (
        ("type", "type", "str", True, "", None),
        ("value", "value", "float", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    type: str
    value: float | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        type: str | None = None,
        value: float | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "type": type,
                "value": value,
                "extensions": extensions,
            },
            extra,
            raw,
        )
