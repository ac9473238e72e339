from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.send_result_status import SendResultStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_issue import ErrorIssue


T = TypeVar("T", bound="SendResult")


@_attrs_define
class SendResult:
    """**[decided]** The reply to a send: the documented envelope plus the `jobId` to poll.
    Clients must accept a reply with only `jobId` (what the vendor's clients expect), and
    a 202 like a 200. The sandbox sends all four fields, but no field is `required`: the
    vendor's documents show `{status, message, errors}`, its client reads only `jobId`,
    and the LEARNWITH_AI reply is unknown.

        Attributes:
            status (SendResultStatus | Unset):
            message (str | Unset):
            errors (list[ErrorIssue] | None | Unset): Always null on success.
            job_id (str | Unset): The processing job; poll `/jobs/{jobId}/status`.
    """

    status: SendResultStatus | Unset = UNSET
    message: str | Unset = UNSET
    errors: list[ErrorIssue] | None | Unset = UNSET
    job_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        message = self.message

        errors: list[dict[str, Any]] | None | Unset
        if isinstance(self.errors, Unset):
            errors = UNSET
        elif isinstance(self.errors, list):
            errors = []
            for errors_type_1_item_data in self.errors:
                errors_type_1_item = errors_type_1_item_data.to_dict()
                errors.append(errors_type_1_item)

        else:
            errors = self.errors

        job_id = self.job_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if message is not UNSET:
            field_dict["message"] = message
        if errors is not UNSET:
            field_dict["errors"] = errors
        if job_id is not UNSET:
            field_dict["jobId"] = job_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_issue import ErrorIssue

        d = dict(src_dict)
        _status = d.pop("status", UNSET)
        status: SendResultStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = SendResultStatus(_status)

        message = d.pop("message", UNSET)

        def _parse_errors(data: object) -> list[ErrorIssue] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                errors_type_1 = []
                _errors_type_1 = data
                for errors_type_1_item_data in _errors_type_1:
                    errors_type_1_item = ErrorIssue.from_dict(errors_type_1_item_data)

                    errors_type_1.append(errors_type_1_item)

                return errors_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ErrorIssue] | None | Unset, data)

        errors = _parse_errors(d.pop("errors", UNSET))

        job_id = d.pop("jobId", UNSET)

        send_result = cls(
            status=status,
            message=message,
            errors=errors,
            job_id=job_id,
        )

        send_result.additional_properties = d
        return send_result

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
