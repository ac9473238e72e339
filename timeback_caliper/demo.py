"""`make demo`: the vendor docs' quick start (`CaliperClient`, awaited) against the local sandbox.

Starts the sandbox on an embedded SQLite database, sends an activity event and a
time-spent event, waits for their processing jobs, lists the events back, and stops.
With `--db PATH` (what `make demo` passes) the database is kept, emptied at the start of
each run: `make inspect` then serves it, to look at the demo's requests and events in
the sandbox's inspector.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Sequence

from timeback_caliper import ActivityCompletedInput, CaliperClient, TimeSpentInput
from timeback_caliper.sandbox import Sandbox

SENSOR = "https://myapp.example.com/sensors/main"
INSPECT_PORT = 8787  # where `make inspect` serves
ACTOR = {
    "id": "https://api.example.com/users/123",
    "type": "TimebackUser",
    "email": "student@example.edu",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m timeback_caliper.demo")
    parser.add_argument("--db", help="keep the sandbox's database in this file")
    parser.add_argument(
        "--inspect",
        default="make inspect",
        help="the command that serves the kept database, shown at the end",
    )
    args = parser.parse_args(argv)
    if args.db:
        os.makedirs(os.path.dirname(os.path.abspath(args.db)), exist_ok=True)
    with Sandbox(job_timing="polls:2", db=args.db) as sandbox:
        sandbox.reset()  # a kept database starts empty at each run
        print(f"sandbox   serving on {sandbox.base_url} (SQLite {sandbox.db})")
        asyncio.run(_send_and_read(sandbox))
    print("sandbox   stopped")
    if args.db:
        print(f"inspect   `{args.inspect}` serves what it received (kept in {args.db}); open")
        print(f"          http://127.0.0.1:{INSPECT_PORT}/_sandbox/")
    return 0


async def _send_and_read(sandbox: Sandbox) -> None:
    async with CaliperClient(**sandbox.client_kwargs()) as client:
        result = await client.events.send_activity(
            SENSOR,
            ActivityCompletedInput(
                actor=ACTOR,
                object={
                    "id": "https://myapp.example.com/activities/456",
                    "type": "TimebackActivityContext",
                    "subject": "Math",
                    "app": {"name": "My Learning App"},
                },
                metrics=[
                    {"type": "totalQuestions", "value": 10},
                    {"type": "correctQuestions", "value": 8},
                    {"type": "xpEarned", "value": 150},
                ],
            ),
        )
        print(f"sent      an activity event (xpEarned 150): job {result.job_id}")
        spent = await client.events.send_time_spent(
            SENSOR,
            TimeSpentInput(
                actor=ACTOR,
                object={
                    "id": "https://myapp.example.com/activities/lesson-1",
                    "type": "TimebackActivityContext",
                    "subject": "Reading",
                    "app": {"name": "My App"},
                },
                metrics=[{"type": "active", "value": 1800}, {"type": "inactive", "value": 300}],
            ),
        )
        print(f"sent      a time-spent event (30 min active, 5 paused): job {spent.job_id}")
        for job_id in (result.job_id, spent.job_id):
            status = await client.jobs.wait_for_completion(job_id or "", poll_interval=0.1)
            stored = ", ".join(r.allocated_id for r in status.return_value.results)  # type: ignore[union-attr]
            print(f"job {job_id}     {status.state}; stored as event id {stored}")
        page = await client.events.list(actor_email="student@example.edu")
        total = page.pagination.total if page.pagination else len(page.events)
        print(f"listed    {total} events for student@example.edu, newest first:")
        for event in page.events:
            print(f"          #{event.id} {event.type}/{event.action} {event.external_id}")


if __name__ == "__main__":
    raise SystemExit(main())
