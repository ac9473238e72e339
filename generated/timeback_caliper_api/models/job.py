from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_return_value import JobReturnValue


T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """Always sent with all four of `id`, `state`, `returnValue` and `processedOn` (the
    vendor's documents say so; a failed job adds `failedReason`). Clients keep what they
    get (the vendor client also accepts the job object without the `job` wrapper).

        Attributes:
            id (str):
            state (str): An open vocabulary. Known: `waiting` → `active` → `completed` or `failed`; the queue
                behind the API is BullMQ-like and BullMQ also knows `delayed`, `prioritized`,
                `waiting-children` and `unknown`. Clients treat any state but `completed` and
                `failed` as still pending. The sandbox sends the four known ones (and `delayed` when
                that fault is injected).
            return_value (JobReturnValue | None): Null until the job has completed, and on failure.
            processed_on (None | str): When processing started (RFC 3339), or null while waiting.
            failed_reason (None | str | Unset): **[decided]** Why a `failed` job failed.
    """

    id: str
    state: str
    return_value: JobReturnValue | None
    processed_on: None | str
    failed_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_return_value import JobReturnValue

        id = self.id

        state = self.state

        return_value: dict[str, Any] | None
        if isinstance(self.return_value, JobReturnValue):
            return_value = self.return_value.to_dict()
        else:
            return_value = self.return_value

        processed_on: None | str
        processed_on = self.processed_on

        failed_reason: None | str | Unset
        if isinstance(self.failed_reason, Unset):
            failed_reason = UNSET
        else:
            failed_reason = self.failed_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "state": state,
                "returnValue": return_value,
                "processedOn": processed_on,
            }
        )
        if failed_reason is not UNSET:
            field_dict["failedReason"] = failed_reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.job_return_value import JobReturnValue

        d = dict(src_dict)
        id = d.pop("id")

        state = d.pop("state")

        def _parse_return_value(data: object) -> JobReturnValue | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                return_value_type_0 = JobReturnValue.from_dict(data)

                return return_value_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobReturnValue | None, data)

        return_value = _parse_return_value(d.pop("returnValue"))

        def _parse_processed_on(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        processed_on = _parse_processed_on(d.pop("processedOn"))

        def _parse_failed_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failed_reason = _parse_failed_reason(d.pop("failedReason", UNSET))

        job = cls(
            id=id,
            state=state,
            return_value=return_value,
            processed_on=processed_on,
            failed_reason=failed_reason,
        )

        job.additional_properties = d
        return job

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
