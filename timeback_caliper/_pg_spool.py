"""The PostgreSQL spool: the sender's queue as an outbox table that many processes on many
hosts share (`Sender(spool="postgresql://...")`, the `timeback-caliper relay` command).

The contract is the SQLite spool's (`_spool.py`), on PostgreSQL's terms:
- `put` commits the row before `enqueue` returns; `outbox.enqueue(db, ...)` instead writes
  it on the caller's open transaction, so it exists if and only if that transaction commits;
- `claim` takes a batch with `SELECT ... FOR UPDATE SKIP LOCKED` and marks it with this
  process's owner id in the same transaction: two processes never take the same rows, and
  neither waits on the other;
- every process holds a session advisory lock whose key is its owner id, on a connection
  of its own: when a process dies (SIGKILL, a lost host), PostgreSQL ends its session and
  drops the lock, and `recover` gives its rows back at once; a claim older than the lease
  is given back too (a process alive but stuck);
- `ack` deletes; `hold`/`settle` keep a delivered batch until its job settles; `reject`
  moves rows to the `dead` table; `requeue`/`purge` are the operators' commands.

The schema lives in its own PostgreSQL schema (`timeback_caliper` by default), with a
version table; it is created or migrated only by `migrate()` (`timeback-caliper outbox
migrate`), never by opening a spool, which refuses a missing or older schema with the
command to run. A lost connection (a restart, a failover) is a `SpoolError` for the
operation under way (reason "unavailable": `is_transient`, a wait) and is opened again by
the next one; the sender waits it out. The lock's own connection, idle, cannot tell it was
cut: it is proven alive by a query whenever another was found dead (and at `recover`), the
lock taken again on a new one, and a claim takes rows only while it sees the lock held.
Every message is redacted (`_core/redact.py`): no piece of the password, however
malformed the URL.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import threading
import time
import types
import weakref
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from timeback_caliper._core.redact import misread, scrubbed
from timeback_caliper._core.redact import redacted as redacted  # for messages elsewhere
from timeback_caliper._core.sending import RECOVER_PERIOD, Rest
from timeback_caliper._queue import Batch, Entry, returned, take
from timeback_caliper.exceptions import SpoolError

if TYPE_CHECKING:
    import psycopg

SCHEMA = "timeback_caliper"
LEASE_SECONDS = 120.0
COUNT_EVERY = 1000  # puts between two counts of the rows (other processes change them)
SIZE_CHECK_EVERY = 100  # puts between two measures of the tables against `max_bytes`
_ENTRY = "seq, sensor, body, size, enqueued_at, attempts, cap, isolated_at"

# Each migration brings the schema from the version before it to its own; applied in
# order, in one transaction each, under a lock (two `migrate` runs at once are safe).
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE {s}.outbox (
            seq bigserial PRIMARY KEY,
            sensor text NOT NULL,
            body text NOT NULL,
            size integer NOT NULL,
            enqueued_at double precision NOT NULL
                DEFAULT extract(epoch FROM clock_timestamp()),
            owner text,
            claimed_at double precision,
            attempts integer NOT NULL DEFAULT 0,
            cap integer NOT NULL DEFAULT 0,
            isolated_at double precision NOT NULL DEFAULT 0,
            job_id text
        );
        -- A queue table: rows deleted as fast as they come. Vacuumed often, so that the
        -- scans for the next batch do not wade through dead rows.
        ALTER TABLE {s}.outbox SET (
            autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
            autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0.05
        );
        CREATE INDEX outbox_ready ON {s}.outbox (seq) WHERE owner IS NULL AND job_id IS NULL;
        CREATE INDEX outbox_owner ON {s}.outbox (owner) WHERE owner IS NOT NULL;
        CREATE INDEX outbox_job ON {s}.outbox (job_id) WHERE job_id IS NOT NULL;
        CREATE TABLE {s}.dead (
            seq bigint PRIMARY KEY,
            sensor text NOT NULL,
            body text NOT NULL,
            enqueued_at double precision NOT NULL,
            rejected_at double precision NOT NULL,
            reason text NOT NULL
        );
        """,
    ),
]
VERSION = MIGRATIONS[-1][0]
_MIGRATION_LOCK = 0x5442_4F58  # "TBOX": one migrator at a time
WORKER_THREADS = "timeback-caliper-sender-"  # the names of a thread sender's workers


def is_postgres_url(spool: object) -> bool:
    return isinstance(spool, str) and spool.startswith(("postgresql://", "postgres://"))


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise SpoolError(
            "postgresql",
            "missing-driver",
            "install the extra: pip install 'caliper-timeback-client[postgres]'",
        ) from None
    return psycopg


