"""The sandbox's storage: events, jobs, the states each job went through and the request
log, in SQLite, through the standard library.

Events keep the integer ids SQLite allocates (the API's `id` / `allocatedId`) and survive a
restart on the same file. An event whose Caliper `id` is already stored is not stored again:
the job result reports the existing row (openapi/caliper.yaml, "Duplicate event ids"),
unless `store_again` is set: then every event sent is a new row, as an API that does not
deduplicate would keep it (to show what a resent send costs there).

One `Store` belongs to one thread (the server's event loop); readers in other threads open
their own `Store` on the same database. A `:memory:` database is shared between the
connections of one process through a named shared-cache URI.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from attrs import frozen

from timeback_caliper._core.jobs import ACTIVE, COMPLETED, FAILED, WAITING
from timeback_caliper._core.timestamps import epoch_ms, format_epoch, parse_rfc3339
from timeback_caliper._sqlite_file import identity

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id TEXT NOT NULL,
    sensor TEXT NOT NULL,
    type TEXT NOT NULL,
    action TEXT NOT NULL,
    profile TEXT,
    event_time TEXT NOT NULL,
    event_time_ms INTEGER NOT NULL,
    send_time TEXT NOT NULL,
    created_at TEXT NOT NULL,
    actor_id TEXT,
    actor_email TEXT,
    client_app_id TEXT,
    body TEXT NOT NULL,
    job_id INTEGER
);
CREATE INDEX IF NOT EXISTS events_order ON events (event_time_ms DESC, id DESC);
CREATE INDEX IF NOT EXISTS events_external ON events (external_id, id);
CREATE INDEX IF NOT EXISTS events_type ON events (type, id);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    state TEXT NOT NULL,
    created_at REAL NOT NULL,
    polls INTEGER NOT NULL DEFAULT 0,
    client_app_id TEXT,
    sensor TEXT NOT NULL,
    send_time TEXT NOT NULL,
    events TEXT,
    fail_reason TEXT,
    return_value TEXT,
    processed_on TEXT,
    failed_reason TEXT
);
CREATE TABLE IF NOT EXISTS event_minutes (
    minute TEXT NOT NULL,
    type TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (minute, type)
);
CREATE TABLE IF NOT EXISTS job_states (
    job_id INTEGER NOT NULL,
    state TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS job_states_job ON job_states (job_id);
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    route TEXT,
    request_id TEXT,
    status INTEGER,
    latency_ms REAL NOT NULL,
    fault TEXT,
    job_id INTEGER,
    message TEXT,
    errors TEXT,
    body BLOB,
    body_bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_job ON requests (job_id) WHERE job_id IS NOT NULL;
"""

# The C encoder without the circular-reference check: the events came from json.loads.
_encode = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode

# Stored-event keys that hold what was sent, in the order the API's stored-event replies use.
_ENTITY_KEYS = (
    "actor",
    "object",
    "generated",
    "target",
    "referrer",
    "edApp",
    "group",
    "membership",
    "session",
    "federatedSession",
    "extensions",
)


@frozen
class EventFilter:
    """The list filters of `GET /caliper/events`, already validated."""

    sensor: str | None = None
    actor_id: str | None = None
    actor_email: str | None = None
    start_ms: int | None = None  # inclusive
    end_ms: int | None = None  # exclusive


@frozen
class InspectFilter:
    """The inspector's filters of stored events: parts of the actor's id or email and of
    the sensor, the exact event type, and an event-time range (ms, inclusive, exclusive)."""

    actor: str | None = None
    type: str | None = None
    sensor: str | None = None
    start_ms: int | None = None
    end_ms: int | None = None


@frozen
class RequestFilter:
    """The inspector's filters of logged requests: the route, the status (`2xx`, `4xx`,
    `5xx`, `refused` for any >= 400, `none` for a reply never sent, or one code) and a time
    range (epoch seconds, inclusive, exclusive)."""

    route: str | None = None
    status: str | None = None
    start: float | None = None
    end: float | None = None


