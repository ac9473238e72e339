"""Where the background sender keeps events until the API has them: in memory (here), in a
SQLite spool (`_spool.py`) or in a PostgreSQL outbox (`_pg_spool.py`), behind one interface.

Both are thread-safe and synchronous, so one implementation serves the thread sender and
the task sender. An event is stored as its JSON text, taken when it is enqueued: later
changes to the caller's dict cannot alter what is sent.

The life of an entry: `put`; `claim` (in a batch, counting the attempt); then one of
`ack` (delivered), `hold` (delivered; kept until its job settles, `settle`), `release`
(back to the queue, as `sending.plan_failure` said: as it was, capped to half the batch, or
set aside behind the others) or `reject` (dead-lettered with its reason).
"""

from __future__ import annotations

import functools
import json
import math
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Protocol

from attrs import frozen

from timeback_caliper._core.envelope import (
    as_event,
    encode_json,
    envelope_overhead,
    raise_errors,
    sensor_issues,
)
from timeback_caliper._core.sending import Rest
from timeback_caliper._core.show import show, unicode_problem
from timeback_caliper._core.validation import Issue, Level, json_issues, validate_event
from timeback_caliper._log import report_warnings
from timeback_caliper.exceptions import InputValidationError

_SAMPLE_TIME = "2000-01-01T00:00:00.000Z"


def prepare_event(
    event: object, sensor: str, *, level: Level, max_batch_bytes: int, check_sensor: bool = True
) -> tuple[str, int, str]:
    """Check and encode one event for a queue: (its JSON, its size in bytes, the sensor).

    The one way in for a sender's `enqueue` and the outbox's: InputValidationError for an
    invalid event or one that no batch could hold; warnings logged once.
    """
    event = as_event(event)
    issues = validate_event(event, level=level)
    if check_sensor:
        issues += sensor_issues(sensor)
    if issues and raise_errors(issues, "Invalid event"):
        report_warnings(issues, "enqueue")
    sensor = sensor.strip()
    try:
        body = encode_json(event)
        size = len(body) if body.isascii() else len(body.encode("utf-8"))
    except (TypeError, ValueError, RecursionError):  # a lone surrogate: UnicodeEncodeError
        raise InputValidationError("Not JSON", json_issues(event)) from None
    if _overhead(sensor) + size + 1 > max_batch_bytes:
        message = f"is {size} bytes; a batch holds at most {max_batch_bytes}"
        raise InputValidationError("Event too large", [Issue("", message, code="too-large")])
    return body, size, sensor


@functools.lru_cache(maxsize=64)
def _overhead(sensor: str) -> int:
    return envelope_overhead(sensor, _SAMPLE_TIME)


class Entry(NamedTuple):
    """One queued event (a tuple: one is made per `enqueue`, and this is the fast kind)."""

    key: int
    sensor: str
    body: str  # the event's JSON
    size: int  # bytes of `body`
    enqueued_at: float
    attempts: int = 0  # sends that included it
    cap: int = 0  # the largest batch it may go in (0: any), after a split
    isolated_at: float = 0.0  # when it was set aside to be sent alone (0: never)


@frozen
class Batch:
    sensor: str
    entries: Sequence[Entry]

    def events(self) -> list[Any]:
        return events_of(self.entries)

    @property
    def attempts(self) -> int:
        return max(e.attempts for e in self.entries)

    @property
    def isolated_at(self) -> float:
        return self.entries[0].isolated_at if len(self.entries) == 1 else 0.0

    def __len__(self) -> int:
        return len(self.entries)


def events_of(entries: Iterable[Entry]) -> list[Any]:
    return [json.loads(e.body) for e in entries]


class Queue(Protocol):
    """What the sender needs of a memory queue or a spool."""

    durable: bool

    def put(self, sensor: str, body: str, size: int) -> str | None: ...
    def pending(self) -> tuple[int, int, float | None]: ...
    def claim(self, max_events: int, max_bytes: int) -> Batch | None: ...
    def ack(self, batch: Batch) -> None: ...
    def hold(self, batch: Batch, job_id: str) -> None: ...
    def settle(self, job_id: str, dead_reason: str | None) -> list[Entry]: ...
    def held_jobs(self) -> dict[str, int]: ...
    def release(self, entries: Sequence[Entry], rest: Rest, now: float) -> None: ...
    def reject(self, entries: Sequence[Entry], reason: str) -> None: ...
    def recover(self) -> int: ...
    def size(self) -> int: ...
    def drain(self) -> list[Entry]: ...
    def close(self) -> None: ...


