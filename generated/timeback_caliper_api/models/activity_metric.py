from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.activity_metric_type import ActivityMetricType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.extensions import Extensions


T = TypeVar("T", bound="ActivityMetric")


@_attrs_define
class ActivityMetric:
    """
    Attributes:
        type_ (ActivityMetricType):
        value (float): May be a decimal; a negative `xpEarned` corrects an earlier event.
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    type_: ActivityMetricType
    value: float
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        value = self.value

        extensions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = self.extensions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "value": value,
            }
        )
        if extensions is not UNSET:
            field_dict["extensions"] = extensions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.extensions import Extensions

        d = dict(src_dict)
        type_ = ActivityMetricType(d.pop("type"))

        value = d.pop("value")

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        activity_metric = cls(
            type_=type_,
            value=value,
            extensions=extensions,
        )

        activity_metric.additional_properties = d
        return activity_metric

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
