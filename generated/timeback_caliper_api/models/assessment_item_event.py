"""AssessmentItemEvent: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.assessment_item import AssessmentItem
    from ..models.assessment_item_response import AssessmentItemResponse
    from ..models.extensions import Extensions


class AssessmentItemEvent(Model):
    """A question seen (`Started`), skipped (`Skipped`) or answered (`Completed`).

    Attributes:
        id (wire `id`, required)
        type (wire `type`, required)
        action (wire `action`, required)
        profile (wire `profile`, required)
        actor (wire `actor`, required): An entity, either as its IRI or as an object with at least `id` and `type`.
        object (wire `object`, required): A question.
        event_time (wire `eventTime`, required): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction
            and offset. Kept as a string so that it travels byte for byte.
        context (wire `@context`): The JSON-LD context. As a string it must be the Caliper 1.2 context; as a list
            the Caliper 1.2 context must come last, after the contexts (IRIs or objects)
            that extend it with terms of their own (Caliper 1.2, 4.1: they may not redefine
            Caliper's).
        generated (wire `generated`): The learner's answer to a question (Caliper `Response`).
        ed_app (wire `edApp`): An entity, either as its IRI or as an object with at least `id` and `type`.
        session (wire `session`): An entity, either as its IRI or as an object with at least `id` and `type`.
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "AssessmentItemEvent"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", "AssessmentItemEvent"),
        ("action", "action", "str", True, "", None),
        ("profile", "profile", "str", True, "", "AssessmentProfile"),
        ("actor", "actor", "any", False, "", None),
        ("object", "object", "model", False, "AssessmentItem", None),
        ("event_time", "eventTime", "str", True, "", None),
        ("context", "@context", "any", False, "", None),
        ("generated", "generated", "model", False, "AssessmentItemResponse", None),
        ("ed_app", "edApp", "any", False, "", None),
        ("session", "session", "any", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    action: str
    profile: str
    actor: Any | None
    object: AssessmentItem | None
    event_time: str
    context: Any | None
    generated: AssessmentItemResponse | None
    ed_app: Any | None
    session: Any | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = "AssessmentItemEvent",
        action: str | None = None,
        profile: str | None = "AssessmentProfile",
        actor: Any | None = None,
        object: AssessmentItem | Mapping[str, Any] | None = None,
        event_time: str | None = None,
        context: Any | None = None,
        generated: AssessmentItemResponse | Mapping[str, Any] | None = None,
        ed_app: Any | None = None,
        session: Any | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "type": type,
                "action": action,
                "profile": profile,
                "actor": actor,
                "object": object,
                "event_time": event_time,
                "context": context,
                "generated": generated,
                "ed_app": ed_app,
                "session": session,
                "extensions": extensions,
            },
            extra,
            raw,
        )