# Liveness is a session holding the process's advisory lock. A heartbeat proves it (or
# takes it again, on a new connection) every HEARTBEAT seconds, whatever the workers are
# doing (a send retried for a minute touches no connection). Another process gives back
# an owner's claims only once it has seen that owner's lock missing for LOCK_GRACE in a
# row: after a restart or a failover every session is new, and each live process needs a
# heartbeat (and a connection) to take its lock back; until then its batches are its own.
HEARTBEAT = 1.0
LOCK_GRACE = RECOVER_PERIOD
# The owners (as `owner` text) whose advisory lock some session of this database holds.
_LOCKED = (
    "SELECT ((classid::bigint << 32) | objid::bigint)::text FROM pg_locks"
    " WHERE locktype = 'advisory' AND objsubid = 1 AND granted"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)

# Why a database refused a connection, in its words (a failed connection carries no
# SQLSTATE in psycopg): a restart cannot fix these.
_REFUSED = re.compile(
    r"password authentication failed|authentication failed|role \".*?\" does not exist"
    r"|no pg_hba\.conf entry|not permitted to log in|permission denied for database"
    r"|no password supplied|password is missing"
)
_NO_DATABASE = re.compile(r"database \".*?\" does not exist")
_BAD_OPTION = re.compile(
    r"invalid connection option|invalid \w+ value|invalid integer value|invalid port number"
    r"|invalid sslmode|invalid URI"
)
# What a restart, a failover or a network fault looks like: wait for it, never exit. Every
# other reason ("bad-url", "refused", "not-a-spool", ...) is one a restart cannot fix.
TRANSIENT = "unavailable"


def classify(exc: BaseException, url: str = "", *, connecting: bool = False) -> tuple[str, str]:
    """(reason, meaning) of a driver failure (`connecting`: while opening a connection to
    `url`): the one rule for what is transient."""
    psycopg = _psycopg()
    errors = psycopg.errors
    text = str(exc)
    if isinstance(exc, errors.DiskFull):
        return "full", "the database's disk is full"
    if isinstance(exc, errors.InsufficientPrivilege):
        return "read-only", "this user may not write the outbox"
    if isinstance(exc, errors.UndefinedTable | errors.InvalidSchemaName):
        return "not-a-spool", "the outbox schema is gone: run `timeback-caliper outbox migrate`"
    if isinstance(exc, errors.InvalidAuthorizationSpecification | errors.InvalidPassword):
        return "refused", "the database refused the credentials"
    if isinstance(exc, psycopg.OperationalError):
        if exc.sqlstate is None:  # the connection itself failed: why, in libpq's words
            if _REFUSED.search(text):
                return "refused", "the database refused the credentials"
            if _NO_DATABASE.search(text):
                return "bad-url", "the URL names a database that does not exist"
            if _BAD_OPTION.search(text) or (connecting and misread(url)):
                return "bad-url", "the URL cannot be used"
        return TRANSIENT, "the database cannot be reached"
    if connecting and isinstance(exc, psycopg.ProgrammingError) and exc.sqlstate is None:
        return "bad-url", "the URL cannot be used"  # libpq could not parse it
    return "io", type(exc).__name__


def is_transient(error: BaseException) -> bool:
    """A spool that cannot be reached now (a restart, a failover): a wait, never an exit."""
    return isinstance(error, SpoolError) and error.reason == TRANSIENT


def database_error(url: str, exc: BaseException, *, connecting: bool = False) -> SpoolError:
    """Our error for a driver failure on the database at `url`, named and worded without
    any piece of the password (the driver may quote a malformed URL whole). Raise it `from
    None`: a traceback of the driver's own error would show its words unscrubbed."""
    reason, meaning = classify(exc, url, connecting=connecting)
    words = scrubbed(str(exc).strip(), url)
    return SpoolError(redacted(url), reason, f"{meaning} ({words[:300]})")


def _schema_name(schema: str) -> str:
    if not schema.isidentifier() or not schema.isascii():
        raise SpoolError(
            SCHEMA, "not-a-spool", f"schema must be a plain identifier, got {schema!r}"
        )
    return schema


def schema_version(conn: psycopg.Connection[Any], schema: str = SCHEMA) -> int:
    """The outbox schema's version in this database (0: none)."""
    row = conn.execute("SELECT to_regclass(%s)", (f"{schema}.schema_version",)).fetchone()
    if row is None or row[0] is None:
        return 0
    found = conn.execute(f"SELECT max(version) FROM {schema}.schema_version").fetchone()
    return int(found[0] or 0) if found else 0


