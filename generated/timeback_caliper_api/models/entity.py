from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.caliper_context_type_0_item_type_1 import CaliperContextType0ItemType1
    from ..models.extensions import Extensions


T = TypeVar("T", bound="Entity")


@_attrs_define
class Entity:
    """A Caliper 1.2 entity ("describe"). Open to extra properties.

    Attributes:
        id (str):
        type_ (str):
        context (list[CaliperContextType0ItemType1 | str] | str | Unset): The JSON-LD context. As a string it must be
            the Caliper 1.2 context; as a list the
            Caliper 1.2 context must come last, after the contexts (IRIs or objects) that extend
            it with terms of their own (Caliper 1.2, 4.1: they may not redefine Caliper's).
        name (str | Unset):
        description (str | Unset):
        date_created (str | Unset): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction and
            offset. Kept as a string so that it travels byte for byte.
        date_modified (str | Unset): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction and
            offset. Kept as a string so that it travels byte for byte.
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    id: str
    type_: str
    context: list[CaliperContextType0ItemType1 | str] | str | Unset = UNSET
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    date_created: str | Unset = UNSET
    date_modified: str | Unset = UNSET
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.caliper_context_type_0_item_type_1 import (
            CaliperContextType0ItemType1,
        )

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

        description = self.description

        date_created = self.date_created

        date_modified = self.date_modified

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
        if description is not UNSET:
            field_dict["description"] = description
        if date_created is not UNSET:
            field_dict["dateCreated"] = date_created
        if date_modified is not UNSET:
            field_dict["dateModified"] = date_modified
        if extensions is not UNSET:
            field_dict["extensions"] = extensions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.caliper_context_type_0_item_type_1 import (
            CaliperContextType0ItemType1,
        )
        from ..models.extensions import Extensions

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

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

        description = d.pop("description", UNSET)

        date_created = d.pop("dateCreated", UNSET)

        date_modified = d.pop("dateModified", UNSET)

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        entity = cls(
            id=id,
            type_=type_,
            context=context,
            name=name,
            description=description,
            date_created=date_created,
            date_modified=date_modified,
            extensions=extensions,
        )

        entity.additional_properties = d
        return entity

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