@frozen
class LoggedRequest:
    """One API request as the request log keeps it (never its credentials)."""

    at: float
    method: str
    path: str
    route: str | None
    request_id: str | None
    status: int | None  # None: no reply was sent (dropped, or the client went away)
    latency_ms: float
    fault: str | None = None
    job_id: str | None = None
    message: str | None = None
    errors: list[dict[str, str]] | None = None
    body: bytes | None = None  # None: not a send, or larger than the log keeps
    body_bytes: int = 0


@frozen
class JobRow:
    id: str
    state: str
    created_at: float
    polls: int
    fail_reason: str | None
    return_value: dict[str, Any] | None
    processed_on: str | None
    failed_reason: str | None


def _connect_target(db: str) -> tuple[str, bool]:
    if db == ":memory:":
        return f"file:timeback-sandbox-{uuid.uuid4().hex}?mode=memory&cache=shared", True
    return db, False


SANDBOX_TABLES = frozenset({"events", "jobs", "event_minutes", "job_states", "requests"})
# The tables of a database written before the job history and the request log.
_FIRST_TABLES = frozenset({"events", "jobs"})


def check_db(db: str) -> None:
    """Refuse, before anything is written, a database path the sandbox cannot use."""
    if db == ":memory:":
        return
    folder = os.path.dirname(os.path.abspath(db))
    if not os.path.isdir(folder):
        raise ValueError(f"db {db}: the directory {folder} does not exist")
    if os.path.isdir(db):
        raise ValueError(f"db {db}: is a directory")
    if not os.path.exists(db) or os.path.getsize(db) == 0:
        return
    with open(db, "rb") as f:
        header = f.read(16)
    if header != b"SQLite format 3\x00":
        raise ValueError(f"db {db}: is not a SQLite database")
    try:
        _, tables = identity(db)
    except sqlite3.Error as exc:
        raise ValueError(f"db {db}: cannot be read ({exc})") from None
    if tables and not _FIRST_TABLES <= tables <= SANDBOX_TABLES:
        found = ", ".join(sorted(tables))
        raise ValueError(f"db {db}: is another program's database (tables: {found})")