_KEEPALIVE = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 20_000,
}


def connect(url: str, *, autocommit: bool = True) -> Any:
    """A new connection to `url`; a failure is a SpoolError that says whether it is worth
    waiting for (`is_transient`) and what a restart cannot fix (the URL, the credentials)."""
    psycopg = _psycopg()
    try:
        # Keepalives: a connection whose server vanished without a word (a partition, a
        # host gone) is found dead in about 20 s, not the kernel's 15 minutes.
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=10, **_KEEPALIVE)
    except psycopg.Error as exc:
        raise database_error(url, exc, connecting=True) from None


def migrate(url: str, schema: str = SCHEMA) -> list[int]:
    """Create or bring up to date the outbox schema; the versions applied (none: current)."""
    psycopg = _psycopg()
    schema = _schema_name(schema)
    applied: list[int] = []
    try:
        with connect(url) as conn:
            for version, sql in MIGRATIONS:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                    conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
                    conn.execute(
                        f"CREATE TABLE IF NOT EXISTS {schema}.schema_version ("
                        " version integer PRIMARY KEY,"
                        " applied_at timestamptz NOT NULL DEFAULT now())"
                    )
                    if schema_version(conn, schema) >= version:
                        continue
                    conn.execute(sql.format(s=schema))
                    conn.execute(
                        f"INSERT INTO {schema}.schema_version (version) VALUES (%s)", (version,)
                    )
                    applied.append(version)
    except psycopg.Error as exc:
        raise database_error(url, exc) from None
    return applied


