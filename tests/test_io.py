"""The thread and task primitives of `_io.py`: wake-ups that are never missed."""

from __future__ import annotations

import asyncio
import threading
import time

from timeback_caliper._io import AsyncProgress, Progress


def test_progress_wakes_a_waiting_thread_at_once() -> None:
    """A notify from another thread ends the wait long before its timeout."""
    progress = Progress()
    seen = progress.generation
    timer = threading.Timer(0.05, progress.notify)
    timer.start()

    started = time.monotonic()
    progress.wait(seen, timeout=30.0)
    timer.join()

    assert time.monotonic() - started < 10.0
    assert seen + 1 == progress.generation


def test_progress_never_misses_a_notify_that_came_first() -> None:
    """A notify between reading `generation` and waiting still ends the wait."""
    progress = Progress()
    seen = progress.generation
    progress.notify()

    started = time.monotonic()
    progress.wait(seen, timeout=30.0)

    assert time.monotonic() - started < 10.0


def test_progress_wait_times_out_without_a_notify() -> None:
    """Nothing moves: the wait returns after its timeout."""
    progress = Progress()

    progress.wait(progress.generation, timeout=0.01)

    assert 0 == progress.generation


def test_async_progress_is_woken_from_another_thread() -> None:
    """A task waiting on AsyncProgress wakes when a thread notifies."""

    async def main() -> float:
        progress = AsyncProgress()
        seen = progress.generation
        timer = threading.Timer(0.05, progress.notify)
        timer.start()
        started = time.monotonic()
        await progress.wait(seen, timeout=30.0)
        timer.join()
        return time.monotonic() - started

    assert asyncio.run(main()) < 10.0


def test_async_progress_never_misses_an_earlier_notify_and_times_out_otherwise() -> None:
    """A notify before the wait returns at once; with none, the wait ends at its timeout."""

    async def main() -> tuple[float, float]:
        progress = AsyncProgress()
        seen = progress.generation
        progress.notify()
        started = time.monotonic()
        await progress.wait(seen, timeout=30.0)
        first = time.monotonic() - started
        started = time.monotonic()
        await progress.wait(progress.generation, timeout=0.01)
        return first, time.monotonic() - started

    first, second = asyncio.run(main())

    assert first < 10.0
    assert 0.005 <= second < 10.0