class Store:
    """Events and jobs in one SQLite database."""

    def __init__(self, db: str, *, _uri: bool | None = None) -> None:
        if _uri is None:
            target, uri = _connect_target(db)
        else:
            target, uri = db, _uri
        self.target, self.uri = target, uri
        self._conn = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 5000")
        if uri:  # shared-cache memory database: readers must not wait on table locks
            self._conn.execute("PRAGMA read_uncommitted = 1")
        else:
            self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        counted = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'event_minutes'"
        ).fetchone()
        self._conn.executescript(_SCHEMA)
        if counted is None:  # a database from before the inspector: count what it holds
            self._count_minutes(after=0)
        columns = {row[1] for row in self._conn.execute("PRAGMA table_info(events)")}
        if "job_id" not in columns:  # a database from before events knew their job
            self._conn.execute("ALTER TABLE events ADD COLUMN job_id INTEGER")
        self.store_again = False
        # Keyset paging behind the API's offsets: where the page after each page served
        # starts, so that the next page seeks instead of skipping `offset` rows (the last
        # page of an export as fast as the first). Valid while no connection writes.
        self._cursors: dict[tuple[EventFilter, int], tuple[int, int]] = {}
        self._cursors_at: tuple[int, int] = (-1, -1)

    def reader(self) -> Store:
        """Another connection to the same database, for another thread."""
        return Store(self.target, _uri=self.uri)

    def close(self) -> None:
        self._conn.close()

    # -- jobs ---------------------------------------------------------------------------

    def create_job(
        self,
        *,
        sensor: str,
        send_time: str,
        events: Sequence[Mapping[str, Any]],
        client_app_id: str | None,
        fail_reason: str | None,
        now: float,
        finish_at: str | None = None,
    ) -> str:
        """Queue a job for `events`; with `finish_at`, finish it in the same transaction."""
        with self._transaction():
            if finish_at is not None and fail_reason is None:
                # The fast path of immediate jobs: no round trip of the events through JSON.
                cur = self._conn.execute(
                    "INSERT INTO jobs (state, created_at, client_app_id, sensor, send_time)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (ACTIVE, now, client_app_id, sensor, send_time),
                )
                job_id = str(cur.lastrowid)
                self._record_state(job_id, ACTIVE, finish_at)
                self._complete(job_id, events, sensor, send_time, client_app_id, finish_at)
                return job_id
            cur = self._conn.execute(
                "INSERT INTO jobs (state, created_at, client_app_id, sensor, send_time, events,"
                " fail_reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    WAITING,
                    now,
                    client_app_id,
                    sensor,
                    send_time,
                    json.dumps(list(events)),
                    fail_reason,
                ),
            )
            job_id = str(cur.lastrowid)
            self._record_state(job_id, WAITING, format_epoch(now))
            if finish_at is not None:
                self._finish(job_id, finish_at)
            return job_id

    def get_job(self, job_id: str) -> JobRow | None:
        if not (job_id.isascii() and job_id.isdigit()) or len(job_id) > 18:
            return None  # not one of our ids (`٣` and `²` are digits to Python, not to us)
        row = self._conn.execute(
            "SELECT id, state, created_at, polls, fail_reason, return_value, processed_on,"
            " failed_reason FROM jobs WHERE id = ?",
            (int(job_id),),
        ).fetchone()
        if row is None:
            return None
        return JobRow(
            id=str(row[0]),
            state=row[1],
            created_at=row[2],
            polls=row[3],
            fail_reason=row[4],
            return_value=json.loads(row[5]) if row[5] else None,
            processed_on=row[6],
            failed_reason=row[7],
        )

    def count_poll(self, job_id: str) -> None:
        self._conn.execute("UPDATE jobs SET polls = polls + 1 WHERE id = ?", (int(job_id),))

    def set_job_state(self, job_id: str, state: str, *, processed_on: str | None, at: str) -> None:
        with self._transaction():
            self._conn.execute(
                "UPDATE jobs SET state = ?, processed_on = COALESCE(processed_on, ?) WHERE id = ?",
                (state, processed_on, int(job_id)),
            )
            self._record_state(job_id, state, at)

    def _record_state(self, job_id: str, state: str, at: str) -> None:
        self._conn.execute(
            "INSERT INTO job_states (job_id, state, at) VALUES (?, ?, ?)", (int(job_id), state, at)
        )

    def job_history(self, job_id: str) -> list[dict[str, str]]:
        """The states a job went through, oldest first, with when it entered each."""
        rows = self._conn.execute(
            "SELECT state, at FROM job_states WHERE job_id = ? ORDER BY rowid", (int(job_id),)
        ).fetchall()
        return [{"state": state, "at": at} for state, at in rows]

    def pending_job_ids(self) -> list[str]:
        rows = self._conn.execute(
            "SELECT id FROM jobs WHERE state IN (?, ?) ORDER BY id", (WAITING, ACTIVE)
        ).fetchall()
        return [str(r[0]) for r in rows]

    def finish_job(self, job_id: str, *, processed_on: str) -> None:
        """Store the job's events (or fail it, if a failure was planned) in one transaction."""
        with self._transaction():
            self._finish(job_id, processed_on)

    def _finish(self, job_id: str, processed_on: str) -> None:
        row = self._conn.execute(
            "SELECT state, client_app_id, sensor, send_time, events, fail_reason"
            " FROM jobs WHERE id = ?",
            (int(job_id),),
        ).fetchone()
        if row is None or row[0] not in (WAITING, ACTIVE):
            return
        _, client_app_id, sensor, send_time, events_json, fail_reason = row
        if fail_reason is not None:
            self._conn.execute(
                "UPDATE jobs SET state = ?, failed_reason = ?, events = NULL,"
                " processed_on = COALESCE(processed_on, ?) WHERE id = ?",
                (FAILED, fail_reason, processed_on, int(job_id)),
            )
            self._record_state(job_id, FAILED, processed_on)
            return
        events = json.loads(events_json)
        self._complete(job_id, events, sensor, send_time, client_app_id, processed_on)

    def _complete(
        self,
        job_id: str,
        events: Sequence[Mapping[str, Any]],
        sensor: str,
        send_time: str,
        client_app_id: str | None,
        processed_on: str,
    ) -> None:
        results = self._store_events(
            events,
            sensor=sensor,
            send_time=send_time,
            client_app_id=client_app_id,
            created_at=processed_on,
            job_id=int(job_id),
        )
        return_value = {
            "status": "success",
            "results": [{"allocatedId": str(a), "externalId": e} for a, e in results],
        }
        self._conn.execute(
            "UPDATE jobs SET state = ?, return_value = ?, events = NULL,"
            " processed_on = COALESCE(processed_on, ?) WHERE id = ?",
            (COMPLETED, json.dumps(return_value), processed_on, int(job_id)),
        )
        self._record_state(job_id, COMPLETED, processed_on)

    # -- events -------------------------------------------------------------------------

    def store_events(
        self,
        events: Sequence[Mapping[str, Any]],
        *,
        sensor: str,
        send_time: str,
        client_app_id: str | None,
        created_at: str,
    ) -> list[tuple[int, str]]:
        """Store events now (no job); returns (allocated id, external id) per event."""
        with self._transaction():
            return self._store_events(
                events,
                sensor=sensor,
                send_time=send_time,
                client_app_id=client_app_id,
                created_at=created_at,
            )

    def _store_events(
        self,
        events: Sequence[Mapping[str, Any]],
        *,
        sensor: str,
        send_time: str,
        client_app_id: str | None,
        created_at: str,
        job_id: int | None = None,
    ) -> list[tuple[int, str]]:
        rows = []
        for event in events:
            moment = parse_rfc3339(event["eventTime"])
            actor = event.get("actor")
            if isinstance(actor, Mapping):
                actor_id, actor_email = actor.get("id"), actor.get("email")
            else:
                actor_id, actor_email = actor, None
            rows.append(
                (
                    event["id"],
                    sensor,
                    event["type"],
                    event["action"],
                    event.get("profile"),
                    event["eventTime"],
                    epoch_ms(moment) if moment is not None else 0,
                    send_time,
                    created_at,
                    actor_id if isinstance(actor_id, str) else None,
                    actor_email if isinstance(actor_email, str) else None,
                    client_app_id,
                    _encode(event),
                    job_id,
                )
            )
        external_ids = [r[0] for r in rows]
        (last,) = self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()
        if self.store_again:
            stored = [
                (int(self._conn.execute(_INSERT, row).lastrowid or 0), row[0]) for row in rows
            ]
            self._count_minutes(after=last)
            return stored
        self._conn.executemany(
            _INSERT[: _INSERT.index(" VALUES")] + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            " WHERE NOT EXISTS (SELECT 1 FROM events WHERE external_id = ?)",
            [(*row, row[0]) for row in rows],
        )
        self._count_minutes(after=last)
        allocated = self._ids_of(external_ids)
        return [(allocated[e], e) for e in external_ids]

    def _count_minutes(self, *, after: int) -> None:
        """Add the events stored after row `after` to the counts per minute and type (the
        inspector's chart reads those, not the events)."""
        self._conn.execute(
            "INSERT INTO event_minutes (minute, type, count)"
            " SELECT substr(created_at, 1, 16), type, COUNT(*) FROM events WHERE id > ?"
            " GROUP BY 1, 2"
            " ON CONFLICT (minute, type) DO UPDATE SET count = count + excluded.count",
            (after,),
        )

    def _ids_of(self, external_ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(external_ids), 500):
            chunk = external_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                self._conn.execute(
                    f"SELECT external_id, MIN(id) FROM events WHERE external_id IN ({marks})"
                    " GROUP BY external_id",
                    chunk,
                ).fetchall()
            )
        return found

    def list_events(
        self, where: EventFilter, *, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """One page in the documented order (eventTime desc, id desc), and the total."""
        clauses, params = _where(where)
        sql_where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        (total,) = self._conn.execute(f"SELECT COUNT(*) FROM events{sql_where}", params).fetchone()
        if offset >= total:  # also spares SQLite an offset beyond its 64-bit integers
            return [], total
        version = (
            self._conn.execute("PRAGMA data_version").fetchone()[0],
            self._conn.total_changes,
        )
        if version != self._cursors_at:
            self._cursors, self._cursors_at = {}, version
        cursor = self._cursors.get((where, offset))
        if cursor is None:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS}, event_time_ms FROM events{sql_where}"
                " ORDER BY event_time_ms DESC, id DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        else:
            after = "(event_time_ms, id) < (?, ?)"  # a row value: SQLite seeks the index
            rows = self._conn.execute(
                f"SELECT {_COLUMNS}, event_time_ms FROM events"
                f" WHERE {' AND '.join([*clauses, after])}"
                " ORDER BY event_time_ms DESC, id DESC LIMIT ?",
                [*params, cursor[0], cursor[1], limit],
            ).fetchall()
        if rows:
            if len(self._cursors) >= _MAX_CURSORS:
                self._cursors.clear()
            self._cursors[(where, offset + len(rows))] = (rows[-1][-1], rows[-1][0])
        return [_stored_event(r[:-1]) for r in rows], total

    def get_event(self, external_id: str) -> dict[str, Any] | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM events WHERE external_id = ? ORDER BY id LIMIT 1",
            (external_id,),
        ).fetchone()
        return None if row is None else _stored_event(row)

    def iter_events(self) -> Iterator[dict[str, Any]]:
        """Every stored event in insertion order, as the API would return it."""
        for row in self._conn.execute(f"SELECT {_COLUMNS} FROM events ORDER BY id"):
            yield _stored_event(row)

    def count_events(self) -> int:
        (count,) = self._conn.execute("SELECT COUNT(*) FROM events").fetchone()
        return int(count)

    def count_distinct_external_ids(self) -> int:
        (count,) = self._conn.execute("SELECT COUNT(DISTINCT external_id) FROM events").fetchone()
        return int(count)

    def count_jobs(self) -> dict[str, int]:
        return dict(
            self._conn.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall()
        )

    def reset(self) -> None:
        with self._transaction():
            for table in SANDBOX_TABLES:
                self._conn.execute(f"DELETE FROM {table}")

    # -- the request log ---------------------------------------------------------------

    def log_request(self, entry: LoggedRequest, *, keep: int) -> None:
        """Append to the log, dropping what is older than the last `keep` requests."""
        with self._transaction():
            self._log_request(entry, keep)

    def _log_request(self, entry: LoggedRequest, keep: int) -> None:
        cur = self._conn.execute(
            "INSERT INTO requests (at, method, path, route, request_id, status, latency_ms,"
            " fault, job_id, message, errors, body, body_bytes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.at,
                entry.method,
                entry.path,
                entry.route,
                entry.request_id,
                entry.status,
                entry.latency_ms,
                entry.fault,
                None if entry.job_id is None else int(entry.job_id),
                entry.message,
                None if entry.errors is None else _encode(entry.errors),
                None if entry.body is None else zlib.compress(entry.body, 1),
                entry.body_bytes,
            ),
        )
        stale = (cur.lastrowid or 0) - keep
        if stale > 0:
            self._conn.execute("DELETE FROM requests WHERE id <= ?", (stale,))

    def logged_requests(
        self,
        where: RequestFilter,
        *,
        limit: int,
        before: int | None = None,
        after: int | None = None,
    ) -> list[dict[str, Any]]:
        """Logged requests, newest first, without their bodies; `after`/`before` an id."""
        rows = self._newest(
            f"SELECT {_REQUEST_COLUMNS} FROM requests",
            _request_where(where),
            limit=limit,
            before=before,
            after=after,
        )
        return [_logged(row) for row in rows]

    def count_requests(self, where: RequestFilter) -> int:
        return self._count("requests", _request_where(where))

    def _newest(
        self,
        select: str,
        where: tuple[list[str], list[Any]],
        *,
        limit: int,
        before: int | None,
        after: int | None,
    ) -> list[Any]:
        """The rows of `select` that match, newest (highest id) first, between ids."""
        clauses, params = where
        for clause, value in (("id < ?", before), ("id > ?", after)):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        sql_where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"{select}{sql_where} ORDER BY id DESC LIMIT ?"
        return self._conn.execute(sql, [*params, limit]).fetchall()

    def _count(self, table: str, where: tuple[list[str], list[Any]]) -> int:
        clauses, params = where
        sql_where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        (count,) = self._conn.execute(f"SELECT COUNT(*) FROM {table}{sql_where}", params).fetchone()
        return int(count)

    def logged_request(self, log_id: int) -> dict[str, Any] | None:
        """One logged request with its errors and body."""
        row = self._conn.execute(
            f"SELECT {_REQUEST_COLUMNS}, errors, body FROM requests WHERE id = ?", (log_id,)
        ).fetchone()
        if row is None:
            return None
        logged = _logged(row[:-2])
        logged["errors"] = None if row[-2] is None else json.loads(row[-2])
        logged["body"] = (
            None if row[-1] is None else zlib.decompress(row[-1]).decode("utf-8", "replace")
        )
        return logged

    def request_of_job(self, job_id: str) -> int | None:
        """The log id of the send that created a job, while the log holds it."""
        row = self._conn.execute(
            "SELECT id FROM requests WHERE job_id = ? ORDER BY id LIMIT 1", (int(job_id),)
        ).fetchone()
        return None if row is None else int(row[0])

    # -- the inspector's reads ---------------------------------------------------------

    def inspect_events(
        self,
        where: InspectFilter,
        *,
        limit: int,
        before: int | None = None,
        after: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored events, newest first, as one line each: what a list of them shows."""
        rows = self._newest(
            "SELECT id, external_id, type, action, sensor, actor_id, actor_email, event_time,"
            " created_at, job_id FROM events",
            _inspect_where(where),
            limit=limit,
            before=before,
            after=after,
        )
        keys: tuple[str, ...] = ("id", "externalId", "type", "action", "sensor", "actorId")
        keys += ("actorEmail", "eventTime", "storedAt", "jobId")
        lines = [dict(zip(keys, row, strict=True)) for row in rows]
        for line in lines:
            if line["jobId"] is not None:
                line["jobId"] = str(line["jobId"])
        return lines

    def count_inspected(self, where: InspectFilter) -> int:
        return self._count("events", _inspect_where(where))

    def event_by_number(self, allocated_id: int) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """(the stored event as the API returns it, the event as it was sent) and its job."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS}, job_id FROM events WHERE id = ?", (allocated_id,)
        ).fetchone()
        if row is None:
            return None
        sent = json.loads(row[-2])
        stored = _stored_event(row[:-1], sent)
        stored["jobId"] = None if row[-1] is None else str(row[-1])
        return stored, sent

    def event_types(self) -> list[str]:
        return [t for (t,) in self._conn.execute("SELECT DISTINCT type FROM events ORDER BY 1")]

    def per_minute(self, since: float) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
        """Events stored per minute by type, and refused requests per minute, from `since`
        on; minutes are `YYYY-MM-DDTHH:MM` in UTC."""
        cutoff = format_epoch(since)
        events: dict[str, dict[str, int]] = {}
        for minute, kind, count in self._conn.execute(
            "SELECT minute, type, count FROM event_minutes WHERE minute >= ?", (cutoff[:16],)
        ):
            events.setdefault(minute, {})[kind] = count
        refused = {
            format_epoch(minute * 60)[:16]: count
            for minute, count in self._conn.execute(
                "SELECT CAST(at / 60 AS INTEGER), COUNT(*) FROM requests"
                " WHERE at >= ? AND status >= 400 GROUP BY 1",
                (since,),
            )
        }
        return events, refused

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)


