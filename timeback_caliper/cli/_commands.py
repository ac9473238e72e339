"""The commands of `timeback-caliper` (see `timeback_caliper.cli` for the parser)."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import groupby, islice
from typing import IO, Any

from timeback_caliper import AsyncCaliperClient, CaliperClient, JobStatus, SendResult
from timeback_caliper.cli import _client_kwargs
from timeback_caliper.cli._input import InputFileError, Record, check_files, records, spool_stdin
from timeback_caliper.exceptions import BatchSendError, CaliperError
from timeback_caliper.validation import Issue, validate_event


def run(args: argparse.Namespace) -> int:
    command = args.command
    if command == "send":
        return asyncio.run(send(args))
    if command == "validate":
        return validate(args)
    if command == "events":
        return {"list": events_list, "export": events_export, "get": events_get}[
            args.events_command
        ](args)
    if command == "jobs":
        return {"status": jobs_status, "wait": jobs_wait}[args.jobs_command](args)
    if command == "token":
        return token(args)
    from timeback_caliper.sandbox.__main__ import sandbox_from_args, serve

    return serve(sandbox_from_args(args))


# -- progress -----------------------------------------------------------------------------


class Progress:
    """A progress bar (tqdm) on a terminal; plain lines every few seconds otherwise."""

    def __init__(self, what: str, total: int | None, *, every: float = 2.0) -> None:
        self.what, self.total, self.every = what, total, every
        self.done = 0
        self.started = self._last = time.monotonic()
        self._bar: Any = None
        if sys.stderr.isatty():
            try:
                from tqdm import tqdm
            except ImportError:  # the [cli] extra is not installed: plain lines
                pass
            else:
                self._bar = tqdm(total=total, unit=" events", unit_scale=True, desc=what)

    def add(self, count: int) -> None:
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
            return
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            print(self.line(now), file=sys.stderr, flush=True)

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        text = f"{self.what}: {self.done:,}"
        if self.total:
            left = (self.total - self.done) / rate if rate else float("inf")
            text += f" / {self.total:,} ({100 * self.done / self.total:.0f} %), ETA {left:.0f} s"
        return f"{text}, {rate:,.0f} events/s"

    def close(self) -> float:
        if self._bar is not None:
            self._bar.close()
        return self.done / max(time.monotonic() - self.started, 1e-9)


# -- send -----------------------------------------------------------------------------------


class Checkpoint:
    """The ids the API acknowledged, and the job ids, in a SQLite file (committed per batch)."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.executescript(
            "CREATE TABLE IF NOT EXISTS acked (id TEXT PRIMARY KEY);"
            "CREATE TABLE IF NOT EXISTS jobs (job_id TEXT, events INTEGER, sensor TEXT, at TEXT);"
        )

    def unacked(self, batch: list[Record]) -> list[Record]:
        ids = [r.event.get("id") for r in batch if isinstance(r.event, dict)]
        marks = ",".join("?" * len(ids))
        done = {
            row[0] for row in self.conn.execute(f"SELECT id FROM acked WHERE id IN ({marks})", ids)
        }
        return [r for r in batch if not (isinstance(r.event, dict) and r.event.get("id") in done)]

    def record(self, result: SendResult, sensor: str, events: list[Any]) -> None:
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.executemany(
                "INSERT OR IGNORE INTO acked (id) VALUES (?)", [(e.get("id"),) for e in events]
            )
            self.conn.execute(
                "INSERT INTO jobs VALUES (?, ?, ?, ?)",
                (result.job_id, len(events), sensor, datetime.now(UTC).isoformat()),
            )

    def close(self) -> None:
        self.conn.close()


def _without_acked(items: Iterator[Record], checkpoint: Checkpoint | None) -> Iterator[Record]:
    if checkpoint is None:
        yield from items
        return
    while chunk := list(islice(items, 500)):
        yield from checkpoint.unacked(chunk)


def _checked(items: Iterator[Record], strict: bool) -> Iterator[Record]:
    """--stream-validate: stop at the first invalid event, naming its file and line."""
    for record in items:
        issues = validate_event(record.event, strict=strict)
        if issues:
            raise InputFileError(record.where, "; ".join(str(i) for i in issues[:5]))
        yield record


