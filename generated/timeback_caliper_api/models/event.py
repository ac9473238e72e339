"""Event: generated from the spec's schema; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..types import Fields, Model

if TYPE_CHECKING:
    from ..models.extensions import Extensions


class Event(Model):
    """A generic Caliper 1.2 event. Open to extra properties so that every valid Caliper event
    of any type passes; the per-type rules (allowed actions, the Timeback profile) are
    enforced by the validation the client and the server share.

    Attributes:
        id (wire `id`, required): The server's own pattern, `^urn:uuid:(.*)$`; Caliper 1.2 wants a UUID after the
            prefix (this client warns otherwise, and refuses it under strict validation).
        type (wire `type`, required)
        actor (wire `actor`, required): An entity, either as its IRI or as an object with at least `id` and `type`.
        action (wire `action`, required)
        object (wire `object`, required): An entity, either as its IRI or as an object with at least `id` and `type`.
        event_time (wire `eventTime`, required): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction
            and offset. Kept as a string so that it travels byte for byte.
        context (wire `@context`): The JSON-LD context. As a string it must be the Caliper 1.2 context; as a list
            the Caliper 1.2 context must come last, after the contexts (IRIs or objects)
            that extend it with terms of their own (Caliper 1.2, 4.1: they may not redefine
            Caliper's).
        profile (wire `profile`): The Caliper profile of an event: the 15 Caliper 1.2 profiles plus
            `TimebackProfile`. Clients must tolerate values added later.
        ed_app (wire `edApp`): An entity, either as its IRI or as an object with at least `id` and `type`.
        generated (wire `generated`): An entity, either as its IRI or as an object with at least `id` and `type`.
        target (wire `target`): An entity, either as its IRI or as an object with at least `id` and `type`.
        referrer (wire `referrer`): An entity, either as its IRI or as an object with at least `id` and `type`.
        group (wire `group`): An entity, either as its IRI or as an object with at least `id` and `type`.
        membership (wire `membership`): An entity, either as its IRI or as an object with at least `id` and `type`.
        session (wire `session`): An entity, either as its IRI or as an object with at least `id` and `type`.
        federated_session (wire `federatedSession`): An entity, either as its IRI or as an object with at least `id` and `type`.
        extensions (wire `extensions`): Custom data. Caliper 1.2 allows custom properties only here.
    """

    _schema: ClassVar[str] = "Event"
    _fields: ClassVar[Fields] = (
        ("id", "id", "str", True, "", None),
        ("type", "type", "str", True, "", None),
        ("actor", "actor", "any", False, "", None),
        ("action", "action", "str", True, "", None),
        ("object", "object", "any", False, "", None),
        ("event_time", "eventTime", "str", True, "", None),
        ("context", "@context", "any", False, "", None),
        ("profile", "profile", "str", False, "", None),
        ("ed_app", "edApp", "any", False, "", None),
        ("generated", "generated", "any", False, "", None),
        ("target", "target", "any", False, "", None),
        ("referrer", "referrer", "any", False, "", None),
        ("group", "group", "any", False, "", None),
        ("membership", "membership", "any", False, "", None),
        ("session", "session", "any", False, "", None),
        ("federated_session", "federatedSession", "any", False, "", None),
        ("extensions", "extensions", "model", False, "Extensions", None),
    )
    id: str
    type: str
    actor: Any | None
    action: str
    object: Any | None
    event_time: str
    context: Any | None
    profile: str | None
    ed_app: Any | None
    generated: Any | None
    target: Any | None
    referrer: Any | None
    group: Any | None
    membership: Any | None
    session: Any | None
    federated_session: Any | None
    extensions: Extensions | None

    def __init__(
        self,
        *,
        id: str | None = None,
        type: str | None = None,
        actor: Any | None = None,
        action: str | None = None,
        object: Any | None = None,
        event_time: str | None = None,
        context: Any | None = None,
        profile: str | None = None,
        ed_app: Any | None = None,
        generated: Any | None = None,
        target: Any | None = None,
        referrer: Any | None = None,
        group: Any | None = None,
        membership: Any | None = None,
        session: Any | None = None,
        federated_session: Any | None = None,
        extensions: Extensions | Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "type": type,
                "actor": actor,
                "action": action,
                "object": object,
                "event_time": event_time,
                "context": context,
                "profile": profile,
                "ed_app": ed_app,
                "generated": generated,
                "target": target,
                "referrer": referrer,
                "group": group,
                "membership": membership,
                "session": session,
                "federated_session": federated_session,
                "extensions": extensions,
            },
            extra,
            raw,
        )
