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


T = TypeVar("T", bound="AssessmentItem")


@_attrs_define
class AssessmentItem:
    """A question.

    Attributes:
        id (str):
        type_ (Literal['AssessmentItem']):
        context (list[CaliperContextType0ItemType1 | str] | str | Unset): The JSON-LD context. As a string it must be
            the Caliper 1.2 context; as a list the
            Caliper 1.2 context must come last, after the contexts (IRIs or objects) that extend
            it with terms of their own (Caliper 1.2, 4.1: they may not redefine Caliper's).
        name (str | Unset):
        is_part_of (EntityRefType1 | str | Unset): An entity, either as its IRI or as an object with at least `id` and
            `type`.
        max_score (float | Unset):
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    id: str
    type_: Literal["AssessmentItem"]
    context: list[CaliperContextType0ItemType1 | str] | str | Unset = UNSET
    name: str | Unset = UNSET
    is_part_of: EntityRefType1 | str | Unset = UNSET
    max_score: float | Unset = UNSET
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

        name = self.name

        is_part_of: dict[str, Any] | str | Unset
        if isinstance(self.is_part_of, Unset):
            is_part_of = UNSET
        elif isinstance(self.is_part_of, EntityRefType1):
            is_part_of = self.is_part_of.to_dict()
        else:
            is_part_of = self.is_part_of

        max_score = self.max_score

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
        if name is not UNSET:
            field_dict["name"] = name
        if is_part_of is not UNSET:
            field_dict["isPartOf"] = is_part_of
        if max_score is not UNSET:
            field_dict["maxScore"] = max_score
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

        type_ = cast(Literal["AssessmentItem"], d.pop("type"))
        if type_ != "AssessmentItem":
            raise ValueError(f"type must match const 'AssessmentItem', got '{type_}'")

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

        name = d.pop("name", UNSET)

        def _parse_is_part_of(data: object) -> EntityRefType1 | str | Unset:
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

        is_part_of = _parse_is_part_of(d.pop("isPartOf", UNSET))

        max_score = d.pop("maxScore", UNSET)

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        assessment_item = cls(
            id=id,
            type_=type_,
            context=context,
            name=name,
            is_part_of=is_part_of,
            max_score=max_score,
            extensions=extensions,
        )

        assessment_item.additional_properties = d
        return assessment_item

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