async def send(args: argparse.Namespace) -> int:
    files = [spool_stdin() if f == "-" and not args.stream_validate else f for f in args.files]
    names = dict(zip(files, args.files, strict=True))
    total: int | None = None
    if not args.stream_validate:
        found: list[int] = []

        def report(where: str, issue: Issue) -> None:
            found.append(1)
            _print_problem(where, issue, names)

        total = check_files(files, args.sensor, report, strict=args.strict)
        if found:
            print(f"error: {_count(len(found), 'problem')}; nothing was sent", file=sys.stderr)
            return 1
    checkpoint = Checkpoint(args.checkpoint) if args.checkpoint else None
    jobs_file = open(args.jobs_file, "a", encoding="utf-8") if args.jobs_file else None  # noqa: SIM115, ASYNC230 (once, before sending)
    progress = Progress("sent", total)
    job_ids: list[str] = []
    failed = 0

    def on_sent(sensor: str) -> Callable[[SendResult, list[Any]], None]:
        def record(result: SendResult, events: list[Any]) -> None:
            if checkpoint is not None:
                checkpoint.record(result, sensor, events)
            if result.job_id is not None:
                job_ids.append(result.job_id)
                if jobs_file is not None:
                    line = {"jobId": result.job_id, "events": len(events), "sensor": sensor}
                    jobs_file.write(json.dumps(line) + "\n")
                    jobs_file.flush()
            progress.add(len(events))

        return record

    stream: Iterator[Record] = records(files, args.sensor)
    if args.stream_validate:
        stream = _checked(stream, args.strict)
    try:
        async with AsyncCaliperClient(**_client_kwargs(args)) as client:
            for sensor, run in groupby(_without_acked(stream, checkpoint), key=lambda r: r.sensor):
                if sensor is None:
                    raise InputFileError(
                        "input",
                        "plain events need --sensor (or send envelopes, which carry theirs)",
                    )
                try:
                    await client.events.send_batches(
                        sensor,
                        (r.event for r in run),
                        batch_size=args.batch_size,
                        max_batch_bytes=args.batch_bytes,
                        max_concurrency=args.concurrency,
                        on_sent=on_sent(sensor),
                        validate=args.stream_validate,
                    )
                except BatchSendError as exc:
                    failed += 1
                    print(f"error: {exc}", file=sys.stderr)
                    break
            rate = progress.close()
            jobs_failed = await _wait_jobs(client, job_ids, args) if args.wait and not failed else 0
    finally:
        if checkpoint is not None:
            checkpoint.close()
        if jobs_file is not None:
            jobs_file.close()
    where = (
        f"written to {args.jobs_file}"
        if args.jobs_file
        else f"kept in {args.checkpoint}"
        if args.checkpoint
        else "not kept (use --jobs-file)"
    )
    print(
        f"sent {_count(progress.done, 'event')} in {_count(len(job_ids), 'envelope')} "
        f"({rate:,.0f} events/s); "
        f"{'a batch failed' if failed else 'none failed'}; job ids {where}"
        + (
            f"; {_count(len(job_ids) - jobs_failed, 'job')} completed, {jobs_failed:,} failed"
            if args.wait and not failed
            else ""
        )
    )
    if failed and args.checkpoint:
        print(f"rerun with --checkpoint {args.checkpoint} to send the rest", file=sys.stderr)
    return 1 if failed or jobs_failed else 0


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


async def _wait_jobs(
    client: AsyncCaliperClient, job_ids: list[str], args: argparse.Namespace
) -> int:
    if not job_ids:
        return 0
    results = await client.jobs.wait_for_all(
        job_ids, timeout=args.wait_timeout, poll_interval=0.5, return_exceptions=True
    )
    failed = [r for r in results if not isinstance(r, JobStatus)]
    for error in failed:
        print(f"error: {error}", file=sys.stderr)
    return len(failed)


def _print_problem(where: str, issue: Issue, names: dict[str, str]) -> None:
    file, _, line = where.rpartition(":")
    shown = names.get(file, file)
    if shown == "-":
        shown = "<stdin>"
    location = f"{shown}:{line}" if file else where
    print(f"{location}: {issue.path or '(event)'}: {issue.message}")


# -- validate -------------------------------------------------------------------------------


def validate(args: argparse.Namespace) -> int:
    files = [spool_stdin() if f == "-" else f for f in args.files]
    names = dict(zip(files, args.files, strict=True))
    found: list[int] = []

    def report(where: str, issue: Issue) -> None:
        found.append(1)
        _print_problem(where, issue, names)

    checked = check_files(files, args.sensor, report, strict=args.strict, need_sensor=False)
    if args.remote and not found:
        with CaliperClient(**_client_kwargs(args)) as client:
            for record in records(files, args.sensor):
                envelope = {
                    "sensor": record.sensor or "https://timeback-caliper.invalid/validate",
                    "sendTime": _now(),
                    "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
                    "data": [record.event],
                }
                for issue in client.events.validate(envelope).errors:
                    path = issue.path.removeprefix("data[0]").removeprefix(".")
                    report(record.where, Issue(path, issue.message))
    where = "the API" if args.remote else "this library's rules"
    print(
        f"{_count(checked, 'event')} checked with {where}: {_count(len(found), 'problem')}",
        file=sys.stderr,
    )
    return 1 if found else 0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# -- events -----------------------------------------------------------------------------------


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "sensor": args.sensor,
        "actor_id": args.actor_id,
        "actor_email": args.actor_email,
        "start_date": args.start_date,
        "end_date": args.end_date,
    }


