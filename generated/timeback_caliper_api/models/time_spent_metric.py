from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.time_spent_metric_type import TimeSpentMetricType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.extensions import Extensions


T = TypeVar("T", bound="TimeSpentMetric")


@_attrs_define
class TimeSpentMetric:
    """Seconds of one kind of time. The keys are camelCase on the wire.

    Attributes:
        type_ (TimeSpentMetricType):
        value (float): Seconds.
        sub_type (str | Unset): A finer kind, for example `eating`.
        start_date (str | Unset): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction and
            offset. Kept as a string so that it travels byte for byte.
        end_date (str | Unset): An RFC 3339 date-time. Senders should use UTC with milliseconds and a `Z` suffix
            (`2025-07-28T15:15:20.000Z`), as Caliper 1.2 asks; receivers accept any fraction and
            offset. Kept as a string so that it travels byte for byte.
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    type_: TimeSpentMetricType
    value: float
    sub_type: str | Unset = UNSET
    start_date: str | Unset = UNSET
    end_date: str | Unset = UNSET
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        value = self.value

        sub_type = self.sub_type

        start_date = self.start_date

        end_date = self.end_date

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
        if sub_type is not UNSET:
            field_dict["subType"] = sub_type
        if start_date is not UNSET:
            field_dict["startDate"] = start_date
        if end_date is not UNSET:
            field_dict["endDate"] = end_date
        if extensions is not UNSET:
            field_dict["extensions"] = extensions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.extensions import Extensions

        d = dict(src_dict)
        type_ = TimeSpentMetricType(d.pop("type"))

        value = d.pop("value")

        sub_type = d.pop("subType", UNSET)

        start_date = d.pop("startDate", UNSET)

        end_date = d.pop("endDate", UNSET)

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        time_spent_metric = cls(
            type_=type_,
            value=value,
            sub_type=sub_type,
            start_date=start_date,
            end_date=end_date,
            extensions=extensions,
        )

        time_spent_metric.additional_properties = d
        return time_spent_metric

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
