"""Helpers shared by the benchmarks: events, servers in their own processes, timing,
reporting."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx

BENCH_SENSOR = "https://app.example.com/sensors/bench"


def activity_event(
    i: int, *, event_time: str = "2025-07-28T15:15:20.000Z", users: int = 100
) -> dict[str, Any]:
    """A valid Timeback ActivityEvent, the `i`-th of a benchmark's stream."""
    return {
        "@context": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "ActivityEvent",
        "action": "Completed",
        "profile": "TimebackProfile",
        "eventTime": event_time,
        "actor": {
            "id": f"https://api.example.com/users/{i % users}",
            "type": "TimebackUser",
            "email": f"s{i % users}@example.edu",
        },
        "object": {
            "id": f"https://app.example.com/activities/{i % 50}",
            "type": "TimebackActivityContext",
            "subject": "Math",
            "app": {"name": "Bench"},
        },
        "generated": {
            "id": f"urn:uuid:{uuid.uuid4()}",
            "type": "TimebackActivityMetricsCollection",
            "items": [{"type": "xpEarned", "value": 10}, {"type": "totalQuestions", "value": 5}],
        },
    }


def envelope_json(data: list[dict[str, Any]], sensor: str = BENCH_SENSOR) -> str:
    """An envelope of these events, as the body of a send."""
    return json.dumps(
        {
            "sensor": sensor,
            "sendTime": "2025-07-28T16:00:00.000Z",
            "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
            "data": data,
        }
    )


@contextlib.contextmanager
def sandbox_process(*args: str, db: str | None = None) -> Iterator[dict[str, str]]:
    """A sandbox in its own process (so it does not share the benchmark's GIL); yields its
    env. `db`: its database file, to read once it stopped (default: a temporary one)."""
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "timeback_caliper.sandbox",
                "--port",
                "0",
                "--db",
                db or os.path.join(tmp, "bench.db"),
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert proc.stdout is not None
            env = {}
            for _ in range(4):
                name, _, value = (
                    proc.stdout.readline().removeprefix("export ").strip().partition("=")
                )
                env[name] = value
            yield env
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def relay_process(
    url: str, env: dict[str, str], *flags: str, output: Any = subprocess.DEVNULL
) -> subprocess.Popen[str]:
    """A `timeback-caliper relay` process on the outbox at `url`, pointed at the sandbox
    whose `env` is given."""
    return subprocess.Popen(
        [sys.executable, "-m", "timeback_caliper", "relay", "--spool", url, *flags],
        env={**os.environ, **env},
        stdout=output,
        stderr=subprocess.STDOUT if output is not subprocess.DEVNULL else subprocess.DEVNULL,
        text=True,
    )


@contextlib.contextmanager
def echo_process() -> Iterator[str]:
    """A no-op uvicorn server (same settings as the sandbox) answering 200 {} to anything."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._echo"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def token(env: dict[str, str]) -> str:
    response = httpx.post(
        env["TIMEBACK_API_AUTH_URL"],
        auth=(env["TIMEBACK_API_CLIENT_ID"], env["TIMEBACK_API_CLIENT_SECRET"]),
        data={"grant_type": "client_credentials"},
    )
    value: str = response.raise_for_status().json()["access_token"]
    return value


def timed(fn: object) -> float:
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - started


def report(
    name: str, value: float, unit: str, *, baseline: float | None = None, note: str = ""
) -> None:
    ratio = f"  ratio {value / baseline:.2f}" if baseline else ""
    print(f"  {name:<48} {value:>12,.1f} {unit}{ratio}{('  ' + note) if note else ''}")
