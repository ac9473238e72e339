from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_return_value_status import JobReturnValueStatus

if TYPE_CHECKING:
    from ..models.job_result_item import JobResultItem


T = TypeVar("T", bound="JobReturnValue")


@_attrs_define
class JobReturnValue:
    """One `results` entry per event of the envelope, in envelope order.
    **[decided]** An event already stored before is reported with its existing
    `allocatedId`.

        Attributes:
            status (JobReturnValueStatus):
            results (list[JobResultItem]):
    """

    status: JobReturnValueStatus
    results: list[JobResultItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.job_result_item import JobResultItem

        d = dict(src_dict)
        status = JobReturnValueStatus(d.pop("status"))

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = JobResultItem.from_dict(results_item_data)

            results.append(results_item)

        job_return_value = cls(
            status=status,
            results=results,
        )

        job_return_value.additional_properties = d
        return job_return_value

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