class PostgresSpool:
    """A bounded outbox table, shared by every process and host that opens it."""

    durable = True

    def __init__(
        self,
        url: str,
        max_items: int,
        *,
        max_bytes: int | None = None,
        schema: str = SCHEMA,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self.url = url
        self.path = redacted(url)  # what messages and `status` show: never the password
        self.max_items = max_items
        self.max_bytes = max_bytes
        self.schema = _schema_name(schema)
        self.lease_seconds = lease_seconds
        self._key = secrets.randbits(62) | 1  # the advisory lock this process holds
        self.owner = str(self._key)
        self._put_lock = threading.Lock()
        self._work_lock = threading.Lock()
        self._writer: Any = None
        self._local = threading.local()  # a sender worker thread's own connection
        self._shared = types.SimpleNamespace(conn=None)  # any other thread's, in turn
        self._shared_lock = threading.Lock()
        self._workers: list[Any] = []  # every delivery connection opened
        self._alive: Any = None  # the connection that holds the advisory lock
        self._locked = False  # it holds it (not just a session of ours the server still has)
        self._missing: dict[str, float] = {}  # other owners seen without their lock, since
        self._beat_stop = threading.Event()
        self._beat: threading.Thread | None = None
        self._beat_pid = 0
        self._closed = False
        self._puts = 0
        self._estimate = 0
        self._bytes = 0
        # Below this seq, every row was claimed or deleted when this process last looked:
        # the scans for a batch start here instead of wading through the dead rows that
        # deleting from the head of a queue leaves (until vacuum). Rows released back go
        # below it (it drops to them), and `recover` (every few seconds) resets it.
        self._floor = 0
        self._more = False  # the last claim was a full batch
        # The keys of the batches handed out and not yet settled. A claim whose reply was
        # lost (the connection died under it) may have marked rows ours that no batch
        # holds: `_orphans_back` gives them back (at the next `pending`, and in `recover`).
        self._handed_out: set[int] = set()
        self._claims = threading.Lock()
        self._unsure = False
        psycopg = _psycopg()
        try:
            with self._using() as conn:
                found = schema_version(conn, self.schema)
                if found == VERSION:
                    self._estimate = self._count(conn)
                    self._bytes = self._used_bytes(conn)
        except psycopg.Error as exc:
            self._drop_all()
            raise database_error(self.url, exc) from None
        except BaseException:
            self._drop_all()
            raise
        if found != VERSION:
            self._drop_all()
            what = "has no outbox schema" if found == 0 else f"has outbox schema v{found}"
            raise SpoolError(
                self.path,
                "not-a-spool",
                f"the database {what}; this library needs v{VERSION}: run "
                f"`timeback-caliper outbox migrate --spool URL` (schema {self.schema})",
            )
        _OPEN.add(self)

    # -- connections ------------------------------------------------------------------------

    def _connect(self) -> Any:
        return connect(self.url)

    def _usable(self, conn: Any) -> bool:
        return conn is not None and not conn.closed and not conn.broken

    @contextlib.contextmanager
    def _using(self) -> Iterator[Any]:
        """A delivery connection, with this process's lock held: each worker thread of a
        sender has its own (batches are claimed and acknowledged side by side); any other
        thread (a request's `flush()` or `stats()`) shares one, in turn, so that a
        thread-per-request server does not open a connection per request. After a
        failure, `pending` asks the server again (an outage is over only when it answers)."""
        try:
            if threading.current_thread().name.startswith(WORKER_THREADS):
                yield self._work(self._local)
            else:
                with self._shared_lock:
                    yield self._work(self._shared)
        except BaseException:
            self._more = False
            raise

    def _work(self, slot: Any) -> Any:
        if self._closed:
            raise SpoolError(self.path, "closed", "the spool is closed")
        if self._beat_pid != os.getpid():
            self._start_heartbeat()
        conn = getattr(slot, "conn", None)
        lost = conn is not None and not self._usable(conn)
        with self._work_lock:
            if self._closed:
                raise SpoolError(self.path, "closed", "the spool is closed")
            # A delivery connection found dead: the server may have restarted, and the
            # lock's connection with it (an idle connection does not know it is dead).
            self._hold_lock(check=lost)
        if not self._usable(conn):
            if lost:
                # Writes of the connection lost may not have happened (a server that crashed
                # keeps no uncommitted work, and a commit whose reply was lost may or may
                # not be done): look below the floor again, and give back claims no batch
                # holds.
                self._floor, self._unsure = 0, True
            conn = self._connect()
            # Claims and acknowledgements are on the server's disk before they return, as
            # events are (whatever the server's default): one lost in a crash of the server
            # would be sent again (an acknowledgement lost: the rows come back; a claim
            # lost: another process may take the rows while this one sends them). It costs
            # about half a millisecond a batch.
            try:
                conn.execute("SET synchronous_commit = on")
            except _psycopg().Error as exc:  # the server went away again at once
                with contextlib.suppress(Exception):
                    conn.close()
                raise database_error(self.url, exc) from None
            slot.conn = conn
            with self._work_lock:  # the dead ones are dropped: a restart a day adds none
                self._workers = [c for c in self._workers if self._usable(c)] + [conn]
        return conn

    def _start_heartbeat(self) -> None:
        """The thread that proves the lock held every HEARTBEAT seconds (one a process)."""
        with self._work_lock:
            if self._beat_pid == os.getpid() or self._closed:
                return
            self._beat_pid = os.getpid()
            self._beat_stop = threading.Event()
            self._beat = threading.Thread(
                target=self._heartbeat, name="timeback-caliper-outbox-lock", daemon=True
            )
            self._beat.start()

    def _heartbeat(self) -> None:
        stop = self._beat_stop
        while not stop.wait(HEARTBEAT):
            with self._work_lock:
                if self._closed:
                    return
                with contextlib.suppress(Exception):  # an outage: the next beat tries again
                    self._hold_lock(check=True)

    def _hold_lock(self, *, check: bool) -> None:
        """Under `_work_lock`: this process's advisory lock is held by a session of its own
        (what tells every other process it is alive), taken again on a new connection if
        the one that held it is gone. With `check`, the connection is proven alive by a
        query (`closed` and `broken` say only what its last use found)."""
        psycopg = _psycopg()
        alive = self._alive
        if check and self._usable(alive):
            with contextlib.suppress(psycopg.Error):
                alive.execute("SELECT 1")  # if it fails, the connection is `broken`
        if self._usable(alive) and (self._locked or not check):
            return
        if not self._usable(alive):
            self._locked = False
            if alive is not None:
                with contextlib.suppress(Exception):
                    alive.close()
            self._alive = alive = self._connect()
        try:
            [(got,)] = alive.execute("SELECT pg_try_advisory_lock(%s)", (self._key,)).fetchall()
        except psycopg.Error as exc:
            raise database_error(self.url, exc) from None
        # Not got: a session of this process the server has not yet seen end (a network
        # fault, not a restart) holds it still; it is taken at the next check.
        self._locked = bool(got)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Any]:
        """A transaction on the delivery connection; a failure is a SpoolError (a lost
        connection is opened again by the next operation)."""
        psycopg = _psycopg()
        try:
            with self._using() as conn, conn.transaction():
                yield conn
        except psycopg.Error as exc:
            raise database_error(self.url, exc) from None

    def _one(
        self, sql: str, params: Sequence[Any] = (), *, again: bool = False
    ) -> list[tuple[Any, ...]]:
        """One statement in a transaction of its own (autocommit: no BEGIN and COMMIT round
        trips), its rows if it returns any; a failure is a SpoolError. With `again` (a
        statement that may run twice: a read, a delete of our own rows), a connection found
        dead (the server restarted since its last use) is replaced and the statement rerun
        once."""
        psycopg = _psycopg()
        for attempt in (1, 2):
            with self._using() as conn:
                try:
                    cursor = conn.execute(sql, params)
                    return cursor.fetchall() if cursor.description is not None else []
                except psycopg.OperationalError as exc:
                    if not (again and attempt == 1 and conn.broken):
                        raise database_error(self.url, exc) from None
                except psycopg.Error as exc:
                    raise database_error(self.url, exc) from None
        raise AssertionError("unreachable")

    def _drop_all(self) -> None:
        for conn in (self._writer, *self._workers, self._alive):
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
        self._writer = self._alive = None
        self._locked = False
        self._workers = []
        self._local = threading.local()
        self._shared = types.SimpleNamespace(conn=None)

    # -- the queue --------------------------------------------------------------------------

    def _count(self, conn: Any) -> int:
        (count,) = conn.execute(f"SELECT count(*) FROM {self.schema}.outbox").fetchone()
        return int(count)

    def _used_bytes(self, conn: Any) -> int:
        (used,) = conn.execute(
            "SELECT pg_total_relation_size(%s) + pg_total_relation_size(%s)",
            (f"{self.schema}.outbox", f"{self.schema}.dead"),
        ).fetchone()
        return int(used)

    def put(self, sensor: str, body: str, size: int) -> str | None:
        """None when the row is committed; else why not ("queue_full", "spool_full",
        "disk_full"). Raises SpoolError for other trouble."""
        psycopg = _psycopg()
        with self._put_lock:
            self._puts += 1
            try:
                if not self._usable(self._writer):
                    if self._closed:
                        raise SpoolError(self.path, "closed", "the spool is closed")
                    self._writer = self._connect()
                    # An accepted event is on the server's disk before `put` returns,
                    # whatever the server's default (a crash of the server keeps it).
                    self._writer.execute("SET synchronous_commit = on")
                conn = self._writer
                if self._puts % COUNT_EVERY == 0 or self._estimate >= self.max_items:
                    self._estimate = self._count(conn)
                if self._estimate >= self.max_items:
                    return "queue_full"
                if self.max_bytes is not None:
                    if self._puts % SIZE_CHECK_EVERY == 0 or self._bytes >= self.max_bytes:
                        self._bytes = self._used_bytes(conn)
                    if self._bytes >= self.max_bytes:
                        return "spool_full"
                conn.execute(
                    f"INSERT INTO {self.schema}.outbox (sensor, body, size, enqueued_at)"
                    " VALUES (%s, %s, %s, %s)",
                    (sensor, body, size, time.time()),
                )
            except psycopg.errors.DiskFull:
                return "disk_full"
            except psycopg.Error as exc:
                raise database_error(self.url, exc) from None
            self._estimate += 1
            self._bytes += size + 64
            return None

    def pending(self) -> tuple[int, int, float | None]:
        """(events, bytes, enqueue time of the oldest) of the unclaimed rows, counted by
        the server over at most a batch's worth (one row comes back, not a thousand).
        Right after a full batch was claimed, more is taken to be due without asking:
        under load the next claim finds it (or finds nothing, and the next call asks).
        Before saying "nothing" (what ends a flush) it makes sure: from the first row, not
        the floor, and with the claims a lost connection may have left ours given back."""
        if self._unsure:
            self._orphans_back()
        if self._more:
            return 1000, 1 << 30, 0.0
        count, size, oldest = self._due()
        if count == 0:
            self._orphans_back()
            self._floor = 0
            count, size, oldest = self._due()
        return count, size, oldest

    def _due(self) -> tuple[int, int, float | None]:
        [(count, size, oldest)] = self._one(
            "SELECT count(*), coalesce(sum(size + 1), 0), min(enqueued_at) FROM ("
            f" SELECT size, enqueued_at FROM {self.schema}.outbox"
            "  WHERE owner IS NULL AND job_id IS NULL AND seq >= %s"
            "  ORDER BY seq LIMIT 1000) AS due",
            (self._floor,),
            again=True,
        )
        return int(count), int(size), oldest

    def claim(self, max_events: int, max_bytes: int) -> Batch | None:
        """The next batch, claimed in one statement: the rows are chosen `FOR UPDATE SKIP
        LOCKED` (none another process is claiming) and marked ours as they are returned,
        only while this process's lock is held (else another process's `recover` could
        give them back as a dead process's while they are sent: sent twice). Without the
        lock none is taken: the lock is taken again, then the claim made. Rows beyond what
        one batch may hold (another sensor, the byte bound) go back."""
        with self._claims:
            held, entries = self._claim(max_events)
            if not held:
                with self._work_lock:
                    self._hold_lock(check=True)
                held, entries = self._claim(max_events)
            taken = take(entries, max_events, max_bytes)
            self._handed_out.update(e.key for e in taken)
        extra = [e.key for e in entries[len(taken) :]]
        if extra:
            self._one(
                f"UPDATE {self.schema}.outbox SET owner = NULL, claimed_at = NULL,"
                " attempts = attempts - 1 WHERE seq = ANY(%s) AND owner = %s",
                (extra, self.owner),
            )
        self._more = len(taken) == max_events
        if not taken:
            return None
        self._floor = max(self._floor, taken[0].key)
        return Batch(taken[0].sensor, taken)

    def _claim(self, max_events: int) -> tuple[bool, list[Entry]]:
        """(whether this process's lock is held, the rows claimed: none without it)."""
        try:
            rows = self._one(
                f"WITH held AS (SELECT %s IN ({_LOCKED}) AS ok),"
                f" claimed AS (UPDATE {self.schema}.outbox SET owner = %s, claimed_at = %s,"
                "  attempts = attempts + 1 WHERE (SELECT ok FROM held) AND seq IN ("
                f"  SELECT seq FROM {self.schema}.outbox"
                "   WHERE owner IS NULL AND job_id IS NULL AND seq >= %s"
                "   ORDER BY seq LIMIT %s FOR UPDATE SKIP LOCKED)"
                f"  RETURNING {_ENTRY})"
                " SELECT held.ok, claimed.* FROM held LEFT JOIN claimed ON true",
                (self.owner, self.owner, time.time(), self._floor, max_events),
            )
        except SpoolError:
            self._unsure = True  # it may have been carried out: see `_orphans_back`
            raise
        entries = [Entry(*row[1:]) for row in rows if row[1] is not None]
        return bool(rows[0][0]), sorted(entries, key=lambda e: e.key)

    @contextlib.contextmanager
    def _settling(self, entries: Sequence[Entry], *, retried: bool = False) -> Iterator[None]:
        """A batch's rows are settled (deleted, held, given back) inside; only then are
        they no longer handed out, so that `_orphans_back` never gives back rows a worker
        is about to delete (another worker would send them again). A settling the sender
        tries again when it fails (`retried`: the record of a delivered batch) keeps them
        handed out until it works."""
        try:
            yield
        except BaseException:
            if retried:
                raise
            with self._claims:
                self._handed_out.difference_update(e.key for e in entries)
            raise
        with self._claims:
            self._handed_out.difference_update(e.key for e in entries)

    def _orphans_back(self) -> int:
        """Give back the rows marked ours that no batch handed out holds."""
        with self._claims:
            self._unsure = False
            rows = self._one(
                f"UPDATE {self.schema}.outbox SET owner = NULL, claimed_at = NULL"
                " WHERE owner = %s AND job_id IS NULL AND NOT (seq = ANY(%s)) RETURNING seq",
                (self.owner, list(self._handed_out)),
                again=True,
            )
        return len(rows)

    def ack(self, batch: Batch) -> None:
        """Delete a delivered batch's rows: ours, or given back meanwhile (our lock was
        lost in an outage) and not yet claimed again, which would send them again."""
        with self._settling(batch.entries, retried=True):
            self._one(
                f"DELETE FROM {self.schema}.outbox WHERE seq = ANY(%s)"
                " AND (owner = %s OR owner IS NULL) AND job_id IS NULL",
                ([e.key for e in batch.entries], self.owner),
                again=True,
            )
        self._estimate = max(0, self._estimate - len(batch))

    def hold(self, batch: Batch, job_id: str) -> None:
        with self._settling(batch.entries, retried=True):
            self._one(
                f"UPDATE {self.schema}.outbox SET job_id = %s, claimed_at = %s"
                " WHERE seq = ANY(%s) AND (owner = %s OR owner IS NULL)",
                (job_id, time.time(), [e.key for e in batch.entries], self.owner),
            )

    def settle(self, job_id: str, dead_reason: str | None) -> list[Entry]:
        with self._transaction() as conn:
            entries = [
                Entry(*row)
                for row in conn.execute(
                    f"SELECT {_ENTRY} FROM {self.schema}.outbox WHERE job_id = %s"
                    " ORDER BY seq FOR UPDATE",
                    (job_id,),
                )
            ]
            if dead_reason is not None:
                self._bury(conn, entries, dead_reason)
            conn.execute(f"DELETE FROM {self.schema}.outbox WHERE job_id = %s", (job_id,))
        self._estimate = max(0, self._estimate - len(entries))
        return entries

    def held_jobs(self) -> dict[str, int]:
        with self._transaction() as conn:
            conn.execute(
                f"UPDATE {self.schema}.outbox SET owner = %s"
                " WHERE job_id IS NOT NULL AND owner IS NULL",
                (self.owner,),
            )
            rows = conn.execute(
                f"SELECT job_id, count(*) FROM {self.schema}.outbox"
                " WHERE owner = %s AND job_id IS NOT NULL GROUP BY job_id",
                (self.owner,),
            ).fetchall()
        return {job_id: int(count) for job_id, count in rows}

    def release(self, entries: Sequence[Entry], rest: Rest, now: float) -> None:
        back = returned(entries, rest, now)
        keys = [e.key for e in entries]
        with self._settling(entries), self._transaction() as conn:
            self._floor = min([self._floor, *keys])
            if rest == "isolate":  # behind every other event: a new row at the end
                conn.execute(
                    f"DELETE FROM {self.schema}.outbox WHERE seq = ANY(%s) AND owner = %s",
                    (keys, self.owner),
                )
                with conn.cursor() as cursor:
                    cursor.executemany(
                        f"INSERT INTO {self.schema}.outbox (sensor, body, size, enqueued_at,"
                        " attempts, cap, isolated_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                        [
                            (
                                e.sensor,
                                e.body,
                                e.size,
                                e.enqueued_at,
                                e.attempts,
                                e.cap,
                                e.isolated_at,
                            )
                            for e in back
                        ],
                    )
            else:
                with conn.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {self.schema}.outbox SET owner = NULL, claimed_at = NULL,"
                        " cap = %s WHERE seq = %s AND owner = %s",
                        [(e.cap, e.key, self.owner) for e in back],
                    )

    def _bury(self, conn: Any, entries: Sequence[Entry], reason: str) -> None:
        if not entries:
            return
        now = time.time()
        with conn.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.schema}.dead (seq, sensor, body, enqueued_at, rejected_at,"
                " reason) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (seq) DO UPDATE SET"
                " rejected_at = EXCLUDED.rejected_at, reason = EXCLUDED.reason",
                [(e.key, e.sensor, e.body, e.enqueued_at, now, reason) for e in entries],
            )

    def reject(self, entries: Sequence[Entry], reason: str) -> None:
        with self._settling(entries), self._transaction() as conn:
            self._bury(conn, entries, reason)
            conn.execute(
                f"DELETE FROM {self.schema}.outbox WHERE seq = ANY(%s) AND owner = %s",
                ([e.key for e in entries], self.owner),
            )
        self._estimate = max(0, self._estimate - len(entries))

    def recover(self) -> int:
        """Give back the rows of processes whose session is gone (their advisory lock with
        it), and claims older than the lease (a row waiting for its job keeps the job).
        First, this process's own lock is proven held (taken again if a restart took it):
        an idle process gets it back within a recover period too. An owner is taken for
        dead only once this process has seen its lock missing for LOCK_GRACE."""
        with self._work_lock:
            if self._closed:
                raise SpoolError(self.path, "closed", "the spool is closed")
            self._hold_lock(check=True)
        orphans = self._orphans_back()
        with self._transaction() as conn:
            self._floor = 0  # rows other processes gave back may lie below it
            found = conn.execute(
                f"SELECT DISTINCT owner FROM {self.schema}.outbox"
                f" WHERE owner IS NOT NULL AND owner <> %s AND owner NOT IN ({_LOCKED})",
                (self.owner,),
            ).fetchall()
            now = time.monotonic()
            self._missing = {o: self._missing.get(o, now) for (o,) in found}
            dead = [o for o, since in self._missing.items() if now - since >= LOCK_GRACE]
            cursor = conn.execute(
                f"UPDATE {self.schema}.outbox SET owner = NULL, claimed_at = NULL"
                " WHERE owner IS NOT NULL AND owner <> %s AND ("
                f"  (owner = ANY(%s) AND owner NOT IN ({_LOCKED}))"
                "  OR (job_id IS NULL AND claimed_at < %s))",
                (self.owner, dead, time.time() - self.lease_seconds),
            )
            released: int = cursor.rowcount
        return max(0, released) + orphans

    def size(self) -> int:
        [(count,)] = self._one(
            f"SELECT count(*) FROM {self.schema}.outbox WHERE job_id IS NULL", again=True
        )
        return int(count)

    def drain(self) -> list[Entry]:
        return []  # nothing is lost: it stays in the table

    # -- for operators (`timeback-caliper spool ...`) and tests -----------------------------

    def status(self) -> dict[str, Any]:
        with self._transaction() as conn:
            s = self.schema
            (queued,) = conn.execute(
                f"SELECT count(*) FROM {s}.outbox WHERE owner IS NULL AND job_id IS NULL"
            ).fetchone()
            claimed = dict(
                conn.execute(
                    f"SELECT owner, count(*) FROM {s}.outbox WHERE owner IS NOT NULL"
                    " AND job_id IS NULL GROUP BY owner"
                ).fetchall()
            )
            awaiting, jobs = conn.execute(
                f"SELECT count(*), count(DISTINCT job_id) FROM {s}.outbox WHERE job_id IS NOT NULL"
            ).fetchone()
            (oldest,) = conn.execute(f"SELECT min(enqueued_at) FROM {s}.outbox").fetchone()
            reasons = dict(
                conn.execute(
                    f"SELECT reason, count(*) FROM {s}.dead GROUP BY reason ORDER BY 2 DESC"
                ).fetchall()
            )
            used = self._used_bytes(conn)
        return {
            "path": self.path,
            "schema": s,
            "queued": queued,
            "being_sent": sum(claimed.values()),
            "senders": len(claimed),
            "awaiting_jobs": {"events": awaiting, "jobs": jobs},
            "dead": sum(reasons.values()),
            "dead_by_reason": reasons,
            "oldest_enqueued_at": oldest,
            "bytes_used": used,
            "bytes_on_disk": used,
        }

    def dead(self, limit: int | None = None) -> list[dict[str, Any]]:
        with self._transaction() as conn:
            rows = conn.execute(
                f"SELECT seq, sensor, body, reason, rejected_at FROM {self.schema}.dead"
                " ORDER BY seq LIMIT %s",
                (limit,),
            ).fetchall()
        return [
            {"seq": q, "sensor": s, "event": json.loads(b), "reason": r, "rejected_at": t}
            for q, s, b, r, t in rows
        ]

    def requeue(self, seqs: Sequence[int] | None = None) -> int:
        where, args = self._which(seqs)
        with self._transaction() as conn:
            moved = conn.execute(
                f"INSERT INTO {self.schema}.outbox (sensor, body, size, enqueued_at)"
                f" SELECT sensor, body, octet_length(body), enqueued_at FROM {self.schema}.dead"
                f"{where} ORDER BY seq",
                args,
            ).rowcount
            conn.execute(f"DELETE FROM {self.schema}.dead{where}", args)
        self._estimate += moved
        return int(moved)

    def purge(self, seqs: Sequence[int] | None = None) -> int:
        where, args = self._which(seqs)
        with self._transaction() as conn:
            return int(conn.execute(f"DELETE FROM {self.schema}.dead{where}", args).rowcount)

    @staticmethod
    def _which(seqs: Sequence[int] | None) -> tuple[str, tuple[Any, ...]]:
        return ("", ()) if seqs is None else (" WHERE seq = ANY(%s)", (list(seqs),))

    def __enter__(self) -> PostgresSpool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections: the lock goes with them, so another process takes over
        what this one still held (its jobs are left to the next tracking sender)."""
        self._beat_stop.set()
        with self._put_lock, self._work_lock:
            if self._closed:
                return
            self._closed = True
            live = [c for c in self._workers if self._usable(c)]
            if live:
                with contextlib.suppress(Exception):
                    live[0].execute(
                        f"UPDATE {self.schema}.outbox SET owner = NULL"
                        " WHERE owner = %s AND job_id IS NOT NULL",
                        (self.owner,),
                    )
            self._drop_all()
        _OPEN.discard(self)


_OPEN: weakref.WeakSet[PostgresSpool] = weakref.WeakSet()
_INHERITED: list[Any] = []  # a forked child's copies of its parent's connections


def _after_fork_in_child() -> None:
    """A child must never close (nor use) its parent's connections: closing one would end
    the parent's session. They are kept, unused, and the child opens its own."""
    for spool in list(_OPEN):
        _INHERITED.extend(c for c in (spool._writer, *spool._workers, spool._alive) if c)
        spool._writer = spool._alive = None
        spool._locked = False
        spool._workers = []
        spool._local = threading.local()
        spool._shared = types.SimpleNamespace(conn=None)
        spool._key = secrets.randbits(62) | 1
        spool.owner = str(spool._key)


os.register_at_fork(after_in_child=_after_fork_in_child)
