"""`timeback-caliper send`: check the files, then stream their events to the API in batches.

What is sent, skipped and refused is counted in a `SendRun`, whose summary is printed
however the command ends: done, refused, stopped by a bad line, or interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import groupby, islice
from operator import attrgetter
from typing import IO, Any

from attrs import define, field

from timeback_caliper import AsyncCaliperClient, JobStatus, SendResult
from timeback_caliper._core.sending import is_refusal
from timeback_caliper._sqlite_file import identity
from timeback_caliper.cli import _client_kwargs
from timeback_caliper.cli._input import (
    InputFileError,
    Record,
    SeenIds,
    Source,
    check_files,
    no_sensor_message,
    open_sources,
    records,
)
from timeback_caliper.cli._output import Problems, Progress, api_trouble, count
from timeback_caliper.exceptions import (
    BatchSendError,
    JobFailedError,
)
from timeback_caliper.validation import errors_of, validate_event

_CHECKPOINT_ID = 0x54424350  # "TBCP" in the file header: this file is a send checkpoint
_TABLES = frozenset({"acked", "jobs"})


def _check_checkpoint_file(path: str) -> None:
    """Refuse, before anything is written, a file that is not one of our checkpoints (a
    spool, another program's database, a text file)."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return
    try:
        app_id, tables = identity(path)
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise InputFileError(
                path, "is in use by another send (one process per checkpoint)"
            ) from None
        raise InputFileError(path, f"is not a checkpoint ({exc})") from None
    if app_id == _CHECKPOINT_ID or (app_id == 0 and tables in (set(), _TABLES)):
        return
    found = ", ".join(sorted(tables)) or "none"
    raise InputFileError(
        path, f"is not a checkpoint of this command (a SQLite database with tables: {found})"
    )


_SCHEMA = """
CREATE TABLE IF NOT EXISTS acked (id TEXT PRIMARY KEY, job_id TEXT);
CREATE INDEX IF NOT EXISTS acked_job ON acked (job_id);
CREATE TABLE IF NOT EXISTS jobs (job_id TEXT, events INTEGER, sensor TEXT, at TEXT);
"""


class Checkpoint:
    """The event ids the API acknowledged, with their job ids, in a SQLite file; committed
    per batch, so a crash loses at most the acknowledgements in flight (resent, not lost)."""

    def __init__(self, path: str) -> None:
        self.path = path
        _check_checkpoint_file(path)
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=0)
        except sqlite3.Error as exc:
            raise InputFileError(path, f"cannot be used as a checkpoint: {exc}") from None
        try:
            # One writer per checkpoint: this process holds the file's lock until it ends,
            # so a second `send` on the same checkpoint is refused, not run twice.
            self.conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("BEGIN IMMEDIATE")
            for statement in filter(str.strip, _SCHEMA.split(";")):
                self.conn.execute(statement)
            self.conn.execute(f"PRAGMA application_id = {_CHECKPOINT_ID}")
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.close()
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise InputFileError(
                    path, "is in use by another send (one process per checkpoint)"
                ) from None
            raise InputFileError(path, f"cannot be used as a checkpoint: {exc}") from None

    def unacked(self, batch: list[Record]) -> list[Record]:
        ids = [r.event.get("id") for r in batch]
        marks = ",".join("?" * len(ids))
        query = f"SELECT id FROM acked WHERE id IN ({marks})"  # placeholders only
        done = {row[0] for row in self.conn.execute(query, ids)}
        return [r for r in batch if r.event.get("id") not in done]

    def record(self, result: SendResult, sensor: str, events: list[Any]) -> None:
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.executemany(
                "INSERT OR REPLACE INTO acked (id, job_id) VALUES (?, ?)",
                [(e.get("id"), result.job_id) for e in events],
            )
            self.conn.execute(
                "INSERT INTO jobs VALUES (?, ?, ?, ?)",
                (result.job_id, len(events), sensor, datetime.now(UTC).isoformat()),
            )

    def forget_jobs(self, job_ids: list[str]) -> int:
        """Take the events of failed jobs out, so that a rerun sends them again."""
        with self.conn:
            self.conn.execute("BEGIN")
            return sum(
                self.conn.execute("DELETE FROM acked WHERE job_id = ?", (job_id,)).rowcount
                for job_id in job_ids
            )

    def close(self) -> None:
        self.conn.close()


