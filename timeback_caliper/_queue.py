"""Where the background sender keeps events until the API has them: memory or a SQLite spool.

Both are thread-safe and synchronous, so one implementation serves the thread sender and
the task sender. An event is stored as its JSON text, taken when it is enqueued: later
changes to the caller's dict cannot alter what is sent.

The spool is a SQLite file shared by every process that opens it (gunicorn workers):
- `put` commits the event before `enqueue` returns (WAL, synchronous=NORMAL: an event
  survives a crash of the process; `durable=True` makes it survive a power cut too);
- `claim` marks a batch with this process's owner id in one write transaction, so two
  processes never take the same rows;
- `ack` deletes a batch once the API acknowledged it; `release` gives it back; `reject`
  moves it to the `dead` table, where it is kept, never resent;
- `recover` gives back the rows of owners that died (their pid is gone) or whose claim is
  older than the lease: a crash costs a resend, never an event (ids make resends safe).

SQLite connections must not cross a fork: a child would share the parent's file locks
and, if a thread was inside SQLite at that moment, its mutexes. So every open spool waits
for its own threads and closes its connections before `os.fork()`, and opens new ones
after it, in the parent and in the child.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
import time
import weakref
from collections import deque
from collections.abc import Sequence
from typing import Any, NamedTuple

from attrs import frozen

from timeback_caliper._core.envelope import envelope_overhead

LEASE_SECONDS = 120.0


class Entry(NamedTuple):
    """One queued event (a tuple: one is made per `enqueue`, and this is the fast kind)."""

    key: int
    sensor: str
    body: str  # the event's JSON
    size: int  # bytes of `body`
    enqueued_at: float


@frozen
class Batch:
    sensor: str
    entries: Sequence[Entry]

    def events(self) -> list[Any]:
        return [json.loads(e.body) for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)


def _take(entries: Sequence[Entry], max_events: int, max_bytes: int) -> list[Entry]:
    """The longest prefix of one sensor's entries that fits a batch (at least one entry)."""
    if not entries:
        return []
    sensor = entries[0].sensor
    size = envelope_overhead(sensor, "2000-01-01T00:00:00.000Z")
    taken: list[Entry] = []
    for entry in entries:
        if entry.sensor != sensor or len(taken) >= max_events:
            break
        if taken and size + entry.size + 1 > max_bytes:
            break
        taken.append(entry)
        size += entry.size + 1
    return taken


class MemoryQueue:
    """A bounded in-memory FIFO; what it holds is lost if the process dies."""

    durable = False

    def __init__(self, max_items: int, clock: Any = time.monotonic) -> None:
        self.max_items = max_items
        self.clock = clock
        self._items: deque[Entry] = deque()
        self._bytes = 0
        self._next = 0
        self._lock = threading.Lock()

    def put(self, sensor: str, body: str, size: int) -> bool:
        with self._lock:
            if len(self._items) >= self.max_items:
                return False
            self._next += 1
            self._items.append(Entry(self._next, sensor, body, size, self.clock()))
            self._bytes += size + 1
            return True

    def pending(self) -> tuple[int, int, float | None]:
        """(events, bytes, enqueue time of the oldest) of what is queued."""
        with self._lock:
            oldest = self._items[0].enqueued_at if self._items else None
            return len(self._items), self._bytes, oldest

    def claim(self, max_events: int, max_bytes: int) -> Batch | None:
        with self._lock:
            window = [self._items[i] for i in range(min(max_events, len(self._items)))]
            taken = _take(window, max_events, max_bytes)
            for entry in taken:
                self._items.popleft()
                self._bytes -= entry.size + 1
        return Batch(taken[0].sensor, taken) if taken else None

    def release(self, batch: Batch) -> None:
        with self._lock:
            for entry in reversed(batch.entries):
                self._items.appendleft(entry)
                self._bytes += entry.size + 1

    def ack(self, batch: Batch) -> None:
        """Nothing to do: a claimed entry has already left the queue."""

    def reject(self, batch: Batch, reason: str) -> None:
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


_SCHEMA = """
CREATE TABLE IF NOT EXISTS spool (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    sensor TEXT NOT NULL,
    body TEXT NOT NULL,
    size INTEGER NOT NULL,
    enqueued_at REAL NOT NULL,
    owner TEXT,
    claimed_at REAL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS spool_owner ON spool (owner, seq);
CREATE TABLE IF NOT EXISTS dead (
    seq INTEGER PRIMARY KEY,
    sensor TEXT NOT NULL,
    body TEXT NOT NULL,
    enqueued_at REAL NOT NULL,
    rejected_at REAL NOT NULL,
    reason TEXT NOT NULL
);
"""


