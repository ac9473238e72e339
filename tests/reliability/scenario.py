"""Processes for the sender's reliability tests (run as `python -m tests.reliability.scenario`).

The sandbox's URLs and credentials come from the environment (TIMEBACK_API_*). Event ids
are derived from `--prefix` and an index, so the tests know exactly which events exist.

Modes:
  produce  enqueue --count events, print "ready", then keep running (the test kills it)
  drain    open the spool, deliver what it holds, print the sender's stats as JSON
  exit     enqueue --count events and return without closing (atexit does the rest)
  fork     enqueue in the parent, fork two children that enqueue their own and exit,
           then flush the parent
  imports  make a sender, deliver through the faults the sandbox was given (job tracking
           on), print the modules the delivery imported for the first time, as JSON
  async-idle-exit
           --count times: in a new asyncio.run(), an AsyncSender delivers one event, its
           worker goes idle, it gets one more event and is never closed
  sigterm  enqueue --count events (none due before an hour), print "ready", then wait for
           a signal; with --flush-on-sigterm the sender flushes on SIGTERM
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from typing import Any

from timeback_caliper import AsyncSender, RetryPolicy, Sender

SENSOR = "https://app.example.com/sensors/reliability"


def event(prefix: str, index: int) -> dict[str, Any]:
    return {
        "@context": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{prefix}/{index}')}",
        "type": "NavigationEvent",
        "actor": f"https://example.edu/users/{index % 50}",
        "action": "NavigatedTo",
        "object": f"https://example.edu/pages/{index}",
        "eventTime": "2025-07-28T15:15:20.000Z",
        "profile": "GeneralProfile",
    }


def sender(args: argparse.Namespace, **kwargs: Any) -> Sender:
    return Sender(
        sensor=SENSOR,
        spool=args.spool,
        retry=RetryPolicy(max_retries=2, backoff=0.01, max_backoff=0.05, max_retry_after=0.05),
        exit_timeout=args.exit_timeout,
        max_batch_events=args.batch,
        **kwargs,
    )


def _report(line: dict[str, Any]) -> None:
    """One JSON line in one write: parent and children share stdout, and a line written in
    pieces (text, then newline) can interleave with another process's."""
    sys.stdout.flush()
    os.write(sys.stdout.fileno(), (json.dumps(line) + "\n").encode())


async def _idle_then_abandoned(prefix: str, index: int) -> None:
    s = AsyncSender(sensor=SENSOR)
    s.enqueue_nowait(event(prefix, 2 * index))
    await s.flush(10)
    await asyncio.sleep(0.05)  # the worker is waiting for work
    s.enqueue_nowait(event(prefix, 2 * index + 1))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "mode",
        choices=["produce", "drain", "exit", "fork", "imports", "async-idle-exit", "sigterm"],
    )
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--prefix", default="events")
    parser.add_argument("--spool")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--exit-timeout", type=float, default=2.0)
    parser.add_argument("--flush-on-sigterm", action="store_true")
    args = parser.parse_args()

    if args.mode == "produce":
        s = sender(args)
        for i in range(args.count):
            s.enqueue(event(args.prefix, i))
        print("ready", flush=True)
        time.sleep(600)
    elif args.mode == "drain":
        s = sender(args)
        s.start()
        done = s.flush(60)
        stats = s.stats()
        s.close()
        print(json.dumps({"done": done, "sent": stats.sent, "dropped": stats.dropped}))
    elif args.mode == "imports":
        s = sender(args, track_jobs=True)
        before = set(sys.modules)
        for i in range(args.count):
            s.enqueue(event(args.prefix, i))
        ok = s.flush(30)
        time.sleep(1.0)  # job tracking polls
        s.close()
        print(json.dumps({"ok": ok, "new": sorted(set(sys.modules) - before)}))
    elif args.mode == "async-idle-exit":
        for i in range(args.count):
            asyncio.run(_idle_then_abandoned(args.prefix, i))
        print("returned", flush=True)
    elif args.mode == "sigterm":
        s = sender(args, max_delay=3600.0, flush_on_sigterm=args.flush_on_sigterm)
        for i in range(args.count):
            s.enqueue(event(args.prefix, i))
        print("ready", flush=True)
        time.sleep(600)
    elif args.mode == "exit":
        s = sender(args)
        for i in range(args.count):
            s.enqueue(event(args.prefix, i))
        print("enqueued", flush=True)
    else:
        s = sender(args, max_delay=30.0)  # nothing goes before the fork
        for i in range(args.count):
            s.enqueue(event(f"{args.prefix}/parent", i))
        children = []
        for child in range(2):
            pid = os.fork()
            if pid == 0:
                for i in range(args.count):
                    s.enqueue(event(f"{args.prefix}/child{child}", i))
                ok = s.flush(30)
                sent = s.stats().sent
                s.close()
                _report({"who": f"child{child}", "ok": ok, "sent": sent})
                os._exit(0)
            children.append(pid)
        for pid in children:
            os.waitpid(pid, 0)
        ok = s.flush(30)
        _report({"who": "parent", "ok": ok, "sent": s.stats().sent})
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
