"""StoredEvent: generated from the spec's schema; do not edit."""

from __future__ import annotations

from typing import Any, ClassVar

from ..types import Fields, Model


class StoredEvent(Model):
    """An event as stored. `id` is the database id (the job result's `allocatedId`, as an
    integer); `externalId` is the event's own Caliper `id`. The entity fields hold what was
    sent (an IRI string or an object). Timestamps of the row are snake_case, as the API
    returns them. The fields listed as required are always sent (the sandbox does; the
    vendor's client requires them too); the client still reads any reply.

    Attributes:
        id (wire `id`, required)
        external_id (wire `externalId`, required)
        sensor (wire `sensor`, required)
        type (wire `type`, required)
        action (wire `action`, required)
        event_time (wire `eventTime`, required)
        send_time (wire `sendTime`, required)
        created_at (wire `created_at`, required)
        profile (wire `profile`)
        updated_at (wire `updated_at`)
        deleted_at (wire `deleted_at`)
        actor (wire `actor`)
        object (wire `object`)
        generated (wire `generated`)
        target (wire `target`)
        referrer (wire `referrer`)
        ed_app (wire `edApp`)
        group (wire `group`)
        membership (wire `membership`)
        session (wire `session`)
        federated_session (wire `federatedSession`)
        extensions (wire `extensions`)
        client_app_id (wire `clientAppId`): The OAuth client that sent the event.
    """

    _schema: ClassVar[str] = "StoredEvent"
    _fields: ClassVar[Fields] = (
        ("id", "id", "int", False, "", None),
        ("external_id", "externalId", "str", True, "", None),
        ("sensor", "sensor", "str", True, "", None),
        ("type", "type", "str", True, "", None),
        ("action", "action", "str", True, "", None),
        ("event_time", "eventTime", "str", True, "", None),
        ("send_time", "sendTime", "str", True, "", None),
        ("created_at", "created_at", "str", True, "", None),
        ("profile", "profile", "str", False, "", None),
        ("updated_at", "updated_at", "str", False, "", None),
        ("deleted_at", "deleted_at", "str", False, "", None),
        ("actor", "actor", "any", False, "", None),
        ("object", "object", "any", False, "", None),
        ("generated", "generated", "any", False, "", None),
        ("target", "target", "any", False, "", None),
        ("referrer", "referrer", "any", False, "", None),
        ("ed_app", "edApp", "any", False, "", None),
        ("group", "group", "any", False, "", None),
        ("membership", "membership", "any", False, "", None),
        ("session", "session", "any", False, "", None),
        ("federated_session", "federatedSession", "any", False, "", None),
        ("extensions", "extensions", "any", False, "", None),
        ("client_app_id", "clientAppId", "str", False, "", None),
    )
    id: int | None
    external_id: str
    sensor: str
    type: str
    action: str
    event_time: str
    send_time: str
    created_at: str
    profile: str | None
    updated_at: str | None
    deleted_at: str | None
    actor: Any | None
    object: Any | None
    generated: Any | None
    target: Any | None
    referrer: Any | None
    ed_app: Any | None
    group: Any | None
    membership: Any | None
    session: Any | None
    federated_session: Any | None
    extensions: Any | None
    client_app_id: str | None

    def __init__(
        self,
        *,
        id: int | None = None,
        external_id: str | None = None,
        sensor: str | None = None,
        type: str | None = None,
        action: str | None = None,
        event_time: str | None = None,
        send_time: str | None = None,
        created_at: str | None = None,
        profile: str | None = None,
        updated_at: str | None = None,
        deleted_at: str | None = None,
        actor: Any | None = None,
        object: Any | None = None,
        generated: Any | None = None,
        target: Any | None = None,
        referrer: Any | None = None,
        ed_app: Any | None = None,
        group: Any | None = None,
        membership: Any | None = None,
        session: Any | None = None,
        federated_session: Any | None = None,
        extensions: Any | None = None,
        client_app_id: str | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "id": id,
                "external_id": external_id,
                "sensor": sensor,
                "type": type,
                "action": action,
                "event_time": event_time,
                "send_time": send_time,
                "created_at": created_at,
                "profile": profile,
                "updated_at": updated_at,
                "deleted_at": deleted_at,
                "actor": actor,
                "object": object,
                "generated": generated,
                "target": target,
                "referrer": referrer,
                "ed_app": ed_app,
                "group": group,
                "membership": membership,
                "session": session,
                "federated_session": federated_session,
                "extensions": extensions,
                "client_app_id": client_app_id,
            },
            extra,
            raw,
        )
