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
    from ..models.activity_metric import ActivityMetric
    from ..models.extensions import Extensions


T = TypeVar("T", bound="TimebackActivityMetricsCollection")


@_attrs_define
class TimebackActivityMetricsCollection:
    """
    Attributes:
        id (str):
        type_ (Literal['TimebackActivityMetricsCollection']):
        items (list[ActivityMetric]):
        attempt (int | Unset): The attempt number (1 by default on the server).
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    id: str
    type_: Literal["TimebackActivityMetricsCollection"]
    items: list[ActivityMetric]
    attempt: int | Unset = UNSET
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        attempt = self.attempt

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
        if attempt is not UNSET:
            field_dict["attempt"] = attempt
        if extensions is not UNSET:
            field_dict["extensions"] = extensions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.activity_metric import ActivityMetric
        from ..models.extensions import Extensions

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["TimebackActivityMetricsCollection"], d.pop("type"))
        if type_ != "TimebackActivityMetricsCollection":
            raise ValueError(
                f"type must match const 'TimebackActivityMetricsCollection', got '{type_}'"
            )

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ActivityMetric.from_dict(items_item_data)

            items.append(items_item)

        attempt = d.pop("attempt", UNSET)

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        timeback_activity_metrics_collection = cls(
            id=id,
            type_=type_,
            items=items,
            attempt=attempt,
            extensions=extensions,
        )

        timeback_activity_metrics_collection.additional_properties = d
        return timeback_activity_metrics_collection

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
