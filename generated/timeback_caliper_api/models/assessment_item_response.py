"""AssessmentItemResponse: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions


class AssessmentItemResponse(Model):
    """The learner's answer to a question (Caliper `Response`).

    Attributes:
        id (wire `id`, required)
        type (wire `type`, required)
        context (wire `@context`): The JSON-LD context. As a string it must be the Caliper 1.2 context; as a list
            the Caliper 1.2 context must come last, after the contexts (IRIs or objects)
            that extend it with terms of their own (Caliper 1.2, 4.1: they may not redefine
            Caliper's).
        attempt (wire `attempt`): An entity, either as its IRI or as an object with at least `id` and `type`.
        started_at_time (wire `startedAtTime`): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction
            and offset. Kept as a string so that it travels byte for byte.
        ended_at_time (wire `endedAtTime`): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction
            and offset. Kept as a string so that it travels byte for byte.
        duration (wire `duration`): An ISO 8601 duration, for example `PT45S`.
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "AssessmentItemResponse"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", "Response"),
        ("context", "@context", "any", False, "", None),
        ("attempt", "attempt", "any", False, "", None),
        ("started_at_time", "startedAtTime", "str", False, "", None),
        ("ended_at_time", "endedAtTime", "str", False, "", None),
        ("duration", "duration", "str", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    context: Any | None
    attempt: Any | None
    started_at_time: str | None
    ended_at_time: str | None
    duration: str | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = "Response",
        context: Any | None = None,
        attempt: Any | None = None,
        started_at_time: str | None = None,
        ended_at_time: str | None = None,
        duration: str | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "type": type,
                "context": context,
                "attempt": attempt,
                "started_at_time": started_at_time,
                "ended_at_time": ended_at_time,
                "duration": duration,
                "extensions": extensions,
            },
            extra,
            raw,
        )
