"""Offset paging of `GET /caliper/events`: what to ask for next, and when to stop."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from timeback_caliper._core.paging import OffsetPager

Page = tuple[Sequence[int], int | None]  # (items the server returned, its pagination.total)


def _drive(pager: OffsetPager, pages: Sequence[Page]) -> tuple[list[tuple[int, int]], list[int]]:
    """Run the pager against canned pages: the (limit, offset) requests made and items given."""
    requests: list[tuple[int, int]] = []
    given: list[int] = []
    replies = iter(pages)
    while (request := pager.next_request()) is not None:
        requests.append(request)
        reply = next(replies, None)
        assert reply is not None, f"the pager asked for more pages than expected: {requests}"
        items, total = reply
        given.extend(pager.accept(items, total))
    assert [] == list(replies), "the pager stopped before the last canned page"
    return requests, given


def _items(start: int, count: int) -> list[int]:
    return list(range(start, start + count))


@pytest.mark.parametrize(
    ("settings", "pages", "expected_requests", "expected_given"),
    [
        pytest.param(
            {"limit": 3},
            [(_items(0, 3), None)],
            [(3, 0)],
            _items(0, 3),
            id="total-missing-stops-after-the-page",
        ),
        pytest.param(
            {"limit": 3},
            [(_items(0, 3), 100), ([], 100)],
            [(3, 0), (3, 3)],
            _items(0, 3),
            id="empty-page-stops",
        ),
        pytest.param(
            {"limit": 3},
            [([], 0)],
            [(3, 0)],
            [],
            id="nothing-stored",
        ),
        pytest.param(
            {"limit": 2},
            [(_items(0, 2), 5), (_items(2, 2), 5), (_items(4, 1), 5)],
            [(2, 0), (2, 2), (2, 4)],
            _items(0, 5),
            id="partial-last-page-reaches-total",
        ),
        pytest.param(
            {"limit": 2},
            [(_items(0, 2), 4), (_items(2, 2), 4)],
            [(2, 0), (2, 2)],
            _items(0, 4),
            id="full-last-page-reaches-total-no-extra-request",
        ),
        pytest.param(
            {"limit": 10},
            [(_items(0, 3), 7), (_items(3, 3), 7), (_items(6, 1), 7)],
            [(10, 0), (10, 3), (10, 6)],
            _items(0, 7),
            id="server-caps-page-size",
        ),
        pytest.param(
            {"limit": 2},
            [(_items(0, 2), 10), (_items(2, 2), None)],
            [(2, 0), (2, 2)],
            _items(0, 4),
            id="total-disappears-mid-way",
        ),
        pytest.param(
            {"limit": 2},
            [(_items(0, 2), 3), (_items(2, 2), 3)],
            [(2, 0), (2, 2)],
            _items(0, 4),
            id="more-than-total-returned-stops",
        ),
        pytest.param(
            {"limit": 3, "max_items": 5},
            [(_items(0, 3), 100), (_items(3, 2), 100)],
            [(3, 0), (2, 3)],
            _items(0, 5),
            id="max-items-shrinks-last-limit",
        ),
        pytest.param(
            {"limit": 3, "max_items": 5},
            [(_items(0, 3), 100), (_items(3, 3), 100)],
            [(3, 0), (2, 3)],
            _items(0, 5),
            id="max-items-trims-an-oversized-last-page",
        ),
        pytest.param(
            {"limit": 100, "max_items": 2},
            [(_items(0, 50), 1000)],
            [(2, 0)],
            _items(0, 2),
            id="max-items-below-limit",
        ),
        pytest.param(
            {"limit": 3, "max_items": 6},
            [(_items(0, 3), 100), (_items(3, 3), 100)],
            [(3, 0), (3, 3)],
            _items(0, 6),
            id="max-items-multiple-of-limit",
        ),
        pytest.param(
            {"limit": 10, "max_items": 5},
            [(_items(0, 3), 100), (_items(3, 2), 100)],
            [(5, 0), (2, 3)],
            _items(0, 5),
            id="max-items-with-capping-server",
        ),
        pytest.param(
            {"limit": 3, "max_items": 50},
            [(_items(0, 3), 4), (_items(3, 1), 4)],
            [(3, 0), (3, 3)],
            _items(0, 4),
            id="total-reached-before-max-items",
        ),
        pytest.param(
            {"limit": 2, "offset": 10},
            [(_items(10, 2), 13), (_items(12, 1), 13)],
            [(2, 10), (2, 12)],
            _items(10, 3),
            id="starting-offset",
        ),
        pytest.param(
            {"limit": 2, "offset": 20},
            [([], 13)],
            [(2, 20)],
            [],
            id="starting-offset-beyond-total",
        ),
        pytest.param(
            {"limit": 4, "offset": 5, "max_items": 6},
            [(_items(5, 4), 100), (_items(9, 2), 100)],
            [(4, 5), (2, 9)],
            _items(5, 6),
            id="starting-offset-with-max-items",
        ),
    ],
)
def test_page_sequences(
    settings: dict[str, Any],
    pages: Sequence[Page],
    expected_requests: list[tuple[int, int]],
    expected_given: list[int],
) -> None:
    """Each next page starts after what was returned, and paging stops at the right page."""
    requests, given = _drive(OffsetPager(**settings), pages)

    assert (expected_requests, expected_given) == (requests, given)


def test_next_offset_follows_the_pages_and_ends_with_none() -> None:
    """next_offset is where the next page starts, and None once paging is over."""
    pager = OffsetPager(limit=2, offset=4)
    offsets = [pager.next_offset()]

    pager.accept([4, 5], 7)
    offsets.append(pager.next_offset())
    pager.accept([6], 7)
    offsets.append(pager.next_offset())

    assert [4, 6, None] == offsets


def test_a_finished_pager_asks_for_nothing_more() -> None:
    """After paging is over, next_request keeps answering None."""
    pager = OffsetPager(limit=2, max_items=2)
    pager.accept([1, 2], 100)

    assert [None, None, True] == [pager.next_request(), pager.next_request(), pager.done]


def test_accept_returns_what_to_give_out() -> None:
    """accept() gives out the page's items, trimmed to what max_items still allows."""
    pager = OffsetPager(limit=5, max_items=7)

    first = pager.accept([1, 2, 3, 4, 5], 100)
    second = pager.accept([6, 7, 8, 9, 10], 100)

    assert ([1, 2, 3, 4, 5], [6, 7], 7, 7) == (first, second, pager.given, pager.offset)
