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

from ..models.timeback_role import TimebackRole
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.extensions import Extensions


T = TypeVar("T", bound="TimebackUser")


@_attrs_define
class TimebackUser:
    """The learner (or staff member) of a Timeback event.

    Attributes:
        id (str): Ideally the OneRoster user URL `…/ims/oneroster/rostering/v1p2/users/<id>`.
        type_ (Literal['TimebackUser']):
        email (str):
        name (str | Unset):
        role (TimebackRole | Unset):
        extensions (Extensions | Unset): Custom data. Caliper 1.2 allows custom properties only here.
    """

    id: str
    type_: Literal["TimebackUser"]
    email: str
    name: str | Unset = UNSET
    role: TimebackRole | Unset = UNSET
    extensions: Extensions | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        email = self.email

        name = self.name

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        extensions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = self.extensions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "email": email,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if role is not UNSET:
            field_dict["role"] = role
        if extensions is not UNSET:
            field_dict["extensions"] = extensions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.extensions import Extensions

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["TimebackUser"], d.pop("type"))
        if type_ != "TimebackUser":
            raise ValueError(f"type must match const 'TimebackUser', got '{type_}'")

        email = d.pop("email")

        name = d.pop("name", UNSET)

        _role = d.pop("role", UNSET)
        role: TimebackRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = TimebackRole(_role)

        _extensions = d.pop("extensions", UNSET)
        extensions: Extensions | Unset
        if isinstance(_extensions, Unset):
            extensions = UNSET
        else:
            extensions = Extensions.from_dict(_extensions)

        timeback_user = cls(
            id=id,
            type_=type_,
            email=email,
            name=name,
            role=role,
            extensions=extensions,
        )

        timeback_user.additional_properties = d
        return timeback_user

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
