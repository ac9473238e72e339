"""Offset paging of `GET /caliper/events`.

Rules: the next page starts after the events actually returned (so a server that caps
`limit` still pages right); paging stops when a page is empty, when `total` is missing or
reached, or when `max_items` events have been given out. The last request asks only for
what is still wanted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from attrs import define

T = TypeVar("T")


@define
class OffsetPager:
    limit: int
    offset: int = 0
    max_items: int | None = None
    given: int = 0
    done: bool = False

    def next_request(self) -> tuple[int, int] | None:
        """`(limit, offset)` of the next page, or None when paging is over."""
        if self.done:
            return None
        if self.max_items is not None:
            wanted = self.max_items - self.given
            if wanted <= 0:
                self.done = True
                return None
            return min(self.limit, wanted), self.offset
        return self.limit, self.offset

    def accept(self, items: Sequence[T], total: int | None) -> Sequence[T]:
        """Take one page; returns the items to give out."""
        if self.max_items is not None:
            items = items[: max(0, self.max_items - self.given)]
        self.given += len(items)
        self.offset += len(items)
        if not items or total is None or self.offset >= total:
            self.done = True
        return items

    def next_offset(self) -> int | None:
        return None if self.done else self.offset