@define
class SendRun:
    """What one `send` did, for its summary."""

    total: int | None
    sent: int = 0
    skipped: int = 0  # acknowledged in an earlier run (checkpoint)
    repeats: int = 0  # ids met earlier in the input: each id is sent once
    job_ids: list[str] = field(factory=list)
    stopped: str | None = None  # why the send stopped early
    hint: str | None = None
    jobs_completed: int = 0
    jobs_failed: list[str] = field(factory=list)
    jobs_unfinished: int = 0
    forgotten: int = 0

    @property
    def ok(self) -> bool:
        return self.stopped is None and not self.jobs_failed and not self.jobs_unfinished


async def send(args: argparse.Namespace) -> int:
    with open_sources(args.files, two_passes=not args.stream_validate) as sources:
        checkpoint = Checkpoint(args.checkpoint) if args.checkpoint else None
        try:
            return await _send(args, sources, checkpoint)
        finally:
            if checkpoint is not None:
                checkpoint.close()


async def _send(
    args: argparse.Namespace, sources: list[Source], checkpoint: Checkpoint | None
) -> int:
    total: int | None = None
    if not args.stream_validate:
        problems = Problems()
        checked = check_files(sources, args.sensor, problems, level=args.validation)
        if problems.count:
            print(f"error: {count(problems.count, 'problem')}; nothing was sent", file=sys.stderr)
            return 1
        total = checked.events - checked.repeats
    run = SendRun(total, repeats=0 if total is None else checked.repeats)
    progress = Progress("sent", total)
    jobs_file = open(args.jobs_file, "a", encoding="utf-8") if args.jobs_file else None  # noqa: SIM115, ASYNC230 (once, before sending)
    try:
        async with AsyncCaliperClient(**_client_kwargs(args)) as client:
            await _send_all(client, args, sources, run, progress, checkpoint, jobs_file)
            if args.wait and run.stopped is None:
                await _wait_jobs(client, args, run, checkpoint)
    finally:
        progress.close()
        if jobs_file is not None:
            jobs_file.close()
        _summarize(run, args, progress.elapsed())
    return 0 if run.ok else 1


async def _send_all(
    client: AsyncCaliperClient,
    args: argparse.Namespace,
    sources: list[Source],
    run: SendRun,
    progress: Progress,
    checkpoint: Checkpoint | None,
    jobs_file: IO[str] | None,
) -> None:
    def on_sent(sensor: str) -> Any:
        def accepted(result: SendResult, events: list[Any]) -> None:
            if checkpoint is not None:
                checkpoint.record(result, sensor, events)
            if result.job_id is not None:
                run.job_ids.append(result.job_id)
                if jobs_file is not None:
                    line = {"jobId": result.job_id, "events": len(events), "sensor": sensor}
                    jobs_file.write(json.dumps(line) + "\n")
                    jobs_file.flush()
            run.sent += len(events)
            progress.add(len(events))

        return accepted

    def skipped(n: int) -> None:
        run.skipped += n
        progress.add(n)

    fresh = _read(records(sources, args.sensor), run, args)
    # Unchecked input, or input known to repeat ids: drop the repeats on the way.
    seen = SeenIds() if args.stream_validate or run.repeats else None
    if seen is not None:
        fresh = seen.unique(fresh, attrgetter("event"), attrgetter("where"))
    try:
        for sensor, group in groupby(_without_acked(fresh, checkpoint, skipped), _sensor):
            wheres = _Wheres(args.batch_size * (args.concurrency + 2))
            try:
                await client.events.send_batches(
                    sensor,
                    wheres.events(group),
                    batch_size=args.batch_size,
                    max_batch_bytes=args.batch_bytes,
                    max_concurrency=args.concurrency,
                    on_sent=on_sent(sensor),
                    validation="off",  # checked already, file by file or line by line
                )
            except BatchSendError as exc:
                _refused(run, args, exc, wheres.at(exc.failed_index))
                return
            if run.stopped is not None:
                return
    finally:
        if seen is not None:
            run.repeats = seen.repeats
            seen.close()


def _sensor(record: Record) -> str:
    return record.sensor or ""  # never empty here: events without a sensor were refused


def _read(items: Iterator[Record], run: SendRun, args: argparse.Namespace) -> Iterator[Record]:
    """The records, checked one by one with --stream-validate. A bad line ends the stream
    (quietly: the batches before it are still sent) and is kept as the reason to stop."""
    try:
        for record in items:
            if args.stream_validate:
                if record.sensor is None:
                    raise InputFileError(record.where, no_sensor_message(1))
                issues = errors_of(validate_event(record.event, level=args.validation))
                if issues:
                    text = "; ".join(f"{i.path or '(event)'}: {i.message}" for i in issues[:5])
                    raise InputFileError(record.where, text)
            yield record
    except InputFileError as exc:
        run.stopped = str(exc)
        run.hint = "fix it, then rerun" + _with_checkpoint(args, "to send only the rest")