def spool_problem(value: object) -> str | None:
    """Why `value` cannot be a sender's `spool` (None: a path, a URL or a queue object)."""
    if isinstance(value, str | os.PathLike):
        path = os.fspath(value)
        if not isinstance(path, str):
            return f"must be a path given as text, got {show(value)}"
        if "\x00" in path:
            return "holds a NUL character, which no file name can hold"
        return unicode_problem(path)
    missing = [name for name in _QUEUE_METHODS if not callable(getattr(value, name, None))]
    if not missing:
        return None
    return (
        "must be a path, a postgresql:// URL or a queue object (one with "
        f"{', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}), got {show(value)}"
    )


_QUEUE_METHODS = [n for n in Queue.__dict__ if not n.startswith("_") and n != "durable"]


def take(entries: Sequence[Entry], max_events: int, max_bytes: int) -> list[Entry]:
    """The longest prefix of one sensor's entries that fits a batch (at least one entry).

    An entry set aside goes alone, and no other batch takes it along; a split entry's cap
    bounds the batch that starts with it.
    """
    if not entries:
        return []
    head = entries[0]
    if head.isolated_at:
        return [head]
    limit = min(max_events, head.cap) if head.cap else max_events
    size = envelope_overhead(head.sensor, "2000-01-01T00:00:00.000Z")
    taken: list[Entry] = []
    for entry in entries:
        if entry.sensor != head.sensor or entry.isolated_at or len(taken) >= limit:
            break
        if taken and size + entry.size + 1 > max_bytes:
            break
        taken.append(entry)
        size += entry.size + 1
    return taken


def returned(entries: Sequence[Entry], rest: Rest, now: float) -> list[Entry]:
    """The entries as they go back to the queue after a failed send (see `release`)."""
    if rest == "split":
        half = math.ceil(len(entries) / 2)
        return [e._replace(cap=half) for e in entries]
    if rest == "isolate":
        return [e._replace(isolated_at=now, cap=1) for e in entries]
    return list(entries)


class MemoryQueue:
    """A bounded in-memory FIFO; what it holds is lost if the process dies."""

    durable = False

    def __init__(self, max_items: int, clock: Any = time.monotonic) -> None:
        self.max_items = max_items
        self.clock = clock
        self._items: deque[Entry] = deque()
        self._held: dict[str, list[Entry]] = {}
        self._bytes = 0
        self._next = 0
        self._lock = threading.Lock()

    def put(self, sensor: str, body: str, size: int) -> str | None:
        """None when queued; else why not ("queue_full")."""
        with self._lock:
            if len(self._items) >= self.max_items:
                return "queue_full"
            self._next += 1
            self._items.append(Entry(self._next, sensor, body, size, self.clock()))
            self._bytes += size + 1
            return None

    def pending(self) -> tuple[int, int, float | None]:
        """(events, bytes, enqueue time of the oldest) of what is queued."""
        with self._lock:
            oldest = self._items[0].enqueued_at if self._items else None
            return len(self._items), self._bytes, oldest

    def claim(self, max_events: int, max_bytes: int) -> Batch | None:
        with self._lock:
            window = [self._items[i] for i in range(min(max_events, len(self._items)))]
            taken = take(window, max_events, max_bytes)
            for entry in taken:
                self._items.popleft()
                self._bytes -= entry.size + 1
        taken = [e._replace(attempts=e.attempts + 1) for e in taken]
        return Batch(taken[0].sensor, taken) if taken else None

    def release(self, entries: Sequence[Entry], rest: Rest, now: float) -> None:
        back = returned(entries, rest, now)
        with self._lock:
            if rest == "isolate":
                self._items.extend(back)
            else:
                self._items.extendleft(reversed(back))
            self._bytes += sum(e.size + 1 for e in back)

    def ack(self, batch: Batch) -> None:
        """Nothing to do: a claimed entry has already left the queue."""

    def hold(self, batch: Batch, job_id: str) -> None:
        with self._lock:
            self._held.setdefault(job_id, []).extend(batch.entries)

    def settle(self, job_id: str, dead_reason: str | None) -> list[Entry]:
        """Forget a job's events; returns them (the sender reports them if it failed)."""
        with self._lock:
            return self._held.pop(job_id, [])

    def held_jobs(self) -> dict[str, int]:
        return {}  # a memory queue has no jobs left by another process to take over

    def reject(self, entries: Sequence[Entry], reason: str) -> None:
        """Nothing to keep: the sender reports the events to `on_error`."""

    def recover(self) -> int:
        return 0

    def size(self) -> int:
        with self._lock:
            return len(self._items)

    def drain(self) -> list[Entry]:
        """Take everything (at exit, to count and report what could not be sent)."""
        with self._lock:
            items = list(self._items)
            self._items.clear()
            self._bytes = 0
            return items

    def close(self) -> None:
        pass
