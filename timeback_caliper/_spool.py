"""The background sender's SQLite spool: events kept on disk until the API has them.

The spool is a SQLite file shared by every process that opens it (gunicorn workers):
- `put` commits the event before `enqueue` returns (WAL, synchronous=NORMAL: an event
  survives a crash of the process; `fsync=True` makes it survive a power cut too);
- `claim` marks a batch with this process's owner id in one write transaction, so two
  processes never take the same rows;
- `ack` deletes a batch once the API acknowledged it; `hold` keeps it, marked with its job,
  until `settle` (the job completed: deleted; failed: moved to `dead`); `release` gives it
  back; `reject` moves events to the `dead` table, where they are kept, never resent
  (`requeue` puts them back, `purge` deletes them: the `timeback-caliper spool` commands);
- `recover` gives back the rows of owners that died (their pid is gone) or whose claim is
  older than the lease: a crash costs a resend, never an event (ids make resends safe).

Disk stays bounded: the enqueue path checkpoints the WAL every `CHECKPOINT_EVERY` commits
(itself: a checkpoint run beside a busy writer never completes, and the WAL only restarts
after a complete one), and SQLite truncates it to `WAL_LIMIT` bytes when it restarts. So
the WAL never holds more than that many commits, about 13 MB (each commit is about three
pages), however many events are queued; `max_bytes` bounds the file as a whole. One put in
`CHECKPOINT_EVERY` pays for the checkpoint (it syncs the file: milliseconds).

A small or nearly full disk cannot give the WAL 13 MB: the spool measures the free space
(`sending.disk_room`) and, when it is low, checkpoints and cuts the WAL to nothing every
few commits, and on every delivery; below a reserve it refuses new events ("disk_full"),
so what delivery writes always fits. Any write that still finds the disk full checkpoints
and cuts the WAL, then tries once more: once space returns, delivery resumes by itself.

Every SQLite failure becomes a `SpoolError` naming the file and the cause. A damaged file
(`PRAGMA quick_check` when the spool is opened, SQLITE_CORRUPT at any time later) is a
SpoolError "corrupt" that also says how to recover (the guide's "A damaged spool").

SQLite connections must not cross a fork: a child would share the parent's file locks
and, if a thread was inside SQLite at that moment, its mutexes. So every open spool waits
for its own threads and closes its connections before `os.fork()`, and opens new ones
after it, in the parent and in the child.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from timeback_caliper._core.sending import LOW_DISK_CHECKPOINT_EVERY, DiskRoom, Rest, disk_room
from timeback_caliper._queue import Batch, Entry, returned, take
from timeback_caliper._sqlite_file import identity
from timeback_caliper.exceptions import SpoolError

LEASE_SECONDS = 120.0
CHECKPOINT_EVERY = 1000  # commits of the enqueue path between two WAL checkpoints
COUNT_EVERY = 1000  # puts between two counts of the rows (other processes change them)
WAL_LIMIT = 1 << 20  # bytes SQLite truncates the WAL to when it restarts it
SIZE_CHECK_EVERY = 100  # puts between two measures of the file against `max_bytes`
ROOM_CHECK_EVERY = 100  # puts between two measures of the free disk, while there is plenty
APPLICATION_ID = 0x54425350  # "TBSP" in the file header: this file is a spool
TABLES = frozenset({"spool", "dead"})

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
# Columns added since the first spool files; older files get them on open.
_ADDED_COLUMNS = {
    "cap": "INTEGER NOT NULL DEFAULT 0",
    "isolated_at": "REAL NOT NULL DEFAULT 0",
    "job_id": "TEXT",
}
_ENTRY = "seq, sensor, body, size, enqueued_at, attempts, cap, isolated_at"

# SQLite's primary result codes -> (reason, what it means for a spool).
_CAUSES = {
    sqlite3.SQLITE_FULL: ("full", "the disk is full"),
    sqlite3.SQLITE_READONLY: ("read-only", "the file or its directory is read-only"),
    sqlite3.SQLITE_CORRUPT: ("corrupt", "the file is damaged (truncated or overwritten)"),
    sqlite3.SQLITE_NOTADB: ("not-a-spool", "the file is not a SQLite database"),
    sqlite3.SQLITE_BUSY: ("locked", "another process keeps the file locked"),
    sqlite3.SQLITE_LOCKED: ("locked", "another process keeps the file locked"),
    sqlite3.SQLITE_CANTOPEN: ("cannot-open", "the file cannot be opened"),
    sqlite3.SQLITE_IOERR: ("io", "reading or writing the file failed"),
    sqlite3.SQLITE_PERM: ("read-only", "the file may not be written"),
}

P = ParamSpec("P")
R = TypeVar("R")


def spool_error(path: str, exc: BaseException) -> SpoolError:
    """Our error for a SQLite (or OS) failure on the spool at `path`."""
    code = getattr(exc, "sqlite_errorcode", None)
    reason, meaning = _CAUSES.get(code & 0xFF if code is not None else -1, ("io", str(exc)))
    if isinstance(exc, OSError):
        reason, meaning = ("full", "the disk is full") if exc.errno == 28 else ("io", str(exc))
    elif isinstance(exc, sqlite3.ProgrammingError):
        reason, meaning = "closed", "the spool is closed"
    if reason == "cannot-open":
        folder = os.path.dirname(os.path.abspath(path))
        if not os.access(folder, os.W_OK):
            reason, meaning = "read-only", f"its directory {folder} may not be written"
    if reason == "corrupt":
        return damaged(path, str(exc), cause=exc)
    error = SpoolError(path, reason, f"{meaning} ({exc})")
    error.__cause__ = exc
    return error


def damaged(path: str, detail: str, *, cause: BaseException | None = None) -> SpoolError:
    """The SpoolError of a damaged spool file, with what to do about it."""
    error = SpoolError(
        path,
        "corrupt",
        f"the file is damaged ({detail}). Stop every sender using it, move it aside with"
        " its -wal and -shm files (a new spool then starts in its place) and salvage the"
        ' events it still holds: see "A damaged spool" in the background delivery guide',
    )
    error.__cause__ = cause
    return error


def _translated(method: Callable[P, R]) -> Callable[P, R]:
    """Raise SQLite's and the OS's failures of a spool method as SpoolError; a full disk
    first has the WAL checkpointed and cut, and the method tried once more (every method is
    a transaction, or idempotent)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        spool = args[0]
        path = getattr(spool, "path", "?")
        try:
            return method(*args, **kwargs)
        except (sqlite3.Error, OSError) as exc:
            error = spool_error(path, exc)
            if error.reason != "full" or not isinstance(spool, Spool) or spool._closed:
                raise error from exc
        spool._relieve()
        try:
            return method(*args, **kwargs)
        except (sqlite3.Error, OSError) as exc:
            raise spool_error(path, exc) from exc

    return wrapper


