"""TimeSpentEvent: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions
    from ..models.timeback_activity_context import TimebackActivityContext
    from ..models.timeback_time_spent_metrics_collection import (
        TimebackTimeSpentMetricsCollection,
    )
    from ..models.timeback_user import TimebackUser


class TimeSpentEvent(Model):
    """A Timeback `TimeSpentEvent` with action `SpentTime`.

    Attributes:
        id (wire `id`, required)
        type (wire `type`, required)
        action (wire `action`, required)
        profile (wire `profile`, required)
        actor (wire `actor`, required): The learner (or staff member) of a Timeback event.
        object (wire `object`, required): The activity a Timeback event is about.
        generated (wire `generated`, required)
        event_time (wire `eventTime`, required): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction
            and offset. Kept as a string so that it travels byte for byte.
        context (wire `@context`): The JSON-LD context. As a string it must be the Caliper 1.2 context; as a list
            the Caliper 1.2 context must come last, after the contexts (IRIs or objects)
            that extend it with terms of their own (Caliper 1.2, 4.1: they may not redefine
            Caliper's).
        ed_app (wire `edApp`): An entity, either as its IRI or as an object with at least `id` and `type`.
        session (wire `session`): An entity, either as its IRI or as an object with at least `id` and `type`.
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "TimeSpentEvent"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", "TimeSpentEvent"),
        ("action", "action", "str", True, "", "SpentTime"),
        ("profile", "profile", "str", True, "", "TimebackProfile"),
        ("actor", "actor", "model", False, "TimebackUser", None),
        ("object", "object", "model", False, "TimebackActivityContext", None),
        (
            "generated",
            "generated",
            "model",
            False,
            "TimebackTimeSpentMetricsCollection",
            None,
        ),
        ("event_time", "eventTime", "str", True, "", None),
        ("context", "@context", "any", False, "", None),
        ("ed_app", "edApp", "any", False, "", None),
        ("session", "session", "any", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    action: str
    profile: str
    actor: TimebackUser | None
    object: TimebackActivityContext | None
    generated: TimebackTimeSpentMetricsCollection | None
    event_time: str
    context: Any | None
    ed_app: Any | None
    session: Any | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = "TimeSpentEvent",
        action: str | None = "SpentTime",
        profile: str | None = "TimebackProfile",
        actor: TimebackUser | Mapping[str, Any] | None = None,
        object: TimebackActivityContext | Mapping[str, Any] | None = None,
        generated: TimebackTimeSpentMetricsCollection | Mapping[str, Any] | None = None,
        event_time: str | None = None,
        context: Any | None = None,
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
                "generated": generated,
                "event_time": event_time,
                "context": context,
                "ed_app": ed_app,
                "session": session,
                "extensions": extensions,
            },
            extra,
            raw,
        )
