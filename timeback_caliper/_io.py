"""What really differs between threads and tasks, as name-matched pairs (`x` / `ax`,
`X` / `AsyncX`).

scripts/unasync.py rewrites the async names to the sync ones when it generates the sync
client and sender, so those are written once, against these.
"""

from __future__ import annotations

import threading
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
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)


class Wakeup:
    """Wakes a worker thread; `set()` may be called from any thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def bind(self) -> None:
        """Nothing to do for threads (the async twin binds to its event loop)."""

    def set(self) -> None:
        self._event.set()

    def wait(self, timeout: float | None) -> None:
        self._event.wait(timeout)
        self._event.clear()


class AsyncWakeup:
    """Wakes a worker task; `set()` may be called from any thread, once `bind()` ran."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = 0

    def bind(self) -> None:
        """Attach to the running event loop (call from inside it)."""
        import asyncio

        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()
        self._thread = threading.get_ident()

    def set(self) -> None:
        if self._loop is None or self._event is None:
            return
        if threading.get_ident() == self._thread:
            self._event.set()
        elif not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._event.set)

    async def wait(self, timeout: float | None) -> None:
        """Return when woken or after `timeout`; a cancellation always goes through.

        Not `asyncio.wait_for`: on Python 3.11 it can swallow a cancellation that arrives as
        the event is set, and a worker that misses the cancellation of `asyncio.run()`'s
        shutdown hangs the interpreter at exit. A timer that sets the event cannot.
        """
        assert self._event is not None
        assert self._loop is not None
        timer = None if timeout is None else self._loop.call_later(timeout, self._event.set)
        try:
            await self._event.wait()
        finally:
            if timer is not None:
                timer.cancel()
        self._event.clear()


class Progress:
    """Tells waiters that something moved (a batch went, space freed); `notify()` may be
    called from any thread. A waiter reads `seen = generation` before it checks its
    condition and then waits for a change from `seen`, so no notification is ever missed.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.generation = 0

    def notify(self) -> None:
        with self._cond:
            self.generation += 1
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float) -> None:
        """Return once `generation` differs from `seen`, or after `timeout` seconds."""
        with self._cond:
            self._cond.wait_for(lambda: self.generation != seen, timeout)


class AsyncProgress:
    """`Progress` for tasks: `notify()` may be called from any thread; `wait()` from one
    event loop at a time (the sender's)."""

    def __init__(self) -> None:
        self.generation = 0
        self._waiters: set[asyncio.Future[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = 0

    def notify(self) -> None:
        self.generation += 1
        loop = self._loop
        if loop is None or not self._waiters:
            return
        if threading.get_ident() == self._thread:
            self._release()
        elif not loop.is_closed():
            loop.call_soon_threadsafe(self._release)

    def _release(self) -> None:
        for waiter in self._waiters:
            _settle(waiter)

    async def wait(self, seen: int, timeout: float) -> None:
        """Return once `generation` differs from `seen`, or after `timeout` seconds."""
        import asyncio

        if self.generation != seen:
            return
        self._loop = loop = asyncio.get_running_loop()
        self._thread = threading.get_ident()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiters.add(waiter)
        timer = loop.call_later(timeout, _settle, waiter)
        try:
            if self.generation == seen:  # a notify from another thread may have come between
                await waiter
        finally:
            timer.cancel()
            self._waiters.discard(waiter)


def _settle(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def start_worker(run: Callable[[], None], wakeup: Wakeup, name: str) -> threading.Thread | None:
    """A daemon thread running `run` (exit is handled by the sender's atexit hook)."""
    wakeup.bind()
    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def astart_worker(
    run: Callable[[], Awaitable[None]], wakeup: AsyncWakeup, name: str
) -> asyncio.Task[None] | None:
    """A task running `run` on the running loop; None when called outside one."""
    import asyncio

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    wakeup.bind()

    async def main() -> None:
        await run()

    return loop.create_task(main(), name=name)


def close_at_exit(close: Callable[[float], object], timeout: float) -> bool:
    """At interpreter exit a thread can still flush: close, waiting at most `timeout`."""
    close(timeout)
    return True


def aclose_at_exit(close: Callable[[float], Awaitable[object]], timeout: float) -> bool:
    """At interpreter exit no event loop runs: a task cannot flush."""
    return False


def join_worker(worker: threading.Thread | None, timeout: float) -> bool:
    """Wait for the worker to end; False if it is still running after `timeout`."""
    if worker is None:
        return True
    worker.join(timeout)
    return not worker.is_alive()


async def ajoin_worker(worker: asyncio.Task[None] | None, timeout: float) -> bool:
    """Wait for the worker to end; a task still running after `timeout` is cancelled (it
    puts its batch back in the queue), so that it never outlives its sender and the client
    can be closed. A thread cannot be cancelled: `join_worker` says False instead."""
    import asyncio

    if worker is None:
        return True
    done, _ = await asyncio.wait({worker}, timeout=timeout)
    if not done:
        worker.cancel()
        await asyncio.wait({worker})
    return True


def run_blocking(fn: Callable[[], R]) -> R:
    return fn()


async def arun_blocking(fn: Callable[[], R]) -> R:
    """Run a blocking call (SQLite) off the event loop."""
    import asyncio

    return await asyncio.to_thread(fn)


def sigterm_flush_problem() -> str | None:
    """Why a sender of this kind cannot flush on SIGTERM (None: it can)."""
    return None


def asigterm_flush_problem() -> str | None:
    return (
        "an AsyncSender cannot flush from a signal handler (its event loop is the code the "
        "signal interrupts): close it in your app's shutdown hook (uvicorn and hypercorn "
        "turn SIGTERM into one)"
    )


def install_sigterm_flush(close: Callable[[float], object], timeout: float) -> None:
    from timeback_caliper import _signals

    _signals.install(close, timeout)


def ainstall_sigterm_flush(close: Callable[[float], Awaitable[object]], timeout: float) -> None:
    """Never called: `asigterm_flush_problem` refuses the setting first."""
