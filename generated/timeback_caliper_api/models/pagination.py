"""Pagination: generated from the spec's schema; do not edit."""

from __future__ import annotations

from typing import Any, ClassVar

from ..types import Fields, Model


class Pagination(Model):
    """`total` matching events; `limit` echoes the page size; `currentPage` is 1-based (`offset
    // limit + 1`); `totalPages` is `ceil(total / limit)`. Clients must tolerate a missing
    `total` (paging then stops after the page), so none is `required`.

    Attributes:
        total (wire `total`)
        total_pages (wire `totalPages`)
        current_page (wire `currentPage`)
        limit (wire `limit`)
    """

    _schema: ClassVar[str] = "Pagination"
    _fields: ClassVar[Fields] = (
        ("total", "total", "int", False, "", None),
        ("total_pages", "totalPages", "int", False, "", None),
        ("current_page", "currentPage", "int", False, "", None),
        ("limit", "limit", "int", False, "", None),
    )
    total: int | None
    total_pages: int | None
    current_page: int | None
    limit: int | None

    def __init__(
        self,
        *,
        total: int | None = None,
        total_pages: int | None = None,
        current_page: int | None = None,
        limit: int | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        self._fill(
            {
                "total": total,
                "total_pages": total_pages,
                "current_page": current_page,
                "limit": limit,
            },
            extra,
            raw,
        )
