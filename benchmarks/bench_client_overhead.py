"""Client overhead: sequential sync `events.send()` of one activity event, against plain httpx.

2,000 sends to the sandbox (in its own process) through `SyncCaliperClient`, against a plain
`httpx.Client` posting the same kind of envelope, already serialized, with a fixed token.
The two alternate send by send, in the order A B B A, so that drift (the sandbox's database
and its write-ahead log grow as the run goes, the machine's load changes) and the cost of
the server switching connections hit both alike; 8 rounds, and the ratio reported is the
median of the rounds' ratios. Target: ratio <= 1.10.
"""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

import httpx

from benchmarks._support import report, sandbox_process, token
from timeback_caliper import SyncCaliperClient, create_activity_event

SENDS = 2_000
ROUNDS = 8
SENSOR = "https://app.example.com/sensors/bench"


def _event() -> dict[str, Any]:
    return create_activity_event(
        {
            "actor": {
                "id": "https://api.example.com/users/1",
                "type": "TimebackUser",
                "email": "s@example.edu",
            },
            "object": {
                "id": "https://app.example.com/activities/1",
                "type": "TimebackActivityContext",
                "subject": "Math",
                "app": {"name": "Bench"},
            },
            "metrics": [{"type": "xpEarned", "value": 10}, {"type": "totalQuestions", "value": 5}],
        }
    )


def main() -> None:
    per_round = SENDS // ROUNDS
    with sandbox_process() as env:
        base = env["TIMEBACK_API_BASE_URL"]
        headers = {"content-type": "application/json", "authorization": f"Bearer {token(env)}"}
        bodies = [
            json.dumps(
                {
                    "sensor": SENSOR,
                    "sendTime": "2025-07-28T16:00:00.000Z",
                    "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
                    "data": [_event()],
                }
            ).encode()
            for _ in range(SENDS)
        ]
        events = [_event() for _ in range(SENDS)]
        client = SyncCaliperClient(
            base_url=base,
            auth_url=env["TIMEBACK_API_AUTH_URL"],
            client_id=env["TIMEBACK_API_CLIENT_ID"],
            client_secret=env["TIMEBACK_API_CLIENT_SECRET"],
        )
        raw_time = client_time = 0.0
        ratios = []
        with httpx.Client(base_url=base) as http, client:
            client.events.list(limit=1)  # token and connection, outside the timing
            http.get("/_sandbox/health")
            clock = time.perf_counter

            def plain(i: int) -> float:
                started = clock()
                http.post("/caliper/event", content=bodies[i], headers=headers)
                return clock() - started

            def caliper(i: int) -> float:
                started = clock()
                client.events.send(SENSOR, [events[i]])
                return clock() - started

            for r in range(ROUNDS):
                raw = ours = 0.0
                for i in range(r * per_round, (r + 1) * per_round):
                    if i % 2 == 0:
                        raw += plain(i)
                        ours += caliper(i)
                    else:
                        ours += caliper(i)
                        raw += plain(i)
                raw_time, client_time = raw_time + raw, client_time + ours
                ratios.append(ours / raw)
    report("plain httpx, fixed token (baseline)", raw_time / SENDS * 1e6, "us/send")
    median = statistics.median(ratios)
    report(
        "SyncCaliperClient.events.send()",
        client_time / SENDS * 1e6,
        "us/send",
        note=f"ratio {median:.2f} (median of {ROUNDS} rounds; target <= 1.10)",
    )
