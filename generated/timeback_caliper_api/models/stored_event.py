from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="StoredEvent")


@_attrs_define
class StoredEvent:
    """An event as stored. `id` is the database id (the job result's `allocatedId`, as an
    integer); `externalId` is the event's own Caliper `id`. The entity fields hold what was
    sent (an IRI string or an object). Timestamps of the row are snake_case, as the API
    returns them. The fields listed as required are always sent (the sandbox does; the
    vendor's client requires them too); the client still reads any reply.

        Attributes:
            id (int):
            external_id (str):
            sensor (str):
            type_ (str):
            action (str):
            event_time (str):
            send_time (str):
            created_at (str):
            profile (None | str | Unset):
            updated_at (None | str | Unset):
            deleted_at (None | str | Unset):
            actor (Any | Unset):
            object_ (Any | Unset):
            generated (Any | Unset):
            target (Any | Unset):
            referrer (Any | Unset):
            ed_app (Any | Unset):
            group (Any | Unset):
            membership (Any | Unset):
            session (Any | Unset):
            federated_session (Any | Unset):
            extensions (Any | Unset):
            client_app_id (None | str | Unset): The OAuth client that sent the event.
    """

    id: int
    external_id: str
    sensor: str
    type_: str
    action: str
    event_time: str
    send_time: str
    created_at: str
    profile: None | str | Unset = UNSET
    updated_at: None | str | Unset = UNSET
    deleted_at: None | str | Unset = UNSET
    actor: Any | Unset = UNSET
    object_: Any | Unset = UNSET
    generated: Any | Unset = UNSET
    target: Any | Unset = UNSET
    referrer: Any | Unset = UNSET
    ed_app: Any | Unset = UNSET
    group: Any | Unset = UNSET
    membership: Any | Unset = UNSET
    session: Any | Unset = UNSET
    federated_session: Any | Unset = UNSET
    extensions: Any | Unset = UNSET
    client_app_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        external_id = self.external_id

        sensor = self.sensor

        type_ = self.type_

        action = self.action

        event_time = self.event_time

        send_time = self.send_time

        created_at = self.created_at

        profile: None | str | Unset
        if isinstance(self.profile, Unset):
            profile = UNSET
        else:
            profile = self.profile

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = self.updated_at

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        else:
            deleted_at = self.deleted_at

        actor = self.actor

        object_ = self.object_

        generated = self.generated

        target = self.target

        referrer = self.referrer

        ed_app = self.ed_app

        group = self.group

        membership = self.membership

        session = self.session

        federated_session = self.federated_session

        extensions = self.extensions

        client_app_id: None | str | Unset
        if isinstance(self.client_app_id, Unset):
            client_app_id = UNSET
        else:
            client_app_id = self.client_app_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "externalId": external_id,
                "sensor": sensor,
                "type": type_,
                "action": action,
                "eventTime": event_time,
                "sendTime": send_time,
                "created_at": created_at,
            }
        )
        if profile is not UNSET:
            field_dict["profile"] = profile
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if actor is not UNSET:
            field_dict["actor"] = actor
        if object_ is not UNSET:
            field_dict["object"] = object_
        if generated is not UNSET:
            field_dict["generated"] = generated
        if target is not UNSET:
            field_dict["target"] = target
        if referrer is not UNSET:
            field_dict["referrer"] = referrer
        if ed_app is not UNSET:
            field_dict["edApp"] = ed_app
        if group is not UNSET:
            field_dict["group"] = group
        if membership is not UNSET:
            field_dict["membership"] = membership
        if session is not UNSET:
            field_dict["session"] = session
        if federated_session is not UNSET:
            field_dict["federatedSession"] = federated_session
        if extensions is not UNSET:
            field_dict["extensions"] = extensions
        if client_app_id is not UNSET:
            field_dict["clientAppId"] = client_app_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        external_id = d.pop("externalId")

        sensor = d.pop("sensor")

        type_ = d.pop("type")

        action = d.pop("action")

        event_time = d.pop("eventTime")

        send_time = d.pop("sendTime")

        created_at = d.pop("created_at")

        def _parse_profile(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        profile = _parse_profile(d.pop("profile", UNSET))

        def _parse_updated_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        def _parse_deleted_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at", UNSET))

        actor = d.pop("actor", UNSET)

        object_ = d.pop("object", UNSET)

        generated = d.pop("generated", UNSET)

        target = d.pop("target", UNSET)

        referrer = d.pop("referrer", UNSET)

        ed_app = d.pop("edApp", UNSET)

        group = d.pop("group", UNSET)

        membership = d.pop("membership", UNSET)

        session = d.pop("session", UNSET)

        federated_session = d.pop("federatedSession", UNSET)

        extensions = d.pop("extensions", UNSET)

        def _parse_client_app_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_app_id = _parse_client_app_id(d.pop("clientAppId", UNSET))

        stored_event = cls(
            id=id,
            external_id=external_id,
            sensor=sensor,
            type_=type_,
            action=action,
            event_time=event_time,
            send_time=send_time,
            created_at=created_at,
            profile=profile,
            updated_at=updated_at,
            deleted_at=deleted_at,
            actor=actor,
            object_=object_,
            generated=generated,
            target=target,
            referrer=referrer,
            ed_app=ed_app,
            group=group,
            membership=membership,
            session=session,
            federated_session=federated_session,
            extensions=extensions,
            client_app_id=client_app_id,
        )

        stored_event.additional_properties = d
        return stored_event

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
