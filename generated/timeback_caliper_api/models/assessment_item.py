"""AssessmentItem: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions


class AssessmentItem(Model):
    """A question.

    Attributes:
        id (wire `id`, required)
        type (wire `type`, required)
        context (wire `@context`): The JSON-LD context. As a string it must be the Caliper 1.2 context; as a list
            the Caliper 1.2 context must come last, after the contexts (IRIs or objects)
            that extend it with terms of their own (Caliper 1.2, 4.1: they may not redefine
            Caliper's).
        name (wire `name`)
        is_part_of (wire `isPartOf`): An entity, either as its IRI or as an object with at least `id` and `type`.
        max_score (wire `maxScore`)
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "AssessmentItem"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", "AssessmentItem"),
        ("context", "@context", "any", False, "", None),
        ("name", "name", "str", False, "", None),
        ("is_part_of", "isPartOf", "any", False, "", None),
        ("max_score", "maxScore", "float", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    context: Any | None
    name: str | None
    is_part_of: Any | None
    max_score: float | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = "AssessmentItem",
        context: Any | None = None,
        name: str | None = None,
        is_part_of: Any | None = None,
        max_score: float | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "type": type,
                "context": context,
                "name": name,
                "is_part_of": is_part_of,
                "max_score": max_score,
                "extensions": extensions,
            },
            extra,
            raw,
        )
