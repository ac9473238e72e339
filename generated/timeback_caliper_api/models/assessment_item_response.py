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


T = TypeVar("T", bound="AssessmentItemResponse")


@_attrs_define
class AssessmentItemResponse:
    """The learner's answer to a question (Caliper `Response`).

    Attributes:
        id (str):
        type_ (Literal['Response']):
        context (list[CaliperContextType0ItemType1 | str] | str | Unset): The JSON-LD context. As a string it must be
            the Caliper 1.2 context; as a list the
            Caliper 1.2 context must come last, after the contexts (IRIs or objects) that extend
            it with terms of their own (Caliper 1.2, 4.1: they may not redefine Caliper's).
        attempt (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
            `type`.
        started_at_time (str | Unset): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction and
            offset. Kept as a string so that it travels byte for byte.
        ended_at_time (str | Unset): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction and
            offset. Kept as a string so that it travels byte for byte.
        duration (str | Unset): An ISO 8601 duration, for example `PT45S`.
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    id: str
    type_: Literal["Response"]
    context: list[CaliperContextType0ItemType1 | str] | str | Unset = UNSET
    attempt: EntityRefType1 | str | Unset = UNSET
    started_at_time: str | Unset = UNSET
    ended_at_time: str | Unset = UNSET
    duration: str | Unset = UNSET
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.caliper_context_type_0_item_type_1 import (
            CaliperContextType0ItemType1,
        )
        from ..models.entity_ref_type_1 import EntityRefType1

        id = self.id

        type_ = self.type_

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

        attempt: dict[str, Any] | str | Unset
        if isinstance(self.attempt, Unset):
            attempt = UNSET
        elif isinstance(self.attempt, EntityRefType1):
            attempt = self.attempt.to_dict()
        else:
            attempt = self.attempt

        started_at_time = self.started_at_time

        ended_at_time = self.ended_at_time

        duration = self.duration

        extensions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = self.extensions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
            }
        )
        if context is not UNSET:
            field_dict["@context"] = context
        if attempt is not UNSET:
            field_dict["attempt"] = attempt
        if started_at_time is not UNSET:
            field_dict["startedAtTime"] = started_at_time
        if ended_at_time is not UNSET:
            field_dict["endedAtTime"] = ended_at_time
        if duration is not UNSET:
            field_dict["duration"] = duration
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

        type_ = cast(Literal["Response"], d.pop("type"))
        if type_ != "Response":
            raise ValueError(f"type must match const 'Response', got '{type_}'")

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

        def _parse_attempt(data: object) -> EntityRefType1 | str | Unset:
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

        attempt = _parse_attempt(d.pop("attempt", UNSET))

        started_at_time = d.pop("startedAtTime", UNSET)

        ended_at_time = d.pop("endedAtTime", UNSET)

        duration = d.pop("duration", UNSET)

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        assessment_item_response = cls(
            id=id,
            type_=type_,
            context=context,
            attempt=attempt,
            started_at_time=started_at_time,
            ended_at_time=ended_at_time,
            duration=duration,
            extensions=extensions,
        )

        assessment_item_response.additional_properties = d
        return assessment_item_response

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
