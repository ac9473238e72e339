"""The transactional outbox on PostgreSQL: record an event in the same transaction as the
change that caused it, so that it exists if and only if that change commits; any process
on any host then delivers it once (`timeback-caliper relay`, or a `Sender` on the same
`spool="postgresql://..."`).

    with psycopg.connect(url) as conn:          # one transaction
        conn.execute("UPDATE scores SET ...")
        outbox.enqueue(conn, event, sensor=SENSOR)
    # committed: the event is recorded; rolled back: it never was

`enqueue` takes a psycopg connection or cursor, Django's database connection (inside
`transaction.atomic()`) or a SQLAlchemy session or connection, checks and encodes the event
as `Sender.enqueue` does, and writes one row with the caller's own connection: no network
I/O beyond that database, no commit of its own. The schema is made by `migrate()` (the
`timeback-caliper outbox migrate` command), never implicitly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from timeback_caliper._core import sending
from timeback_caliper._core.params import positive_int
from timeback_caliper._core.show import show
from timeback_caliper._core.validation import Issue, level_of
from timeback_caliper._pg_spool import SCHEMA, migrate, schema_version
from timeback_caliper._queue import prepare_event
from timeback_caliper.exceptions import ConfigurationError, InputValidationError

__all__ = ["SCHEMA", "enqueue", "migrate", "schema_version"]

_INSERT = "INSERT INTO {s}.outbox (sensor, body, size) VALUES (%s, %s, %s)"


def enqueue(
    db: Any,
    event: Mapping[str, Any],
    *,
    sensor: str,
    validation: str = "basic",
    schema: str = SCHEMA,
    max_batch_bytes: int = sending.DEFAULT_BATCH_BYTES,
) -> None:
    """Write `event` to the outbox on `db`'s open transaction (see the module's text).

    Raises InputValidationError for an invalid event, before anything is written, and the
    driver's own error if the write fails (it is the caller's transaction to roll back).
    """
    issues: list[Issue] = []
    try:
        level = level_of(validation)
    except ValueError as exc:
        issues.append(Issue("validation", str(exc), code="enum"))
    positive_int(issues, "max_batch_bytes", max_batch_bytes)
    if issues:
        raise InputValidationError("Invalid outbox.enqueue parameters", issues)
    if not isinstance(schema, str) or not schema.isidentifier() or not schema.isascii():
        raise ConfigurationError(f"schema must be a plain identifier, got {show(schema)}")
    body, size, sensor = prepare_event(event, sensor, level=level, max_batch_bytes=max_batch_bytes)
    _execute(db, _INSERT.format(s=schema), (sensor, body, size))


def _execute(db: Any, sql: str, params: tuple[Any, ...]) -> None:
    """Run one statement with `%s` parameters on whatever handle the caller has."""
    if hasattr(db, "exec_driver_sql"):  # a SQLAlchemy Connection
        db.exec_driver_sql(sql, params)
    elif hasattr(db, "get_bind") and hasattr(db, "connection"):  # a SQLAlchemy Session
        db.connection().exec_driver_sql(sql, params)
    elif getattr(db, "vendor", None) is not None:  # Django's connection (a DatabaseWrapper)
        if db.vendor != "postgresql":
            raise ConfigurationError(f"the outbox needs PostgreSQL, not {db.vendor}")
        with db.cursor() as cursor:
            cursor.execute(sql, params)
    elif hasattr(db, "execute"):  # a psycopg Connection or Cursor
        db.execute(sql, params)
    else:
        raise ConfigurationError(
            "db must be a psycopg connection or cursor, Django's connection or a SQLAlchemy "
            f"session or connection, got {type(db).__name__}"
        )
