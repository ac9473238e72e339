"""What really differs between threads and tasks, as name-matched pairs (`x` / `ax`).

scripts/unasync.py rewrites `asleep` to `sleep` and `amap_bounded` to `map_bounded` when it
generates the sync client, so the facade is written once, against these.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
R = TypeVar("R")


def sleep(seconds: float) -> None:
    time.sleep(seconds)


async def asleep(seconds: float) -> None:
    import asyncio  # here, so that the sync client never imports it

    await asyncio.sleep(seconds)


def map_bounded(fn: Callable[[T], R], items: Iterable[T], limit: int) -> Iterator[R]:
    """`fn` over `items` in up to `limit` threads; results in input order.

    Items are taken from `items` only as places free up, so a generator is consumed lazily
    and memory stays bounded by `limit`.
    """
    if limit <= 1:
        for item in items:
            yield fn(item)
        return
    with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="timeback-caliper") as pool:
        pending: deque[Future[R]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) >= limit:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


async def amap_bounded(
    fn: Callable[[T], Awaitable[R]], items: Iterable[T], limit: int
) -> AsyncIterator[R]:
    """`fn` over `items` with up to `limit` tasks in flight; results in input order."""
    import asyncio

    pending: deque[asyncio.Future[R]] = deque()
    try:
        for item in items:
            pending.append(asyncio.ensure_future(fn(item)))
            if len(pending) >= max(1, limit):
                yield await pending.popleft()
        while pending:
            yield await pending.popleft()
    finally:
        for task in pending:
            task.cancel()