class _Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._conn.execute("COMMIT" if exc_type is None else "ROLLBACK")


_INSERT = (
    "INSERT INTO events (external_id, sensor, type, action, profile, event_time,"
    " event_time_ms, send_time, created_at, actor_id, actor_email, client_app_id, body, job_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_MAX_CURSORS = 256
_COLUMNS = "id, external_id, sensor, type, action, profile, event_time, send_time, created_at,"
_COLUMNS += " client_app_id, body"


def _where(where: EventFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    pairs: Iterable[tuple[str, Any]] = (
        ("sensor = ?", where.sensor),
        ("actor_id = ?", where.actor_id),
        ("actor_email = ?", where.actor_email),
        ("event_time_ms >= ?", where.start_ms),
        ("event_time_ms < ?", where.end_ms),
    )
    for clause, value in pairs:
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return clauses, params


def _inspect_where(where: InspectFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if where.actor is not None:
        clauses.append("(instr(actor_id, ?) > 0 OR instr(actor_email, ?) > 0)")
        params += [where.actor, where.actor]
    pairs: Iterable[tuple[str, Any]] = (
        ("type = ?", where.type),
        ("instr(sensor, ?) > 0", where.sensor),
        ("event_time_ms >= ?", where.start_ms),
        ("event_time_ms < ?", where.end_ms),
    )
    for clause, value in pairs:
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return clauses, params


_STATUS_CLASSES = {
    "2xx": "status BETWEEN 200 AND 299",
    "3xx": "status BETWEEN 300 AND 399",
    "4xx": "status BETWEEN 400 AND 499",
    "5xx": "status BETWEEN 500 AND 599",
    "refused": "status >= 400",
    "none": "status IS NULL",
}
REQUEST_STATUSES = tuple(_STATUS_CLASSES)


def _request_where(where: RequestFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if where.status is not None:
        if where.status in _STATUS_CLASSES:
            clauses.append(_STATUS_CLASSES[where.status])
        else:
            clauses.append("status = ?")
            params.append(int(where.status))
    pairs: Iterable[tuple[str, Any]] = (
        ("route = ?", where.route),
        ("at >= ?", where.start),
        ("at < ?", where.end),
    )
    for clause, value in pairs:
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return clauses, params


_REQUEST_COLUMNS = "id, at, method, path, route, request_id, status, latency_ms, fault, job_id,"
_REQUEST_COLUMNS += " message, body_bytes"


def _logged(row: Sequence[Any]) -> dict[str, Any]:
    keys: tuple[str, ...] = ("id", "at", "method", "path", "route", "requestId", "status")
    keys += ("latencyMs", "fault", "jobId", "message", "bodyBytes")
    logged = dict(zip(keys, row, strict=True))
    logged["time"] = format_epoch(logged["at"])
    if logged["jobId"] is not None:
        logged["jobId"] = str(logged["jobId"])  # job ids are strings on the wire
    return logged


def _stored_event(row: Sequence[Any], event: dict[str, Any] | None = None) -> dict[str, Any]:
    (
        row_id,
        external_id,
        sensor,
        kind,
        action,
        profile,
        event_time,
        send_time,
        created_at,
        client_app_id,
        body,
    ) = row
    if event is None:
        event = json.loads(body)
    stored: dict[str, Any] = {
        "id": row_id,
        "externalId": external_id,
        "sensor": sensor,
        "type": kind,
        "profile": profile,
        "action": action,
        "eventTime": event_time,
        "sendTime": send_time,
        "created_at": created_at,
        "updated_at": None,
        "deleted_at": None,
    }
    for key in _ENTITY_KEYS:
        stored[key] = event.get(key)
    stored["clientAppId"] = client_app_id
    return stored
