"""Score: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions


class Score(Model):
    """The grade given to an attempt.

    Attributes:
        id (wire `id`, required)
        type (wire `type`, required)
        score_given (wire `scoreGiven`, required)
        context (wire `@context`): The JSON-LD context. As a string it must be the Caliper 1.2 context; as a list
            the Caliper 1.2 context must come last, after the contexts (IRIs or objects)
            that extend it with terms of their own (Caliper 1.2, 4.1: they may not redefine
            Caliper's).
        attempt (wire `attempt`): An entity, either as its IRI or as an object with at least `id` and `type`.
        scored_by (wire `scoredBy`): An entity, either as its IRI or as an object with at least `id` and `type`.
        max_score (wire `maxScore`)
        comment (wire `comment`)
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "Score"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", "Score"),
        ("score_given", "scoreGiven", "float", False, "", None),
        ("context", "@context", "any", False, "", None),
        ("attempt", "attempt", "any", False, "", None),
        ("scored_by", "scoredBy", "any", False, "", None),
        ("max_score", "maxScore", "float", False, "", None),
        ("comment", "comment", "str", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    score_given: float | None
    context: Any | None
    attempt: Any | None
    scored_by: Any | None
    max_score: float | None
    comment: str | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = "Score",
        score_given: float | None = None,
        context: Any | None = None,
        attempt: Any | None = None,
        scored_by: Any | None = None,
        max_score: float | None = None,
        comment: str | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "type": type,
                "score_given": score_given,
                "context": context,
                "attempt": attempt,
                "scored_by": scored_by,
                "max_score": max_score,
                "comment": comment,
                "extensions": extensions,
            },
            extra,
            raw,
        )
