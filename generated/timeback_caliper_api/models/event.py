from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.profile import Profile
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.caliper_context_type_0_item_type_1 import CaliperContextType0ItemType1
    from ..models.entity_ref_type_1 import EntityRefType1
    from ..models.extensions import Extensions


T = TypeVar("T", bound="Event")


@_attrs_define
class Event:
    """A generic Caliper 1.2 event. Open to extra properties so that every valid Caliper event
    of any type passes; the per-type rules (allowed actions, the Timeback profile) are
    enforced by the validation the client and the server share.

        Attributes:
            id (str): The server's own pattern, `^urn:uuid:(.*)$`; Caliper 1.2 wants a UUID after the
                prefix (this client warns otherwise, and refuses it under strict validation).
            type_ (str):
            actor (EntityRefType1 | str): An entity, either as its IRI or as an object with at least `id` and `type`.
            action (str):
            object_ (EntityRefType1 | str): An entity, either as its IRI or as an object with at least `id` and `type`.
            event_time (str): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
                (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction and
                offset. Kept as a string so that it travels byte for byte.
            context (list[CaliperContextType0ItemType1 | str] | str | Unset): The JSON-LD context. As a string it must be
                the Caliper 1.2 context; as a list the
                Caliper 1.2 context must come last, after the contexts (IRIs or objects) that extend
                it with terms of their own (Caliper 1.2, 4.1: they may not redefine Caliper's).
            profile (Profile | Unset): The Caliper profile of an event: the 15 Caliper 1.2 profiles plus `TimebackProfile`.
                Clients must tolerate values added later.
            ed_app (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
                `type`.
            generated (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
                `type`.
            target (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
                `type`.
            referrer (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
                `type`.
            group (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
                `type`.
            membership (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
                `type`.
            session (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
                `type`.
            federated_session (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least
                `id` and `type`.
            extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    id: str
    type_: str
    actor: EntityRefType1 | str
    action: str
    object_: EntityRefType1 | str
    event_time: str
    context: list[CaliperContextType0ItemType1 | str] | str | Unset = UNSET
    profile: Profile | Unset = UNSET
    ed_app: EntityRefType1 | str | Unset = UNSET
    generated: EntityRefType1 | str | Unset = UNSET
    target: EntityRefType1 | str | Unset = UNSET
    referrer: EntityRefType1 | str | Unset = UNSET
    group: EntityRefType1 | str | Unset = UNSET
    membership: EntityRefType1 | str | Unset = UNSET
    session: EntityRefType1 | str | Unset = UNSET
    federated_session: EntityRefType1 | str | Unset = UNSET
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.caliper_context_type_0_item_type_1 import (
            CaliperContextType0ItemType1,
        )
        from ..models.entity_ref_type_1 import EntityRefType1

        id = self.id

        type_ = self.type_

        actor: dict[str, Any] | str
        if isinstance(self.actor, EntityRefType1):
            actor = self.actor.to_dict()
        else:
            actor = self.actor

        action = self.action

        object_: dict[str, Any] | str
        if isinstance(self.object_, EntityRefType1):
            object_ = self.object_.to_dict()
        else:
            object_ = self.object_

        event_time = self.event_time

        context: list[dict[str, Any] | str] | str | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        elif isinstance(self.context, list):
            context = []
            for componentsschemas_caliper_context_type_0_item_data in self.context:
                componentsschemas_caliper_context_type_0_item: dict[str, Any] | str
                if isinstance(
                    componentsschemas_caliper_context_type_0_item_data,
                    CaliperContextType0ItemType1,
                ):
                    componentsschemas_caliper_context_type_0_item = (
                        componentsschemas_caliper_context_type_0_item_data.to_dict()
                    )
                else:
                    componentsschemas_caliper_context_type_0_item = (
                        componentsschemas_caliper_context_type_0_item_data
                    )
                context.append(componentsschemas_caliper_context_type_0_item)

        else:
            context = self.context

        profile: str | Unset = UNSET
        if not isinstance(self.profile, Unset):
            profile = self.profile.value

        ed_app: dict[str, Any] | str | Unset
        if isinstance(self.ed_app, Unset):
            ed_app = UNSET
        elif isinstance(self.ed_app, EntityRefType1):
            ed_app = self.ed_app.to_dict()
        else:
            ed_app = self.ed_app

        generated: dict[str, Any] | str | Unset
        if isinstance(self.generated, Unset):
            generated = UNSET
        elif isinstance(self.generated, EntityRefType1):
            generated = self.generated.to_dict()
        else:
            generated = self.generated

        target: dict[str, Any] | str | Unset
        if isinstance(self.target, Unset):
            target = UNSET
        elif isinstance(self.target, EntityRefType1):
            target = self.target.to_dict()
        else:
            target = self.target

        referrer: dict[str, Any] | str | Unset
        if isinstance(self.referrer, Unset):
            referrer = UNSET
        elif isinstance(self.referrer, EntityRefType1):
            referrer = self.referrer.to_dict()
        else:
            referrer = self.referrer

        group: dict[str, Any] | str | Unset
        if isinstance(self.group, Unset):
            group = UNSET
        elif isinstance(self.group, EntityRefType1):
            group = self.group.to_dict()
        else:
            group = self.group

        membership: dict[str, Any] | str | Unset
        if isinstance(self.membership, Unset):
            membership = UNSET
        elif isinstance(self.membership, EntityRefType1):
            membership = self.membership.to_dict()
        else:
            membership = self.membership

        session: dict[str, Any] | str | Unset
        if isinstance(self.session, Unset):
            session = UNSET
        elif isinstance(self.session, EntityRefType1):
            session = self.session.to_dict()
        else:
            session = self.session

        federated_session: dict[str, Any] | str | Unset
        if isinstance(self.federated_session, Unset):
            federated_session = UNSET
        elif isinstance(self.federated_session, EntityRefType1):
            federated_session = self.federated_session.to_dict()
        else:
            federated_session = self.federated_session

        extensions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = self.extensions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "actor": actor,
                "action": action,
                "object": object_,
                "eventTime": event_time,
            }
        )
        if context is not UNSET:
            field_dict["@context"] = context
        if profile is not UNSET:
            field_dict["profile"] = profile
        if ed_app is not UNSET:
            field_dict["edApp"] = ed_app
        if generated is not UNSET:
            field_dict["generated"] = generated
        if target is not UNSET:
            field_dict["target"] = target
        if referrer is not UNSET:
            field_dict["referrer"] = referrer
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.caliper_context_type_0_item_type_1 import (
            CaliperContextType0ItemType1,
        )
        from ..models.entity_ref_type_1 import EntityRefType1
        from ..models.extensions import Extensions

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        def _parse_actor(data: object) -> EntityRefType1 | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str, data)

        actor = _parse_actor(d.pop("actor"))

        action = d.pop("action")

        def _parse_object_(data: object) -> EntityRefType1 | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str, data)

        object_ = _parse_object_(d.pop("object"))

        event_time = d.pop("eventTime")

        def _parse_context(
            data: object,
        ) -> list[CaliperContextType0ItemType1 | str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_caliper_context_type_0 = []
                _componentsschemas_caliper_context_type_0 = data
                for (
                    componentsschemas_caliper_context_type_0_item_data
                ) in _componentsschemas_caliper_context_type_0:

                    def _parse_componentsschemas_caliper_context_type_0_item(
                        data: object,
                    ) -> CaliperContextType0ItemType1 | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_caliper_context_type_0_item_type_1 = (
                                CaliperContextType0ItemType1.from_dict(data)
                            )

                            return componentsschemas_caliper_context_type_0_item_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(CaliperContextType0ItemType1 | str, data)

                    componentsschemas_caliper_context_type_0_item = (
                        _parse_componentsschemas_caliper_context_type_0_item(
                            componentsschemas_caliper_context_type_0_item_data
                        )
                    )

                    componentsschemas_caliper_context_type_0.append(
                        componentsschemas_caliper_context_type_0_item
                    )

                return componentsschemas_caliper_context_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CaliperContextType0ItemType1 | str] | str | Unset, data)

        context = _parse_context(d.pop("@context", UNSET))

        _profile = d.pop("profile", UNSET)
        profile: Profile | Unset
        if isinstance(_profile, Unset):
            profile = UNSET
        else:
            profile = Profile(_profile)

        def _parse_ed_app(data: object) -> EntityRefType1 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str | Unset, data)

        ed_app = _parse_ed_app(d.pop("edApp", UNSET))

        def _parse_generated(data: object) -> EntityRefType1 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str | Unset, data)

        generated = _parse_generated(d.pop("generated", UNSET))

        def _parse_target(data: object) -> EntityRefType1 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str | Unset, data)

        target = _parse_target(d.pop("target", UNSET))

        def _parse_referrer(data: object) -> EntityRefType1 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str | Unset, data)

        referrer = _parse_referrer(d.pop("referrer", UNSET))

        def _parse_group(data: object) -> EntityRefType1 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str | Unset, data)

        group = _parse_group(d.pop("group", UNSET))

        def _parse_membership(data: object) -> EntityRefType1 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str | Unset, data)

        membership = _parse_membership(d.pop("membership", UNSET))

        def _parse_session(data: object) -> EntityRefType1 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str | Unset, data)

        session = _parse_session(d.pop("session", UNSET))

        def _parse_federated_session(data: object) -> EntityRefType1 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_entity_ref_type_1 = EntityRefType1.from_dict(data)

                return componentsschemas_entity_ref_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntityRefType1 | str | Unset, data)

        federated_session = _parse_federated_session(d.pop("federatedSession", UNSET))

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        event = cls(
            id=id,
            type_=type_,
            actor=actor,
            action=action,
            object_=object_,
            event_time=event_time,
            context=context,
            profile=profile,
            ed_app=ed_app,
            generated=generated,
            target=target,
            referrer=referrer,
            group=group,
            membership=membership,
            session=session,
            federated_session=federated_session,
            extensions=extensions,
        )

        event.additional_properties = d
        return event

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
