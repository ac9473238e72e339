"""`python -m timeback_caliper.sandbox`: serve the sandbox until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import urllib.request
from collections.abc import Sequence

from timeback_caliper._core.limits import MAX_LIMIT
from timeback_caliper.sandbox._app import MAX_BODY_BYTES, REQUEST_LOG
from timeback_caliper.sandbox._asgi import is_loopback
from timeback_caliper.sandbox._faults import FaultRule, parse_plan
from timeback_caliper.sandbox._jobs import JobTiming
from timeback_caliper.sandbox._server import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    Sandbox,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The sandbox's options; the `timeback-caliper sandbox` command reuses them."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    parser.add_argument(
        "--port", type=int, default=8787, help="port to listen on; 0 picks a free one (%(default)s)"
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="SQLite database file, kept across restarts (default: a new file in a temporary "
        "folder; ':memory:' keeps nothing)",
    )
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID, help="accepted OAuth2 client id")
    parser.add_argument(
        "--client-secret", default=DEFAULT_CLIENT_SECRET, help="accepted OAuth2 client secret"
    )
    parser.add_argument(
        "--env-file",
        metavar="PATH",
        help="also write the exports to this file, once the sandbox answers (so a script may "
        "wait for the file, then source it); removed when the sandbox stops",
    )
    parser.add_argument("--seed", type=int, help="seed of the random fault draws")
    parser.add_argument(
        "--token-ttl", type=float, default=3600, help="token lifetime in seconds (%(default)s)"
    )
    parser.add_argument(
        "--job-timing",
        type=JobTiming.parse,
        default=JobTiming(),
        metavar="TIMING",
        help="immediate, seconds:N or polls:N: when a send's job completes (immediate)",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        type=_rule,
        metavar="ROUTE:KIND[:PARAM][@P]",
        help="inject a fault into a share P of a route's requests, e.g. send:503@0.2, "
        "send:429:2@0.1, *:latency:0.5@0.1, send:drop@0.05, send:fail@0.1; routes: token, "
        "send, validate, list, get, job, lwai, *",
    )
    parser.add_argument(
        "--fault-plan",
        action="append",
        default=[],
        type=_plan,
        metavar="ROUTE:KIND,KIND,...",
        help="the next requests to ROUTE meet these faults in order, e.g. send:503,429:0,ok,drop",
    )
    parser.add_argument(
        "--faults-file",
        metavar="PATH",
        help="fault configuration as JSON (as PUT /_sandbox/faults)",
    )
    parser.add_argument(
        "--max-body-bytes", type=int, default=MAX_BODY_BYTES, help="413 above this (%(default)s)"
    )
    parser.add_argument(
        "--max-limit", type=int, default=MAX_LIMIT, help="largest list page (%(default)s)"
    )
    parser.add_argument(
        "--request-log",
        type=int,
        default=REQUEST_LOG,
        metavar="N",
        help="how many API requests the request log keeps, the oldest dropped; 0 keeps none "
        "(%(default)s)",
    )
    parser.add_argument(
        "--validation",
        choices=("basic", "strict"),
        default="basic",
        help="how envelopes are checked: basic (what the API certainly requires) or strict "
        "(every Caliper 1.2 and Timeback rule) (%(default)s)",
    )
    parser.add_argument(
        "--duplicates",
        choices=("once", "again"),
        default="once",
        help="an event id sent again: stored once (as we assume of the API) or again (%(default)s)",
    )
    parser.add_argument(
        "--allow-default-credentials",
        action="store_true",
        help="serve beyond loopback (--host 0.0.0.0) with the default client secret",
    )
    parser.add_argument(
        "--strict",
        dest="validation",
        action="store_const",
        const="strict",
        help="the same as --validation strict",
    )


def _rule(text: str) -> str:
    try:
        FaultRule.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _plan(text: str) -> str:
    try:
        parse_plan(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def sandbox_from_args(args: argparse.Namespace) -> Sandbox:
    sandbox = Sandbox(
        host=args.host,
        port=args.port,
        db=args.db,
        client_id=args.client_id,
        client_secret=args.client_secret,
        token_ttl=args.token_ttl,
        job_timing=args.job_timing,
        faults=args.fault,
        fault_plans=args.fault_plan,
        seed=args.seed,
        max_body_bytes=args.max_body_bytes,
        max_limit=args.max_limit,
        request_log=args.request_log,
        validation=args.validation,
        duplicates=args.duplicates,
        allow_default_credentials=args.allow_default_credentials,
    )
    if args.faults_file:
        try:
            with open(args.faults_file, encoding="utf-8") as f:
                sandbox.faults.configure(json.load(f))
        except (OSError, ValueError) as exc:
            raise ValueError(f"--faults-file {args.faults_file}: {exc}") from None
    return sandbox


def serve(sandbox: Sandbox, env_file: str | None = None) -> int:
    """Serve until SIGINT/SIGTERM; once ready, print the client's environment (and write
    it to `env_file`, only once the sandbox answers a request, in one rename)."""

    def ready() -> None:
        exports = "".join(f"export {name}={value}\n" for name, value in sandbox.env.items())
        if env_file is not None:
            direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with direct.open(f"{sandbox.base_url}/_sandbox/health", timeout=10):
                pass  # it answers: only now may a script that waits for the file go on
            partial = f"{env_file}.partial"
            with open(partial, "w", encoding="utf-8") as f:
                f.write(exports)
            os.replace(partial, env_file)
        print(exports, end="")
        print(
            f"# Caliper sandbox on {sandbox.base_url} (db {sandbox.db}); Ctrl-C to stop\n"
            f"# inspector (what it received, live): {sandbox.inspector_url}",
            file=sys.stderr,
        )
        if not is_loopback(sandbox.host):
            print(
                f"# WARNING: listening on {sandbox.host}, beyond this machine: anyone who can "
                "reach the port and has the credentials can read, change and reset the sandbox",
                file=sys.stderr,
            )
        sys.stdout.flush()

    try:
        sandbox.serve_forever(ready)
    finally:
        if env_file is not None:
            with contextlib.suppress(FileNotFoundError):
                os.remove(env_file)
    print("# sandbox stopped", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m timeback_caliper.sandbox",
        description="Serve a local emulator of the Timeback Caliper API. The first four lines "
        "it prints are shell exports that point a client at it: eval them.",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        sandbox = sandbox_from_args(args)
    except (OSError, ValueError) as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)  # one line, no usage
        return 2
    try:
        return serve(sandbox, args.env_file)
    except OSError as exc:  # e.g. the port is taken
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