def events_list(args: argparse.Namespace) -> int:
    with CaliperClient(**_client_kwargs(args)) as client:
        page = client.events.list(limit=args.limit, offset=args.offset, **_filters(args))
    if args.json:
        body = {
            "events": [e.to_dict() for e in page.events],
            "total": page.pagination.total if page.pagination else None,
            "next_offset": page.next_offset,
        }
        print(json.dumps(body, indent=2))
        return 0
    for event in page.events:
        actor = (
            event.actor.get("email") or event.actor.get("id")
            if isinstance(event.actor, dict)
            else event.actor
        )
        kind = f"{event.type}/{event.action}"
        print(f"{event.id!s:>8}  {event.event_time}  {kind}  {actor}  {event.external_id}")
    total = page.pagination.total if page.pagination else "?"
    more = f"; next --offset {page.next_offset}" if page.next_offset is not None else ""
    print(f"{len(page.events)} of {total} events{more}", file=sys.stderr)
    return 0


@contextmanager
def _output(path: str, newline: str | None = None) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8", newline=newline) as f:
            yield f


def _dig(value: Any, path: str) -> Any:
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


def events_export(args: argparse.Namespace) -> int:
    columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    with (
        CaliperClient(**_client_kwargs(args)) as client,
        _output(args.output, "" if args.format == "csv" else None) as out,
    ):
        stream = client.events.stream(
            limit=args.page_size, max_items=args.max_items, **_filters(args)
        )
        first = stream.first_page()
        total = first.pagination.total if first.pagination else None
        if args.max_items is not None and total is not None:
            total = min(total, args.max_items)
        progress = Progress("exported", total)
        writer = csv.writer(out) if args.format == "csv" else None
        if writer is not None:
            writer.writerow(columns)
        for event in stream:
            row = event.to_dict()
            if writer is not None:
                writer.writerow([_dig(row, c) for c in columns])
            else:
                out.write(json.dumps(row, separators=(",", ":")) + "\n")
            progress.add(1)
        rate = progress.close()
    print(f"exported {progress.done:,} events ({rate:,.0f} events/s)", file=sys.stderr)
    return 0


def events_get(args: argparse.Namespace) -> int:
    with CaliperClient(**_client_kwargs(args)) as client:
        event = client.events.get(args.external_id)
    print(json.dumps(event.to_dict(), indent=2))
    return 0


# -- jobs -------------------------------------------------------------------------------------


def _status_json(status: JobStatus) -> dict[str, Any]:
    return {
        "id": status.id,
        "state": status.state,
        "processedOn": status.processed_on,
        "failedReason": status.failed_reason,
        "results": [
            {"allocatedId": r.allocated_id, "externalId": r.external_id}
            for r in (status.return_value.results if status.return_value else [])
        ],
    }


def jobs_status(args: argparse.Namespace) -> int:
    with CaliperClient(**_client_kwargs(args)) as client:
        status = client.jobs.get_status(args.job_id)
    print(json.dumps(_status_json(status), indent=2))
    return 0


def jobs_wait(args: argparse.Namespace) -> int:
    with CaliperClient(**_client_kwargs(args)) as client:
        results = client.jobs.wait_for_all(
            args.job_ids, timeout=args.wait_timeout, poll_interval=0.5, return_exceptions=True
        )
    bad = 0
    for job_id, result in zip(args.job_ids, results, strict=True):
        if isinstance(result, JobStatus):
            stored = len(result.return_value.results) if result.return_value else 0
            print(f"{job_id}: {result.state} ({stored} events)")
        else:
            bad += 1
            print(f"{job_id}: {type(result).__name__}: {result}")
    return 1 if bad else 0


# -- token ------------------------------------------------------------------------------------


def token(args: argparse.Namespace) -> int:
    with CaliperClient(**_client_kwargs(args)) as client:
        info = client.check_auth()
        config = client.config
    expires = datetime.now(UTC) + timedelta(seconds=info.expires_in)
    print(
        f"credentials OK: client {config.client_id} at {config.auth_url}; the token lasts "
        f"{info.expires_in:,.0f} s (until {expires.isoformat(timespec='seconds')})"
        + (f"; scope {info.scope}" if info.scope else "")
    )
    if args.show_token:
        print(info.token)
    return 0


__all__ = ["CaliperError", "run"]
