"""Spool disk use: bytes on disk (file and WAL) per queued event, at 100,000 queued events.

Target: at most 2 KB an event (the WAL alone took 11 KB an event, never truncated).
Baseline, same run: the bytes of the events' JSON, what a spool must hold at the least.
Also the largest WAL seen while filling, and the enqueue latency the periodic WAL
checkpoint costs (p50, p99, p99.9).
"""

from __future__ import annotations

import json
import os
import tempfile
import time

from benchmarks._support import activity_event, report
from timeback_caliper._spool import Spool

EVENTS = 100_000


def main() -> None:
    bodies = [json.dumps(activity_event(i, users=500)) for i in range(1000)]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "spool.db")
        spool = Spool(path, 10 * EVENTS)
        latencies: list[float] = []
        peak_wal = 0
        raw = 0
        for i in range(EVENTS):
            body = bodies[i % len(bodies)]
            raw += len(body)
            started = time.perf_counter()
            spool.put("https://app.example.com/sensors/bench", body, len(body))
            latencies.append(time.perf_counter() - started)
            if i % 500 == 0:
                peak_wal = max(peak_wal, os.path.getsize(path + "-wal"))
        status = spool.status()
        spool.close()
    latencies.sort()
    per_event = status["bytes_on_disk"] / EVENTS
    print(f"  {EVENTS:,} queued events of {raw / EVENTS:.0f} bytes of JSON on average")
    report("JSON of an event (baseline)", raw / EVENTS, "bytes")
    report(
        "disk per queued event (file + WAL)",
        per_event,
        "bytes",
        baseline=raw / EVENTS,
        note="target <= 2048",
    )
    report("largest WAL while filling", peak_wal / 2**20, "MiB")
    for q in (0.5, 0.99, 0.999):
        report(f"enqueue (put) p{q * 100:g}", latencies[int(q * EVENTS)] * 1e6, "us")
