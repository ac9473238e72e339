"""TimebackCourse: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions


class TimebackCourse(Model):
    """TimebackCourse

    Attributes:
        name (wire `name`, required)
        id (wire `id`): Ideally the OneRoster course URL.
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "TimebackCourse"
    _fields: ClassVar[Fields] = (
        ("name", "name", "str", True, "", None),
        ("id", "id", "str", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    name: str
    id: str | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "name": name,
                "id": id,
                "extensions": extensions,
            },
            extra,
            raw,
        )