def _connect(path: str, *, durable: bool, checkpoints: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
    if not checkpoints:  # the enqueue path leaves checkpoints to the worker: steadier latency
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    return conn


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Spool:
    """A bounded SQLite queue that survives crashes and is shared between processes."""

    durable = True

    def __init__(self, path: str, max_items: int, *, fsync: bool = False) -> None:
        self.path = path
        self.max_items = max_items
        self.fsync = fsync
        self.owner = f"{os.getpid()}:{secrets.token_hex(4)}"
        self._put_lock = threading.Lock()
        self._work_lock = threading.Lock()
        self._open()
        with self._writer:
            self._writer.executescript(_SCHEMA)
        self._closed = False
        self._estimate = self._count()
        self._puts = 0
        _OPEN_SPOOLS.add(self)

    def _open(self) -> None:
        self._writer = _connect(self.path, durable=self.fsync, checkpoints=False)
        self._worker = _connect(self.path, durable=self.fsync, checkpoints=True)

    def _before_fork(self) -> None:
        """Hold both locks (no thread of ours is inside SQLite) and close the connections."""
        self._put_lock.acquire()
        self._work_lock.acquire()
        if not self._closed:
            self._writer.close()
            self._worker.close()

    def _after_fork(self) -> None:
        if not self._closed:
            self._open()
        self._work_lock.release()
        self._put_lock.release()

    def _count(self) -> int:
        (count,) = self._worker.execute("SELECT COUNT(*) FROM spool").fetchone()
        return int(count)

    def put(self, sensor: str, body: str, size: int) -> bool:
        with self._put_lock:
            self._puts += 1
            if self._puts % 1000 == 0 or self._estimate >= self.max_items:
                with self._work_lock:
                    self._estimate = self._count()  # other processes add and remove rows too
            if self._estimate >= self.max_items:
                return False
            self._writer.execute(
                "INSERT INTO spool (sensor, body, size, enqueued_at) VALUES (?, ?, ?, ?)",
                (sensor, body, size, time.time()),
            )
            self._estimate += 1
            return True

    def pending(self) -> tuple[int, int, float | None]:
        """(events, bytes, enqueue time of the oldest) of the unclaimed rows; the counts are
        capped at a batch's worth, which is all the sender needs to decide."""
        with self._work_lock:
            rows = self._worker.execute(
                "SELECT enqueued_at, size FROM spool WHERE owner IS NULL ORDER BY seq LIMIT 1000"
            ).fetchall()
        if not rows:
            return 0, 0, None
        return len(rows), sum(size + 1 for _, size in rows), rows[0][0]

    def claim(self, max_events: int, max_bytes: int) -> Batch | None:
        with self._work_lock:
            conn = self._worker
            conn.execute("BEGIN IMMEDIATE")
            try:
                rows = conn.execute(
                    "SELECT seq, sensor, body, size, enqueued_at FROM spool"
                    " WHERE owner IS NULL ORDER BY seq LIMIT ?",
                    (max_events,),
                ).fetchall()
                taken = _take([Entry(*row) for row in rows], max_events, max_bytes)
                if taken:
                    conn.executemany(
                        "UPDATE spool SET owner = ?, claimed_at = ?, attempts = attempts + 1"
                        " WHERE seq = ?",
                        [(self.owner, time.time(), e.key) for e in taken],
                    )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return Batch(taken[0].sensor, taken) if taken else None

    def _keys(self, batch: Batch) -> list[tuple[int, str]]:
        return [(e.key, self.owner) for e in batch.entries]

    def ack(self, batch: Batch) -> None:
        with self._work_lock:
            self._worker.executemany(
                "DELETE FROM spool WHERE seq = ? AND owner = ?", self._keys(batch)
            )
            self._estimate = max(0, self._estimate - len(batch))

    def release(self, batch: Batch) -> None:
        with self._work_lock:
            self._worker.executemany(
                "UPDATE spool SET owner = NULL, claimed_at = NULL WHERE seq = ? AND owner = ?",
                self._keys(batch),
            )

    def reject(self, batch: Batch, reason: str) -> None:
        now = time.time()
        with self._work_lock:
            conn = self._worker
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT OR REPLACE INTO dead (seq, sensor, body, enqueued_at, rejected_at,"
                    " reason) VALUES (?, ?, ?, ?, ?, ?)",
                    [(e.key, e.sensor, e.body, e.enqueued_at, now, reason) for e in batch.entries],
                )
                conn.executemany("DELETE FROM spool WHERE seq = ? AND owner = ?", self._keys(batch))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def recover(self) -> int:
        """Give back rows claimed by processes that died, or whose lease ran out."""
        stale_before = time.time() - LEASE_SECONDS
        released = 0
        with self._work_lock:
            owners = self._worker.execute(
                "SELECT owner, MIN(claimed_at) FROM spool WHERE owner IS NOT NULL GROUP BY owner"
            ).fetchall()
            for owner, claimed_at in owners:
                if owner == self.owner:
                    continue
                pid = int(owner.split(":", 1)[0]) if owner.split(":", 1)[0].isdigit() else -1
                if not _alive(pid) or claimed_at < stale_before:
                    cursor = self._worker.execute(
                        "UPDATE spool SET owner = NULL, claimed_at = NULL WHERE owner = ?", (owner,)
                    )
                    released += cursor.rowcount
            self._worker.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return released

    def size(self) -> int:
        with self._work_lock:
            return self._count()

    def dead(self) -> list[dict[str, Any]]:
        """The rejected events, with why (kept in the spool file; never resent)."""
        with self._work_lock:
            rows = self._worker.execute(
                "SELECT sensor, body, reason FROM dead ORDER BY seq"
            ).fetchall()
        return [{"sensor": s, "event": json.loads(b), "reason": r} for s, b, r in rows]

    def drain(self) -> list[Entry]:
        return []  # nothing is lost: it stays in the file

    def close(self) -> None:
        with self._put_lock, self._work_lock:
            self._closed = True
            self._writer.close()
            self._worker.close()
        _OPEN_SPOOLS.discard(self)


_OPEN_SPOOLS: weakref.WeakSet[Spool] = weakref.WeakSet()
_FORKING: list[Spool] = []  # the spools held across the fork under way


def _spools_before_fork() -> None:
    _FORKING[:] = list(_OPEN_SPOOLS)
    for spool in _FORKING:
        spool._before_fork()


def _spools_after_fork() -> None:
    for spool in _FORKING:
        spool._after_fork()
    _FORKING.clear()


os.register_at_fork(
    before=_spools_before_fork,
    after_in_parent=_spools_after_fork,
    after_in_child=_spools_after_fork,
)
