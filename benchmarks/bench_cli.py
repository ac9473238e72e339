"""`timeback-caliper send` of a 100,000-event JSON Lines file to the sandbox.

Reported: events/s from start to end of the command (checking the whole file first, then
sending), and the command's peak memory (max RSS); the same for a 10,000-event file shows
whether memory grows with the file (it should not: JSON Lines is streamed, and the ids met
so far, kept to send each once, live in a temporary SQLite file). Baseline, same
run: the library's `send_batches` with the same events, in-process. Target: >= 10,000
events/s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from benchmarks._support import activity_event, report, sandbox_process
from timeback_caliper import SyncCaliperClient

SENSOR = "https://app.example.com/sensors/cli-bench"


def _write(path: str, count: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            f.write(json.dumps(activity_event(i, users=1000)) + "\n")


# Linux copies the parent's peak RSS into a forked child and keeps it across exec, so the
# command is started from a small wrapper process: this one holds 100,000 events.
_MEASURE = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _cli_send(env: dict[str, str], path: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one `send` command."""
    command = [sys.executable, "-m", "timeback_caliper", "send", "--sensor", SENSOR, path]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - started
    code, max_rss_kib = (int(part) for part in done.stdout.split())
    assert code == 0, f"send exited with {code}"
    return elapsed, max_rss_kib / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big, small = os.path.join(tmp, "100k.jsonl"), os.path.join(tmp, "10k.jsonl")
        _write(big, 100_000)
        _write(small, 10_000)
        with sandbox_process() as env:
            events = [activity_event(i, users=1000) for i in range(100_000)]
            with SyncCaliperClient(
                base_url=env["TIMEBACK_API_BASE_URL"],
                auth_url=env["TIMEBACK_API_AUTH_URL"],
                client_id=env["TIMEBACK_API_CLIENT_ID"],
                client_secret=env["TIMEBACK_API_CLIENT_SECRET"],
            ) as client:
                started = time.perf_counter()
                client.events.send_batches(SENSOR, events, max_concurrency=4)
                library = len(events) / (time.perf_counter() - started)
            del events
        with sandbox_process() as env:
            seconds, big_rss = _cli_send(env, big)
        with sandbox_process() as env:
            _, small_rss = _cli_send(env, small)
    report("library send_batches, in-process (baseline)", library, "events/s")
    report(
        "timeback-caliper send, 100,000-event file",
        100_000 / seconds,
        "events/s",
        baseline=library,
        note="target >= 10,000",
    )
    report("peak memory (max RSS), 10,000-event file", small_rss, "MB")
    report(
        "peak memory (max RSS), 100,000-event file",
        big_rss,
        "MB",
        baseline=small_rss,
        note="flat if about 1",
    )
