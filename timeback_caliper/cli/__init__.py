"""`timeback-caliper`: bulk backfill, export, validation, jobs, tokens and the sandbox.

Configured by flags or by the client's environment variables (TIMEBACK_API_*, ...).
Exit codes: 0 success, 1 a failure (invalid data, refused batches, failed jobs, API
errors), 2 a usage error, 130 interrupted. Errors are one line; `--debug` shows tracebacks.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from timeback_caliper._core.limits import MAX_LIMIT
from timeback_caliper._core.vocabulary import DEFAULT_LEVEL, LEVELS, PLATFORMS
from timeback_caliper._version import __version__

HELP_EPILOG = (
    "Settings come from the flags or from TIMEBACK_API_BASE_URL, TIMEBACK_API_AUTH_URL, "
    "TIMEBACK_API_CLIENT_ID and TIMEBACK_API_CLIENT_SECRET (or TIMEBACK_*, CALIPER_*)."
)


def _whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number in [low, high]; out of range is a usage error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            bound = f"from {low} to {high}" if high is not None else f">= {low}"
            raise argparse.ArgumentTypeError(f"must be {bound}, got {value}")
        return value

    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds > 0, got {text}")
    return value


def _time(text: str) -> str:
    from timeback_caliper._core.timestamps import parse_time_input

    try:
        parse_time_input(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _columns(text: str) -> list[str]:
    columns = [c.strip() for c in text.split(",")]
    if not all(columns) or any("" in c.split(".") for c in columns):
        raise argparse.ArgumentTypeError(
            f"{text!r}: column names separated by commas, e.g. id,actor.email"
        )
    return columns


def _client_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("connection")
    group.add_argument("--env", choices=["staging", "production"], help="the platform's hosts")
    group.add_argument(
        "--platform",
        choices=PLATFORMS,
        default="BEYOND_AI",
        help="(%(default)s)",
    )
    group.add_argument("--base-url", help="API base URL (wins over --env)")
    group.add_argument("--auth-url", help="OAuth2 token URL (wins over --env)")
    group.add_argument("--client-id", help="OAuth2 client id")
    group.add_argument(
        "--client-secret", help="OAuth2 client secret (prefer TIMEBACK_API_CLIENT_SECRET)"
    )
    group.add_argument(
        "--timeout", type=_seconds, default=30.0, help="seconds per operation (%(default)s)"
    )
    group.add_argument(
        "--max-retries", type=_whole(0), default=3, help="retries per request (%(default)s)"
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks and debug logs",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _client_options()
    parser = argparse.ArgumentParser(
        prog="timeback-caliper",
        description="The Timeback Caliper API from the command line.",
        epilog=HELP_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    send = commands.add_parser(
        "send",
        parents=[common],
        help="send events from JSON / JSON Lines files (backfill)",
        description="Send Caliper events read from files: JSON Lines (one event or one envelope "
        "per line; streamed), or JSON (an array, an event or an envelope). '-' reads stdin; "
        "gzip is read as such. Every file is checked first, then sent in batches.",
        epilog="Example: timeback-caliper send --sensor https://app.example.com/s "
        "--checkpoint backfill.ckpt --jobs-file jobs.jsonl --wait events-2025-*.jsonl.gz",
    )
    send.add_argument("files", nargs="+", metavar="FILE")
    send.add_argument(
        "--sensor", help="sensor IRI for files of plain events (envelopes carry theirs)"
    )
    send.add_argument(
        "--stream-validate",
        action="store_true",
        help="check each event as it is sent, instead of every file before sending; the first "
        "invalid event stops the send",
    )
    send.add_argument(
        "--batch-size", type=_whole(1), default=100, help="events per envelope (%(default)s)"
    )
    send.add_argument(
        "--batch-bytes",
        type=_whole(1024),
        default=1024 * 1024,
        help="bytes per envelope (%(default)s, at least 1024)",
    )
    send.add_argument(
        "--concurrency", type=_whole(1, 64), default=4, help="envelopes in flight (%(default)s)"
    )
    send.add_argument(
        "--checkpoint",
        metavar="PATH",
        help="SQLite file of what the API acknowledged; a rerun with it sends only the rest",
    )
    send.add_argument(
        "--jobs-file", metavar="PATH", help="append the job ids here, one JSON line per envelope"
    )
    send.add_argument("--wait", action="store_true", help="wait for every job to finish")
    send.add_argument(
        "--wait-timeout", type=_seconds, default=600.0, help="for --wait (%(default)s s)"
    )
    _validation_arguments(send)

    validate = commands.add_parser(
        "validate",
        parents=[common],
        help="check files of events offline, or with the API (--remote)",
        description="Check events and envelopes with this library's rules (offline), or with "
        "the API's validate endpoint (--remote). Each problem is printed as FILE:LINE: PATH: "
        "MESSAGE.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--sensor", help="sensor IRI for files of plain events")
    validate.add_argument(
        "--remote", action="store_true", help="ask the API, one envelope at a time"
    )
    _validation_arguments(validate)

    events = commands.add_parser("events", help="list, export or get stored events")
    events_commands = events.add_subparsers(dest="events_command", required=True, metavar="COMMAND")
    filters = argparse.ArgumentParser(add_help=False)
    group = filters.add_argument_group("filters")
    group.add_argument("--sensor")
    group.add_argument("--actor-id")
    group.add_argument("--actor-email")
    group.add_argument(
        "--start-date", type=_time, help="ISO 8601, sent as given (the sandbox: inclusive)"
    )
    group.add_argument(
        "--end-date", type=_time, help="ISO 8601, sent as given (the sandbox: exclusive)"
    )
    listing = events_commands.add_parser(
        "list", parents=[common, filters], help="one page of stored events, newest first"
    )
    listing.add_argument(
        "--limit", type=_whole(1), default=20, help="(%(default)s; the API decides the largest)"
    )
    listing.add_argument("--offset", type=_whole(0), default=0)
    listing.add_argument("--json", action="store_true", help="the page as JSON instead of a table")
    export = events_commands.add_parser(
        "export",
        parents=[common, filters],
        help="every matching event, to JSON Lines or CSV",
        description="Stream every matching event (all pages) to JSON Lines or to CSV.",
        epilog="Example: timeback-caliper events export --actor-email a@b.c --format csv "
        "--columns id,externalId,type,eventTime,actor.email -o events.csv",
    )
    export.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    export.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    export.add_argument(
        "--columns",
        type=_columns,
        default="id,externalId,type,action,eventTime,sensor,actor.id,actor.email",
        help="CSV columns; dots go into objects (%(default)s)",
    )
    export.add_argument(
        "--page-size",
        type=_whole(1),
        default=MAX_LIMIT,
        help="(%(default)s, the sandbox's largest page; the API decides its own)",
    )
    export.add_argument("--max-items", type=_whole(1), help="stop after this many events")
    get = events_commands.add_parser("get", parents=[common], help="one stored event, as JSON")
    get.add_argument(
        "external_id",
        metavar="ID",
        help="the event's urn:uuid (or bare UUID), or the number events list shows first",
    )

    jobs = commands.add_parser("jobs", help="processing jobs")
    jobs_commands = jobs.add_subparsers(dest="jobs_command", required=True, metavar="COMMAND")
    status = jobs_commands.add_parser(
        "status", parents=[common], help="jobs' statuses, as JSON (one line per job)"
    )
    wait = jobs_commands.add_parser("wait", parents=[common], help="wait for jobs to finish")
    for command in (status, wait):
        command.add_argument("job_ids", nargs="*", metavar="ID")
        command.add_argument(
            "--jobs-file", help="also the jobs of this file (what send --jobs-file writes)"
        )
    wait.add_argument("--wait-timeout", type=_seconds, default=120.0, help="(%(default)s s)")

    token = commands.add_parser(
        "token",
        parents=[common],
        help="check the credentials and show how long a token lasts",
        description="Fetch a token: proves the credentials and the token URL. The token itself "
        "is printed only with --show-token.",
    )
    token.add_argument("--show-token", action="store_true", help="also print the access token")

    spool = commands.add_parser(
        "spool",
        help="see and act on a background sender's spool file",
        description="A sender's spool (Sender(spool=PATH)): what it holds, its dead letters "
        "(events the API refused, or whose job failed), and putting them back or deleting "
        "them. Safe while senders use the file.",
    )
    spool_commands = spool.add_subparsers(dest="spool_command", required=True, metavar="COMMAND")
    spool_status = spool_commands.add_parser(
        "status", help="counts, sizes and dead letters by reason"
    )
    spool_dead = spool_commands.add_parser("dead", help="the dead letters, as JSON Lines")
    spool_dead.add_argument("--limit", type=_whole(1), help="at most this many, oldest first")
    spool_requeue = spool_commands.add_parser(
        "requeue", help="put dead letters back in the queue (the next sender sends them)"
    )
    spool_purge = spool_commands.add_parser("purge", help="delete dead letters for good")
    for command in (spool_requeue, spool_purge):
        which = command.add_mutually_exclusive_group(required=True)
        which.add_argument("--seq", type=_whole(1), action="append", help="this dead letter")
        which.add_argument("--all", action="store_true", help="every dead letter")
    for command in (spool_status, spool_dead, spool_requeue, spool_purge):
        command.add_argument(
            "path", metavar="SPOOL", help="the spool file, or a postgresql:// outbox URL"
        )

    outbox = commands.add_parser(
        "outbox",
        help="the PostgreSQL outbox's schema",
        description="Create or migrate the outbox schema (tables and a version table) in a "
        "PostgreSQL database. Senders and relays never create it themselves.",
    )
    outbox_commands = outbox.add_subparsers(dest="outbox_command", required=True, metavar="COMMAND")
    for name, text in (
        ("migrate", "create the schema, or bring it to this version"),
        ("version", "the schema's version in the database, and this library's"),
    ):
        command = outbox_commands.add_parser(name, help=text)
        command.add_argument("--spool", required=True, metavar="URL", help="postgresql://...")
        command.add_argument("--schema", default="timeback_caliper", help="(%(default)s)")

    relay = commands.add_parser(
        "relay",
        parents=[common],
        help="deliver the events of a PostgreSQL outbox (run as many as wanted)",
        description="Deliver from a PostgreSQL outbox with the client's auth, retries and "
        "batching, until SIGTERM or Ctrl-C; then flush for at most --exit-timeout seconds. Any "
        "number of relays, on any hosts, may share one outbox: each batch goes through one.",
    )
    relay.add_argument("--spool", required=True, metavar="URL", help="postgresql://...")
    relay.add_argument("--batch-size", type=_whole(1, 1000), default=100, help="(%(default)s)")
    relay.add_argument(
        "--concurrency", type=_whole(1, 64), default=4, help="batches in flight (%(default)s)"
    )
    relay.add_argument("--track-jobs", action="store_true", help="follow each batch's job")
    relay.add_argument(
        "--exit-timeout", type=_seconds, default=10.0, help="flush bound at stop (%(default)s s)"
    )
    relay.add_argument(
        "--summary-every",
        type=_seconds,
        default=60.0,
        help="seconds between summaries (%(default)s)",
    )
    relay.add_argument(
        "--stats-file", metavar="PATH", help="the counters as JSON, rewritten at each summary"
    )

    sandbox = commands.add_parser(
        "sandbox",
        help="serve the local sandbox of the API",
        description="Serve the local emulator of the Timeback Caliper API (needs the [sandbox] "
        "extra). The first four lines printed are shell exports for the client: eval them.",
    )
    from timeback_caliper.sandbox.__main__ import add_arguments

    add_arguments(sandbox)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    try:
        from timeback_caliper.cli._commands import run

        return run(args)
    except KeyboardInterrupt:
        checkpoint = getattr(args, "checkpoint", None)
        hint = f"; rerun with --checkpoint {checkpoint} to send the rest" if checkpoint else ""
        print(f"interrupted{hint}", file=sys.stderr)
        return 130
    except Exception as exc:
        if debug:
            raise
        return _fail(exc, args)


def _fail(exc: BaseException, args: argparse.Namespace) -> int:
    from timeback_caliper.cli._input import InputFileError
    from timeback_caliper.cli._output import api_trouble
    from timeback_caliper.exceptions import CaliperError

    trouble = api_trouble(exc, args)
    if trouble is not None:
        print(f"error: {trouble}", file=sys.stderr)
        return 1
    if isinstance(exc, (CaliperError, InputFileError, OSError, ValueError)):
        print(f"error: {_in_flags(str(exc))}", file=sys.stderr)
        return 1
    print(
        f"error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", file=sys.stderr
    )
    return 1


def _in_flags(message: str) -> str:
    """The library's advice ("pass client_id=...") in the command line's terms."""
    message = re.sub(r"pass (\w+)=\.\.\.", lambda m: f"pass --{m[1].replace('_', '-')}", message)
    return message.replace("env='staging'|'production'", "--env staging|production")


def _client_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "env": args.env,
        "platform": args.platform,
        "base_url": args.base_url,
        "auth_url": args.auth_url,
        "client_id": args.client_id,
        "client_secret": args.client_secret,
        "timeout": args.timeout,
        "max_retries": args.max_retries,
    }


def _validation_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--validation",
        choices=LEVELS,
        default=DEFAULT_LEVEL,
        help="basic: what the API certainly requires (other problems are warnings); strict: "
        "every Caliper 1.2 and Timeback rule; off: no check (%(default)s)",
    )
    parser.add_argument(
        "--strict",
        dest="validation",
        action="store_const",
        const="strict",
        help="the same as --validation strict",
    )
