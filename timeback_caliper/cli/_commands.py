"""The commands of `timeback-caliper` (see `timeback_caliper.cli` for the parser)."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import IO, Any

from timeback_caliper import JobStatus, SyncCaliperClient
from timeback_caliper._core import envelope as envelopes
from timeback_caliper._core.timestamps import format_timestamp
from timeback_caliper.cli import _client_kwargs
from timeback_caliper.cli._input import (
    Checked,
    InputFileError,
    Report,
    SeenIds,
    Source,
    check_files,
    is_envelope,
    located,
    open_sources,
)
from timeback_caliper.cli._output import Problems, Progress, count
from timeback_caliper.exceptions import CaliperError
from timeback_caliper.validation import Issue


def run(args: argparse.Namespace) -> int:
    command = args.command
    if command == "send":
        from timeback_caliper.cli._send import send

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
    if command == "spool":
        return spool(args)
    if command == "outbox":
        return outbox(args)
    if command == "relay":
        from timeback_caliper.cli._relay import relay

        return relay(args)
    from timeback_caliper.sandbox.__main__ import sandbox_from_args, serve

    try:
        sandbox = sandbox_from_args(args)
    except (OSError, ValueError) as exc:  # a setting out of range, an unusable --db: usage
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return serve(sandbox, args.env_file)


# -- validate -------------------------------------------------------------------------------

_NO_SENSOR = "https://timeback-caliper.invalid/validate"  # for plain events without --sensor
_REMOTE_BATCH = 100


def validate(args: argparse.Namespace) -> int:
    problems = Problems()
    with open_sources(args.files, two_passes=False) as sources:
        if args.remote:
            with SyncCaliperClient(**_client_kwargs(args)) as client:
                checked = _validate_remote(client, sources, args.sensor, problems)
        else:
            checked = check_files(
                sources, args.sensor, problems, level=args.validation, need_sensor=False
            )
    judge = "the API" if args.remote else "this library's rules"
    print(
        f"{count(checked.events, 'event')} checked with {judge}: "
        f"{count(problems.count, 'problem')}",
        file=sys.stderr,
    )
    if checked.repeats:
        print(
            f"note: {count(checked.repeats, 'event')} "
            f"{'repeats' if checked.repeats == 1 else 'repeat'} an earlier event's id "
            f"({checked.first_repeat}); send sends each id once",
            file=sys.stderr,
        )
    return 1 if problems.count else 0


def _validate_remote(
    client: SyncCaliperClient, sources: list[Source], default_sensor: str | None, report: Report
) -> Checked:
    """Every event to the validate endpoint, in envelopes of up to 100; envelopes of the
    files as they are. Events are counted, and repeated ids found, as offline."""
    checked = 0
    pending: list[tuple[str, Any]] = []
    sensor = default_sensor or _NO_SENSOR

    def ask(envelope: dict[str, Any], wheres: list[str]) -> None:
        for issue in client.events.validate(envelope, check_locally=False).errors or []:
            index, path = _data_index(issue.path)
            where = wheres[index] if index is not None and index < len(wheres) else wheres[0]
            report(where, Issue(path if index is not None else issue.path, issue.message))

    def flush() -> None:
        if pending:
            envelope = envelopes.build_envelope(sensor, [e for _, e in pending], _now())
            ask(envelope, [w for w, _ in pending])
            pending.clear()

    def items() -> Iterator[tuple[str, str, Any]]:
        """(where, "envelope" | "member" | "event", the document or the event)."""
        for where, document in located(sources, report):
            if is_envelope(document):
                yield where, "envelope", document
                data = document.get("data")
                for event in data if isinstance(data, list) else []:
                    yield where, "member", event  # asked with its envelope; counted here
            else:
                yield where, "event", document

    def event_of(item: tuple[str, str, Any]) -> Any:
        return None if item[1] == "envelope" else item[2]

    seen = SeenIds()
    try:
        for where, kind, document in seen.unique(
            items(), event_of, itemgetter(0), keep_repeats=True
        ):
            if kind == "envelope":
                data = document.get("data")
                ask(dict(document), [where] * max(len(data) if isinstance(data, list) else 0, 1))
                continue
            checked += 1
            if kind == "event":
                pending.append((where, document))
                if len(pending) >= _REMOTE_BATCH:
                    flush()
        flush()
    finally:
        seen.close()
    return Checked(checked, seen.repeats, seen.first_repeat)


def _data_index(path: str) -> tuple[int | None, str]:
    """`data[3].actor.id` -> (3, "actor.id"); any other path -> (None, path)."""
    head, _, rest = path.partition("]")
    if head.startswith("data[") and head[5:].isdigit():
        return int(head[5:]), rest.removeprefix(".")
    return None, path


def _now() -> str:
    return format_timestamp(datetime.now(UTC))


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
    with SyncCaliperClient(**_client_kwargs(args)) as client:
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
    columns: list[str] = args.columns
    filled: set[str] = set()
    with (
        SyncCaliperClient(**_client_kwargs(args)) as client,
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
                cells = [_dig(row, c) for c in columns]
                filled.update(c for c, cell in zip(columns, cells, strict=True) if cell is not None)
                writer.writerow(cells)
            else:
                out.write(json.dumps(row, separators=(",", ":")) + "\n")
            progress.add(1)
        progress.close()
    rate = progress.done / progress.elapsed()
    print(f"exported {count(progress.done, 'event')} ({rate:,.0f} events/s)", file=sys.stderr)
    empty = [c for c in columns if c not in filled]
    if writer is not None and progress.done and empty:
        print(f"warning: no event had a value for {', '.join(empty)}", file=sys.stderr)
    return 0


_GET_SCAN = 100_000  # stored events looked through for a database id


def events_get(args: argparse.Namespace) -> int:
    """By the event's id (`urn:uuid:...`, or the bare UUID), or by the number `events list`
    prints first (the database id: the API has no lookup by it, so the newest events are
    looked through)."""
    wanted: str = args.external_id.strip()
    with SyncCaliperClient(**_client_kwargs(args)) as client:
        if wanted.isascii() and wanted.isdigit():
            stream = client.events.stream(limit=1000, max_items=_GET_SCAN)
            found = next((e for e in stream if e.id == int(wanted)), None)
            if found is None:
                print(
                    f"error: no event with the database id {wanted} among the newest "
                    f"{_GET_SCAN:,}; give its urn:uuid (the last column of events list)",
                    file=sys.stderr,
                )
                return 1
            event = found
        else:
            if not wanted.startswith("urn:"):
                wanted = f"urn:uuid:{wanted}"
            event = client.events.get(wanted)
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


def _job_ids(args: argparse.Namespace) -> list[str]:
    """The ids given, then those of --jobs-file (JSON Lines with a "jobId", or plain ids)."""
    ids: list[str] = list(args.job_ids)
    if args.jobs_file:
        with open(args.jobs_file, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                text = line.strip()
                if not text:
                    continue
                if text.startswith("{"):
                    try:
                        text = str(json.loads(text)["jobId"])
                    except (ValueError, KeyError, TypeError):
                        raise InputFileError(
                            f"{args.jobs_file}:{number}", 'is not a line with a "jobId"'
                        ) from None
                ids.append(text)
    if not ids:
        raise InputFileError(
            args.jobs_file or "(arguments)", "no job id: give IDs or --jobs-file FILE"
        )
    return list(dict.fromkeys(ids))  # each once, in order


def jobs_status(args: argparse.Namespace) -> int:
    job_ids = _job_ids(args)
    with SyncCaliperClient(**_client_kwargs(args)) as client:
        statuses = [client.jobs.get_status(job_id) for job_id in job_ids]
    if len(statuses) == 1:
        print(json.dumps(_status_json(statuses[0]), indent=2))
    else:
        for status in statuses:
            print(json.dumps(_status_json(status)))
    return 0


def jobs_wait(args: argparse.Namespace) -> int:
    job_ids = _job_ids(args)
    with SyncCaliperClient(**_client_kwargs(args)) as client:
        results = client.jobs.wait_for_all(
            job_ids, timeout=args.wait_timeout, poll_interval=0.5, return_exceptions=True
        )
    bad = 0
    for job_id, result in zip(job_ids, results, strict=True):
        if isinstance(result, JobStatus):
            stored = len(result.return_value.results) if result.return_value else 0
            print(f"{job_id}: {result.state} ({stored} events)")
        else:
            bad += 1
            print(f"{job_id}: {type(result).__name__}: {result}")
    return 1 if bad else 0


# -- token ------------------------------------------------------------------------------------


def token(args: argparse.Namespace) -> int:
    with SyncCaliperClient(**_client_kwargs(args)) as client:
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


# -- spool ----------------------------------------------------------------------------------


def spool(args: argparse.Namespace) -> int:
    """`spool status|dead|requeue|purge PATH`: a sender's spool, for operators."""
    from timeback_caliper._pg_spool import PostgresSpool, is_postgres_url
    from timeback_caliper._spool import Spool

    queue: Spool | PostgresSpool
    if is_postgres_url(args.path):
        queue = PostgresSpool(args.path, max_items=2**62)
    elif not os.path.exists(args.path):
        print(f"error: {args.path}: no such spool", file=sys.stderr)
        return 1
    else:
        queue = Spool(args.path, max_items=2**62)
    try:
        if args.spool_command == "status":
            print(json.dumps(queue.status(), indent=2))
        elif args.spool_command == "dead":
            for letter in queue.dead(args.limit):
                print(json.dumps(letter, ensure_ascii=False))
        elif args.spool_command == "requeue":
            moved = queue.requeue(None if args.all else args.seq)
            print(f"requeued {moved} dead letter(s): the next sender on {queue.path} sends them")
        else:
            print(f"purged {queue.purge(None if args.all else args.seq)} dead letter(s)")
    finally:
        queue.close()
    return 0


# -- outbox ---------------------------------------------------------------------------------


def outbox(args: argparse.Namespace) -> int:
    """`outbox migrate|version --spool URL`: the PostgreSQL outbox's schema."""
    import psycopg

    from timeback_caliper._pg_spool import (
        VERSION,
        connect,
        database_error,
        migrate,
        redacted,
        schema_version,
    )

    where = f"{redacted(args.spool)} (schema {args.schema})"
    if args.outbox_command == "migrate":
        applied = migrate(args.spool, args.schema)
        done = ", ".join(f"v{v}" for v in applied) if applied else "nothing: it is current"
        print(f"outbox {where}: applied {done}; at v{VERSION}")
        return 0
    with connect(args.spool) as conn:
        try:
            found = schema_version(conn, args.schema)
        except psycopg.Error as exc:
            raise database_error(args.spool, exc) from None
    print(f"outbox {where}: schema v{found}; this library needs v{VERSION}")
    return 0 if found == VERSION else 1
