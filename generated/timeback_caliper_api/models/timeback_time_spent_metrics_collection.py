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
    from ..models.extensions import Extensions
    from ..models.time_spent_metric import TimeSpentMetric


T = TypeVar("T", bound="TimebackTimeSpentMetricsCollection")


@_attrs_define
class TimebackTimeSpentMetricsCollection:
    """
    Attributes:
        id (str):
        type_ (Literal['TimebackTimeSpentMetricsCollection']):
        items (list[TimeSpentMetric]):
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    id: str
    type_: Literal["TimebackTimeSpentMetricsCollection"]
    items: list[TimeSpentMetric]
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        extensions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = self.extensions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "items": items,
            }
        )
        if extensions is not UNSET:
            field_dict["extensions"] = extensions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.extensions import Extensions
        from ..models.time_spent_metric import TimeSpentMetric

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["TimebackTimeSpentMetricsCollection"], d.pop("type"))
        if type_ != "TimebackTimeSpentMetricsCollection":
            raise ValueError(
                f"type must match const 'TimebackTimeSpentMetricsCollection', got '{type_}'"
            )

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = TimeSpentMetric.from_dict(items_item_data)

            items.append(items_item)

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        timeback_time_spent_metrics_collection = cls(
            id=id,
            type_=type_,
            items=items,
            extensions=extensions,
        )

        timeback_time_spent_metrics_collection.additional_properties = d
        return timeback_time_spent_metrics_collection

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
