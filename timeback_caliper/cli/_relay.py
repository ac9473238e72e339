"""`timeback-caliper relay`: deliver a PostgreSQL outbox until told to stop.

A relay is a `Sender` on the outbox that never enqueues: its workers claim batches that
web processes wrote (`outbox.enqueue`, or senders on the same URL), with the client's auth,
retries and batching. Any number run side by side; each batch goes through one of them
(`FOR UPDATE SKIP LOCKED`), and the batches of a relay that died are taken over within
seconds (its session, and the lock that marks it alive, end with it).

A database outage, at start or later, is a wait, said once when it begins and once when it
ends; a relay exits 1 only for what a restart cannot fix (the URL, the credentials, the
schema), naming it and what would fix it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import threading
import time
from typing import Any

from timeback_caliper._core.outage import Outage
from timeback_caliper._pg_spool import is_postgres_url, is_transient, redacted
from timeback_caliper._sync.sender import Sender, SenderStats
from timeback_caliper.cli import _client_kwargs
from timeback_caliper.exceptions import SpoolError

# A relay enqueues nothing itself: this sensor is never sent (each row has its own).
_NO_SENSOR = "urn:timeback-caliper:relay"


def relay(args: argparse.Namespace) -> int:
    if not is_postgres_url(args.spool):
        print("error: --spool must be a postgresql:// URL", file=sys.stderr)
        return 2
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)
    }
    where = redacted(args.spool)
    try:
        sender = _open(args, stop, where)
    except SpoolError as exc:  # what a restart cannot fix: the URL, credentials, schema
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _cannot(exc, "not started")
        return 1
    if sender is None:  # stopped while waiting for the database
        return 0
    code = 0
    try:
        sender.start()
        print(
            f"relay: delivering from {where}, {args.concurrency} batches in flight", file=sys.stderr
        )
        last, last_at = sender.stats(), time.monotonic()
        while not stop.wait(args.summary_every):
            # An outage shows the last count (and the error): the relay waits it out.
            now, stats = time.monotonic(), sender.stats()
            _summary(stats, last, now - last_at, args.stats_file)
            last, last_at = stats, now
    except SpoolError as exc:  # the schema dropped, the credentials revoked: not a wait
        _cannot(exc, "stopping")
        code = 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        started = time.monotonic()
        sender.close(args.exit_timeout)
    final = sender.stats()
    if code == 0:
        _summary(final, last, time.monotonic() - last_at, args.stats_file)
    print(f"relay: stopped in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return code


def _cannot(exc: SpoolError, what: str) -> None:
    """What a restart cannot fix, and what would: said, the relay then exits 1."""
    fix = _FIX.get(exc.reason, "a restart cannot fix this")
    print(f"error: {exc}\nrelay: {what} ({exc.reason}): {fix}", file=sys.stderr, flush=True)


_FIX = {
    "bad-url": "fix the URL (percent-encode any of @ : / ? # % or space in the password)",
    "refused": "fix the user or the password, or the server's access rules",
    "not-a-spool": "run `timeback-caliper outbox migrate --spool URL`",
    "read-only": "grant this user INSERT, UPDATE and DELETE on the outbox schema's tables",
}


def _open(args: argparse.Namespace, stop: threading.Event, where: str) -> Sender | None:
    """The relay's sender, once the database answers: an outage at start is waited out
    (said once), what a restart cannot fix is raised; None if stopped meanwhile."""
    outage = Outage()
    while True:
        began = time.monotonic()
        try:
            sender = Sender(
                sensor=_NO_SENSOR,
                spool=args.spool,
                track_jobs=args.track_jobs,
                max_batch_events=args.batch_size,
                max_in_flight=args.concurrency,
                max_delay=0.05,  # rows are due as soon as a relay sees them
                exit_timeout=args.exit_timeout,
                **_client_kwargs(args),
            )
        except SpoolError as exc:
            if not is_transient(exc):
                raise
            begins, wait = outage.failed(time.monotonic(), random.random())
            if begins:
                print(f"relay: {exc}; waiting for it", file=sys.stderr, flush=True)
            if stop.wait(wait):
                return None
            continue
        lasted = outage.succeeded(began, time.monotonic())
        if lasted is not None:
            print(f"relay: {where} is back after {lasted:.1f} s", file=sys.stderr, flush=True)
        return sender


def _summary(stats: SenderStats, before: SenderStats, seconds: float, path: str | None) -> None:
    rate = (stats.sent - before.sent) / seconds if seconds > 0 else 0.0
    dropped = sum(stats.dropped.values())
    print(
        f"relay: sent {stats.sent:,} ({rate:,.0f}/s), failed {stats.failed:,}, dropped "
        f"{dropped:,}, retried batches {stats.retried_batches:,}; outbox {stats.queued:,} "
        f"queued, {stats.in_flight:,} in flight"
        + (f"; last error: {stats.last_error}" if stats.last_error else ""),
        file=sys.stderr,
        flush=True,
    )
    if path:
        counters: dict[str, Any] = {
            "sent": stats.sent,
            "failed": stats.failed,
            "dropped": stats.dropped,
            "retried_batches": stats.retried_batches,
            "queued": stats.queued,
            "in_flight": stats.in_flight,
            "jobs_failed": stats.jobs_failed,
            "last_error": stats.last_error,
            "at": time.time(),
        }
        partial = f"{path}.partial"
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(counters, f)
        os.replace(partial, path)