def _without_acked(
    items: Iterator[Record], checkpoint: Checkpoint | None, skipped: Any
) -> Iterator[Record]:
    if checkpoint is None:
        yield from items
        return
    while chunk := list(islice(items, 500)):
        fresh = checkpoint.unacked(chunk)
        if len(fresh) < len(chunk):
            skipped(len(chunk) - len(fresh))
        yield from fresh


class _Wheres:
    """The file:line of the last events handed to `send_batches`, by their index there."""

    def __init__(self, keep: int) -> None:
        self._recent: deque[str] = deque(maxlen=keep)
        self._count = 0

    def events(self, records: Iterator[Record]) -> Iterator[Any]:
        for record in records:
            self._recent.append(record.where)
            self._count += 1
            yield record.event

    def at(self, index: int) -> str | None:
        offset = index - (self._count - len(self._recent))
        return self._recent[offset] if 0 <= offset < len(self._recent) else None


def _refused(
    run: SendRun, args: argparse.Namespace, exc: BatchSendError, where: str | None
) -> None:
    cause = exc.__cause__
    trouble = api_trouble(cause, args) if cause is not None else None
    if trouble is not None:  # not the input's fault: no line to blame
        run.stopped = trouble
        run.hint = "then rerun" + _with_checkpoint(args, "to send the rest")
        return
    run.stopped = f"{where}: {cause}" if where and cause else str(exc)
    if cause is not None and is_refusal(cause):
        run.hint = "fix the data, then rerun" + _with_checkpoint(args, "to send only the rest")
    else:
        run.hint = "rerun" + _with_checkpoint(args, "to send the rest")


def _with_checkpoint(args: argparse.Namespace, what: str) -> str:
    if args.checkpoint:
        return f" with --checkpoint {args.checkpoint} {what}"
    return " (with --checkpoint, a rerun sends only what did not go; without, it sends all)"


async def _wait_jobs(
    client: AsyncCaliperClient,
    args: argparse.Namespace,
    run: SendRun,
    checkpoint: Checkpoint | None,
) -> None:
    if not run.job_ids:
        return
    results = await client.jobs.wait_for_all(
        run.job_ids, timeout=args.wait_timeout, poll_interval=0.5, return_exceptions=True
    )
    for result in results:
        if isinstance(result, JobStatus):
            run.jobs_completed += 1
        elif isinstance(result, JobFailedError):
            run.jobs_failed.append(result.job_id)
            print(f"error: {result}", file=sys.stderr)
        else:
            run.jobs_unfinished += 1
            print(f"error: {result}", file=sys.stderr)
    if checkpoint is not None and run.jobs_failed:
        run.forgotten = checkpoint.forget_jobs(run.jobs_failed)


def _summarize(run: SendRun, args: argparse.Namespace, seconds: float) -> None:
    parts = [
        f"sent {count(run.sent, 'event')} in {count(len(run.job_ids), 'envelope')} "
        f"({run.sent / seconds:,.0f} events/s)"
    ]
    if run.skipped:
        parts.append(f"skipped {run.skipped:,} sent by an earlier run (checkpoint)")
    if run.repeats:
        parts.append(f"skipped {count(run.repeats, 'repeated id')} (each id is sent once)")
    if run.total is not None and run.stopped is not None:
        parts.append(f"{run.total - run.sent - run.skipped:,} not sent")
    if args.jobs_file:
        parts.append(f"job ids written to {args.jobs_file}")
    elif args.checkpoint:
        parts.append(f"job ids kept in {args.checkpoint}")
    if run.jobs_completed or run.jobs_failed or run.jobs_unfinished:
        parts.append(
            f"jobs: {run.jobs_completed:,} completed, {len(run.jobs_failed):,} failed"
            + (f", {run.jobs_unfinished:,} not finished in time" if run.jobs_unfinished else "")
        )
    print("; ".join(parts))
    if run.stopped is not None:
        print(f"error: send stopped: {run.stopped}", file=sys.stderr)
    if run.forgotten:
        print(
            f"error: {count(run.forgotten, 'event')} of failed jobs taken out of "
            f"{args.checkpoint}: rerun with --checkpoint {args.checkpoint} to send them again",
            file=sys.stderr,
        )
    elif run.jobs_failed and not args.checkpoint:
        print("error: the events of the failed jobs were not stored", file=sys.stderr)
    if run.hint:
        print(run.hint, file=sys.stderr)


__all__ = ["Checkpoint", "SendRun", "send"]