def _cut_wal(conn: sqlite3.Connection) -> None:
    """Checkpoint the whole WAL and truncate it to nothing (waiting at most a second for
    other connections); a failure (the disk still full) leaves it for the next time."""
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA busy_timeout = 1000")
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.execute("PRAGMA busy_timeout = 30000")


def _connect(path: str, *, durable: bool, checkpoints: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
    conn.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
    if not checkpoints:  # the enqueue path checkpoints on its own count: steadier latency
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    return conn


def check_spool_file(path: str) -> None:
    """Refuse, before anything is written, a path that cannot be a spool: a missing
    directory, or a file that is another program's (SQLite or not)."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise SpoolError(path, "missing-directory", f"the directory {folder} does not exist")
    if os.path.isdir(path):
        raise SpoolError(path, "not-a-spool", "it is a directory")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return
    try:
        app_id, tables = identity(path, timeout=30)
    except sqlite3.Error as exc:
        raise spool_error(path, exc) from exc
    if app_id == APPLICATION_ID or (app_id == 0 and tables in (set(), TABLES)):
        return
    found = ", ".join(sorted(tables)) or "none"
    raise SpoolError(
        path, "not-a-spool", f"it is another program's SQLite database (tables: {found})"
    )


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

    def __init__(
        self, path: str, max_items: int, *, fsync: bool = False, max_bytes: int | None = None
    ) -> None:
        self.path = path
        self.max_items = max_items
        self.max_bytes = max_bytes
        self.fsync = fsync
        self.owner = f"{os.getpid()}:{secrets.token_hex(4)}"
        self._put_lock = threading.Lock()
        self._work_lock = threading.Lock()
        self._closed = True
        self._puts = 0
        self._folder = os.path.dirname(os.path.abspath(path))
        self._room: DiskRoom = "plenty"
        check_spool_file(path)
        self._setup()
        self._closed = False
        _OPEN_SPOOLS.add(self)

    @_translated
    def _setup(self) -> None:
        self._open()
        try:
            self._check_pages()
            with self._writer:
                self._writer.executescript(_SCHEMA)
                columns = {row[1] for row in self._writer.execute("PRAGMA table_info(spool)")}
                for name, kind in _ADDED_COLUMNS.items():
                    if name not in columns:
                        self._writer.execute(f"ALTER TABLE spool ADD COLUMN {name} {kind}")
                self._writer.execute(
                    "CREATE INDEX IF NOT EXISTS spool_job ON spool (job_id)"
                    " WHERE job_id IS NOT NULL"
                )
                self._writer.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._estimate = self._count()
            self._bytes = self._used_bytes()
            self._room = disk_room(self._free_bytes())
        except BaseException:
            self._writer.close()
            self._worker.close()
            raise

    def _check_pages(self) -> None:
        """Refuse a file damaged past its header (which opens without error) before
        anything is written to it: SQLite's own check of every page."""
        problems = [row[0] for row in self._worker.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            raise damaged(self.path, "; ".join(str(p) for p in problems))

    def _free_bytes(self) -> int:
        """The disk's free bytes. Not the file's free pages: new rows may fill those, but
        the WAL needs the disk, and a checkpoint of new pages needs it to grow the file (a
        WAL that takes the last bytes then can never be checkpointed)."""
        try:
            found = os.statvfs(self._folder)
        except OSError:
            return 1 << 62  # not measurable here: as if there were plenty
        return found.f_bavail * found.f_frsize

    def _relieve(self) -> None:
        """A write found the disk full: give back the WAL's space, if it can be given."""
        self._room = "low"  # measured again at the next put
        with self._work_lock:
            if not self._closed:
                _cut_wal(self._worker)

    def _open(self) -> None:
        self._writer = _connect(self.path, durable=self.fsync, checkpoints=False)
        try:
            self._worker = _connect(self.path, durable=self.fsync, checkpoints=True)
        except BaseException:
            self._writer.close()
            raise

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

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on the worker's connection (under its lock)."""
        with self._work_lock:
            conn = self._worker
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self._trim()

    def _trim(self) -> bool:
        """After a write of the worker (under its lock): on a low disk, the WAL goes back
        to nothing, or claims and retries during an outage would fill the disk with it.
        True if it did."""
        self._room = disk_room(self._free_bytes())
        if self._room == "plenty":
            return False
        _cut_wal(self._worker)
        return True

    def _count(self) -> int:
        (count,) = self._worker.execute("SELECT COUNT(*) FROM spool").fetchone()
        return int(count)

    def _used_bytes(self) -> int:
        """Bytes of the file that hold data, and of its WAL."""
        conn = self._worker
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
        (free,) = conn.execute("PRAGMA freelist_count").fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        try:
            wal = os.path.getsize(self.path + "-wal")
        except OSError:
            wal = 0
        return int((pages - free) * page_size + wal)

    def put(self, sensor: str, body: str, size: int) -> str | None:
        """None when the event is committed; else why not: "queue_full" (`max_items`),
        "spool_full" (`max_bytes`) or "disk_full" (the disk is full, or nearly: see
        `sending.disk_room`). Raises SpoolError for other trouble."""
        with self._put_lock:
            for last_try in (False, True):
                try:
                    return self._put(sensor, body, size)
                except (sqlite3.Error, OSError) as exc:
                    error = spool_error(self.path, exc)
                    if error.reason != "full":
                        raise error from exc
                    if last_try:
                        return "disk_full"
                    _cut_wal(self._writer)  # the WAL's space may be all it takes
                    self._room = "low"  # measured again from now on
            raise AssertionError("unreachable")

    def _put(self, sensor: str, body: str, size: int) -> str | None:
        self._puts += 1
        if self._room != "plenty" or self._puts % ROOM_CHECK_EVERY == 0:
            self._room = disk_room(self._free_bytes())
        if self._room == "full":
            if self._puts % LOW_DISK_CHECKPOINT_EVERY == 0:
                _cut_wal(self._writer)  # what delivery wrote since: space to give back
            return "disk_full"
        if self._room == "low":
            if self._puts % LOW_DISK_CHECKPOINT_EVERY == 0:
                _cut_wal(self._writer)
        elif self._puts % CHECKPOINT_EVERY == 0:
            self._writer.execute("PRAGMA wal_checkpoint(PASSIVE)")
        if self._puts % COUNT_EVERY == 0 or self._estimate >= self.max_items:
            with self._work_lock:
                self._estimate = self._count()  # other processes add and remove rows too
        if self._estimate >= self.max_items:
            return "queue_full"
        if self.max_bytes is not None:
            if self._puts % SIZE_CHECK_EVERY == 0 or self._bytes >= self.max_bytes:
                with self._work_lock:
                    self._bytes = self._used_bytes()
            if self._bytes >= self.max_bytes:
                return "spool_full"
        self._writer.execute(
            "INSERT INTO spool (sensor, body, size, enqueued_at) VALUES (?, ?, ?, ?)",
            (sensor, body, size, time.time()),
        )
        self._estimate += 1
        self._bytes += size + 64  # until the next measure: the row and its share of pages
        return None

    @_translated
    def pending(self) -> tuple[int, int, float | None]:
        """(events, bytes, enqueue time of the oldest) of the unclaimed rows; the counts are
        capped at a batch's worth, which is all the sender needs to decide."""
        with self._work_lock:
            rows = self._worker.execute(
                "SELECT enqueued_at, size FROM spool WHERE owner IS NULL AND job_id IS NULL"
                " ORDER BY seq LIMIT 1000"
            ).fetchall()
        if not rows:
            return 0, 0, None
        return len(rows), sum(size + 1 for _, size in rows), rows[0][0]

    @_translated
    def claim(self, max_events: int, max_bytes: int) -> Batch | None:
        with self._transaction() as conn:
            rows = conn.execute(
                f"SELECT {_ENTRY} FROM spool WHERE owner IS NULL AND job_id IS NULL"
                " ORDER BY seq LIMIT ?",
                (max_events,),
            ).fetchall()
            taken = take([Entry(*row) for row in rows], max_events, max_bytes)
            conn.executemany(
                "UPDATE spool SET owner = ?, claimed_at = ?, attempts = attempts + 1 WHERE seq = ?",
                [(self.owner, time.time(), e.key) for e in taken],
            )
        taken = [e._replace(attempts=e.attempts + 1) for e in taken]
        return Batch(taken[0].sensor, taken) if taken else None

    def _keys(self, entries: Sequence[Entry]) -> list[tuple[int, str]]:
        return [(e.key, self.owner) for e in entries]

    @_translated
    def ack(self, batch: Batch) -> None:
        with self._work_lock:
            self._worker.executemany(
                "DELETE FROM spool WHERE seq = ? AND owner = ?", self._keys(batch.entries)
            )
            self._estimate = max(0, self._estimate - len(batch))
            self._trim()

    @_translated
    def hold(self, batch: Batch, job_id: str) -> None:
        """Delivered, but kept (not claimable) until its job settles."""
        now = time.time()
        with self._work_lock:
            self._worker.executemany(
                "UPDATE spool SET job_id = ?, claimed_at = ? WHERE seq = ? AND owner = ?",
                [(job_id, now, e.key, self.owner) for e in batch.entries],
            )
            self._trim()

    @_translated
    def settle(self, job_id: str, dead_reason: str | None) -> list[Entry]:
        """The job's events leave the spool: deleted, or (`dead_reason`) moved to `dead`."""
        with self._transaction() as conn:
            entries = [
                Entry(*row)
                for row in conn.execute(
                    f"SELECT {_ENTRY} FROM spool WHERE job_id = ? ORDER BY seq", (job_id,)
                )
            ]
            if dead_reason is not None:
                self._bury(conn, entries, dead_reason)
            conn.execute("DELETE FROM spool WHERE job_id = ?", (job_id,))
        self._estimate = max(0, self._estimate - len(entries))
        return entries

    @_translated
    def held_jobs(self) -> dict[str, int]:
        """The jobs whose events this process keeps: its own, and those of processes that
        died before their jobs settled (taken over here). Job id -> events."""
        with self._transaction() as conn:
            conn.execute(
                "UPDATE spool SET owner = ? WHERE job_id IS NOT NULL AND owner IS NULL",
                (self.owner,),
            )
            rows = conn.execute(
                "SELECT job_id, COUNT(*) FROM spool WHERE owner = ? AND job_id IS NOT NULL"
                " GROUP BY job_id",
                (self.owner,),
            ).fetchall()
        return dict(rows)

    @_translated
    def release(self, entries: Sequence[Entry], rest: Rest, now: float) -> None:
        """Back to the queue; set aside ("isolate"): behind every other event."""
        back = returned(entries, rest, now)
        with self._transaction() as conn:
            if rest == "isolate":
                conn.executemany(
                    "DELETE FROM spool WHERE seq = ? AND owner = ?", self._keys(entries)
                )
                conn.executemany(
                    "INSERT INTO spool (sensor, body, size, enqueued_at, attempts, cap,"
                    " isolated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (e.sensor, e.body, e.size, e.enqueued_at, e.attempts, e.cap, e.isolated_at)
                        for e in back
                    ],
                )
            else:
                conn.executemany(
                    "UPDATE spool SET owner = NULL, claimed_at = NULL, cap = ?"
                    " WHERE seq = ? AND owner = ?",
                    [(e.cap, e.key, self.owner) for e in back],
                )

    @staticmethod
    def _bury(conn: sqlite3.Connection, entries: Sequence[Entry], reason: str) -> None:
        now = time.time()
        conn.executemany(
            "INSERT OR REPLACE INTO dead (seq, sensor, body, enqueued_at, rejected_at, reason)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(e.key, e.sensor, e.body, e.enqueued_at, now, reason) for e in entries],
        )

    @_translated
    def reject(self, entries: Sequence[Entry], reason: str) -> None:
        with self._transaction() as conn:
            self._bury(conn, entries, reason)
            conn.executemany("DELETE FROM spool WHERE seq = ? AND owner = ?", self._keys(entries))
        self._estimate = max(0, self._estimate - len(entries))

    @_translated
    def recover(self) -> int:
        """Give back rows claimed by processes that died, or whose lease ran out (a row
        waiting for its job keeps the job; `held_jobs` takes it over)."""
        stale_before = time.time() - LEASE_SECONDS
        released = 0
        with self._work_lock:
            owners = self._worker.execute(
                "SELECT owner, MIN(claimed_at) FROM spool"
                " WHERE owner IS NOT NULL AND job_id IS NULL GROUP BY owner"
                " UNION SELECT owner, NULL FROM spool"
                " WHERE owner IS NOT NULL AND job_id IS NOT NULL GROUP BY owner"
            ).fetchall()
            for owner, claimed_at in owners:
                if owner == self.owner:
                    continue
                pid_text = owner.split(":", 1)[0]
                pid = int(pid_text) if pid_text.isascii() and pid_text.isdigit() else -1
                if not _alive(pid):
                    cursor = self._worker.execute(
                        "UPDATE spool SET owner = NULL, claimed_at = NULL WHERE owner = ?",
                        (owner,),
                    )
                    released += cursor.rowcount
                elif claimed_at is not None and claimed_at < stale_before:
                    cursor = self._worker.execute(
                        "UPDATE spool SET owner = NULL, claimed_at = NULL"
                        " WHERE owner = ? AND job_id IS NULL",
                        (owner,),
                    )
                    released += cursor.rowcount
            if not self._trim():
                self._worker.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return released

    @_translated
    def size(self) -> int:
        """Events not yet delivered (queued or being sent)."""
        with self._work_lock:
            (count,) = self._worker.execute(
                "SELECT COUNT(*) FROM spool WHERE job_id IS NULL"
            ).fetchone()
        return int(count)

    # -- for operators (`timeback-caliper spool ...`) and tests -----------------------------

    @_translated
    def status(self) -> dict[str, Any]:
        """What the file holds, for `timeback-caliper spool status`."""
        with self._work_lock:
            conn = self._worker
            (queued,) = conn.execute(
                "SELECT COUNT(*) FROM spool WHERE owner IS NULL AND job_id IS NULL"
            ).fetchone()
            claimed = dict(
                conn.execute(
                    "SELECT owner, COUNT(*) FROM spool WHERE owner IS NOT NULL"
                    " AND job_id IS NULL GROUP BY owner"
                ).fetchall()
            )
            awaiting, jobs = conn.execute(
                "SELECT COUNT(*), COUNT(DISTINCT job_id) FROM spool WHERE job_id IS NOT NULL"
            ).fetchone()
            (oldest,) = conn.execute("SELECT MIN(enqueued_at) FROM spool").fetchone()
            reasons = dict(
                conn.execute(
                    "SELECT reason, COUNT(*) FROM dead GROUP BY reason ORDER BY 2 DESC"
                ).fetchall()
            )
            used = self._used_bytes()
        files = [self.path, self.path + "-wal"]
        return {
            "path": self.path,
            "queued": queued,
            "being_sent": sum(claimed.values()),
            "senders": len(claimed),
            "awaiting_jobs": {"events": awaiting, "jobs": jobs},
            "dead": sum(reasons.values()),
            "dead_by_reason": reasons,
            "oldest_enqueued_at": oldest,
            "bytes_used": used,
            "bytes_on_disk": sum(os.path.getsize(f) for f in files if os.path.exists(f)),
        }

    @_translated
    def dead(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The rejected events, oldest first, with why (kept in the file; never resent)."""
        with self._work_lock:
            rows = self._worker.execute(
                "SELECT seq, sensor, body, reason, rejected_at FROM dead ORDER BY seq LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        return [
            {"seq": q, "sensor": s, "event": json.loads(b), "reason": r, "rejected_at": t}
            for q, s, b, r, t in rows
        ]

    @_translated
    def requeue(self, seqs: Sequence[int] | None = None) -> int:
        """Dead letters back into the queue (all, or those `seqs`), as new events."""
        with self._transaction() as conn:
            where, args = self._which(seqs)
            cursor = conn.execute(
                "INSERT INTO spool (sensor, body, size, enqueued_at)"
                f" SELECT sensor, body, LENGTH(CAST(body AS BLOB)), enqueued_at FROM dead{where}",
                args,
            )
            moved = cursor.rowcount
            conn.execute(f"DELETE FROM dead{where}", args)
        self._estimate += moved
        return moved

    @_translated
    def purge(self, seqs: Sequence[int] | None = None) -> int:
        """Delete dead letters (all, or those `seqs`) for good."""
        with self._transaction() as conn:
            where, args = self._which(seqs)
            return conn.execute(f"DELETE FROM dead{where}", args).rowcount

    @staticmethod
    def _which(seqs: Sequence[int] | None) -> tuple[str, list[int]]:
        if seqs is None:
            return "", []
        return f" WHERE seq IN ({', '.join('?' * len(seqs))})", list(seqs)

    def drain(self) -> list[Entry]:
        return []  # nothing is lost: it stays in the file

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file; the jobs this sender still follows are left to the next one."""
        with self._put_lock, self._work_lock:
            if not self._closed:
                self._closed = True
                # A full or broken file: the rows are taken over when we are gone.
                with contextlib.suppress(sqlite3.Error):
                    self._worker.execute(
                        "UPDATE spool SET owner = NULL WHERE owner = ? AND job_id IS NOT NULL",
                        (self.owner,),
                    )
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
