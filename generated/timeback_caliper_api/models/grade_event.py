from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.caliper_context_type_0_item_type_1 import CaliperContextType0ItemType1
    from ..models.entity_ref_type_1 import EntityRefType1
    from ..models.extensions import Extensions
    from ..models.score import Score


T = TypeVar("T", bound="GradeEvent")


@_attrs_define
class GradeEvent:
    """A question graded.

    Attributes:
        id (str):
        type_ (Literal['GradeEvent']):
        action (Literal['Graded']):
        profile (Literal['GradingProfile']):
        actor (EntityRefType1 | str): An entity, either as its IRI or as an object with at least `id` and `type`.
        object_ (EntityRefType1 | str): An entity, either as its IRI or as an object with at least `id` and `type`.
        generated (Score): The grade given to an attempt.
        event_time (str): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction and
            offset. Kept as a string so that it travels byte for byte.
        context (list[CaliperContextType0ItemType1 | str] | str | Unset): The JSON-LD context. As a string it must be
            the Caliper 1.2 context; as a list the
            Caliper 1.2 context must come last, after the contexts (IRIs or objects) that extend
            it with terms of their own (Caliper 1.2, 4.1: they may not redefine Caliper's).
        ed_app (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
            `type`.
        session (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
            `type`.
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    id: str
    type_: Literal["GradeEvent"]
    action: Literal["Graded"]
    profile: Literal["GradingProfile"]
    actor: EntityRefType1 | str
    object_: EntityRefType1 | str
    generated: Score
    event_time: str
    context: list[CaliperContextType0ItemType1 | str] | str | Unset = UNSET
    ed_app: EntityRefType1 | str | Unset = UNSET
    session: EntityRefType1 | str | Unset = UNSET
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.caliper_context_type_0_item_type_1 import (
            CaliperContextType0ItemType1,
        )
        from ..models.entity_ref_type_1 import EntityRefType1

        id = self.id

        type_ = self.type_

        action = self.action

        profile = self.profile

        actor: dict[str, Any] | str
        if isinstance(self.actor, EntityRefType1):
            actor = self.actor.to_dict()
        else:
            actor = self.actor

        object_: dict[str, Any] | str
        if isinstance(self.object_, EntityRefType1):
            object_ = self.object_.to_dict()
        else:
            object_ = self.object_

        generated = self.generated.to_dict()

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

        ed_app: dict[str, Any] | str | Unset
        if isinstance(self.ed_app, Unset):
            ed_app = UNSET
        elif isinstance(self.ed_app, EntityRefType1):
            ed_app = self.ed_app.to_dict()
        else:
            ed_app = self.ed_app

        session: dict[str, Any] | str | Unset
        if isinstance(self.session, Unset):
            session = UNSET
        elif isinstance(self.session, EntityRefType1):
            session = self.session.to_dict()
        else:
            session = self.session

        extensions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = self.extensions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "action": action,
                "profile": profile,
                "actor": actor,
                "object": object_,
                "generated": generated,
                "eventTime": event_time,
            }
        )
        if context is not UNSET:
            field_dict["@context"] = context
        if ed_app is not UNSET:
            field_dict["edApp"] = ed_app
        if session is not UNSET:
            field_dict["session"] = session
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
        from ..models.score import Score

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["GradeEvent"], d.pop("type"))
        if type_ != "GradeEvent":
            raise ValueError(f"type must match const 'GradeEvent', got '{type_}'")

        action = cast(Literal["Graded"], d.pop("action"))
        if action != "Graded":
            raise ValueError(f"action must match const 'Graded', got '{action}'")

        profile = cast(Literal["GradingProfile"], d.pop("profile"))
        if profile != "GradingProfile":
            raise ValueError(
                f"profile must match const 'GradingProfile', got '{profile}'"
            )

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

        generated = Score.from_dict(d.pop("generated"))

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

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        grade_event = cls(
            id=id,
            type_=type_,
            action=action,
            profile=profile,
            actor=actor,
            object_=object_,
            generated=generated,
            event_time=event_time,
            context=context,
            ed_app=ed_app,
            session=session,
            extensions=extensions,
        )

        grade_event.additional_properties = d
        return grade_event

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
