from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Pagination")


@_attrs_define
class Pagination:
    """`total` matching events; `limit` echoes the page size; `currentPage` is 1-based
    (`offset // limit + 1`); `totalPages` is `ceil(total / limit)`. Clients must tolerate a
    missing `total` (paging then stops after the page), so none is `required`.

        Attributes:
            total (int | Unset):
            total_pages (int | Unset):
            current_page (int | Unset):
            limit (int | Unset):
    """

    total: int | Unset = UNSET
    total_pages: int | Unset = UNSET
    current_page: int | Unset = UNSET
    limit: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        total_pages = self.total_pages

        current_page = self.current_page

        limit = self.limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if total is not UNSET:
            field_dict["total"] = total
        if total_pages is not UNSET:
            field_dict["totalPages"] = total_pages
        if current_page is not UNSET:
            field_dict["currentPage"] = current_page
        if limit is not UNSET:
            field_dict["limit"] = limit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        total = d.pop("total", UNSET)

        total_pages = d.pop("totalPages", UNSET)

        current_page = d.pop("currentPage", UNSET)

        limit = d.pop("limit", UNSET)

        pagination = cls(
            total=total,
            total_pages=total_pages,
            current_page=current_page,
            limit=limit,
        )

        pagination.additional_properties = d
        return pagination

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
