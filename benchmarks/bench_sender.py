"""The background sender: enqueue() latency, and sustained delivery to the sandbox.

Latency: 20,000 enqueue() calls timed one by one, while the worker delivers to the sandbox
(in its own process): back to back (about 60,000 a second: the worker's threads compete for
the GIL all the time), and paced at about 2,000 a second, as a busy web app would call it.
Baselines, same run and same pace: the work no queue can skip (validating and encoding the
event), and for the spool a bare SQLite insert + commit of the same bytes. Targets: p99 <=
50 us back to back without the spool, <= 1 ms with it. Paced calls run on cold CPU caches
(the thread slept), which the paced baseline shows.

Throughput: 50,000 events enqueued as fast as they come, then flushed; events/s from the
first enqueue to the last acknowledgement. Baseline: `send_batches` of the same events.
Target: >= 10,000 events/s without the spool.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

from benchmarks._support import activity_event, report, sandbox_process
from timeback_caliper import Sender, SyncCaliperClient
from timeback_caliper._core.envelope import encode_json
from timeback_caliper.sandbox._server import ClientKwargs
from timeback_caliper.validation import validate_event

LATENCY_EVENTS = 20_000
THROUGHPUT_EVENTS = 50_000
SENSOR = "https://app.example.com/sensors/bench"


def _timed(
    call: Callable[[dict[str, Any]], object], events: list[dict[str, Any]], pause: float = 0.0
) -> list[float]:
    samples = []
    for event in events:
        if pause:
            time.sleep(pause)
        started = time.perf_counter_ns()
        call(event)
        samples.append((time.perf_counter_ns() - started) / 1000)
    return samples


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def _client_kwargs(env: dict[str, str]) -> ClientKwargs:
    return {
        "base_url": env["TIMEBACK_API_BASE_URL"],
        "auth_url": env["TIMEBACK_API_AUTH_URL"],
        "client_id": env["TIMEBACK_API_CLIENT_ID"],
        "client_secret": env["TIMEBACK_API_CLIENT_SECRET"],
    }


def _latency(
    env: dict[str, str], spool: str | None, pause: float = 0.0
) -> tuple[list[float], list[float]]:
    events = [activity_event(i) for i in range(LATENCY_EVENTS)]
    if spool is None:
        baseline = _timed(lambda e: (validate_event(e), encode_json(e)), events, pause)
    else:
        conn = sqlite3.connect(spool + ".baseline", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("CREATE TABLE t (body TEXT)")
        baseline = _timed(
            lambda e: conn.execute("INSERT INTO t VALUES (?)", (encode_json(e),)), events
        )
        conn.close()
    events = [activity_event(i) for i in range(LATENCY_EVENTS)]
    with Sender(sensor=SENSOR, spool=spool, max_queue=100_000, **_client_kwargs(env)) as sender:
        sender.enqueue(activity_event(0))  # worker started, token fetched
        sender.flush(30)
        samples = _timed(sender.enqueue, events, pause)
        sender.flush(120)
    return baseline, samples


def _throughput(env: dict[str, str], spool: str | None) -> float:
    events = [activity_event(i) for i in range(THROUGHPUT_EVENTS)]
    with Sender(sensor=SENSOR, spool=spool, max_queue=100_000, **_client_kwargs(env)) as sender:
        sender.enqueue(activity_event(0))
        sender.flush(30)
        started = time.perf_counter()
        for event in events:
            sender.enqueue(event)
        assert sender.flush(300)
        elapsed = time.perf_counter() - started
        assert sender.stats().sent == THROUGHPUT_EVENTS + 1
    return THROUGHPUT_EVENTS / elapsed


def _baseline_throughput(env: dict[str, str]) -> float:
    events = [activity_event(i) for i in range(THROUGHPUT_EVENTS)]
    with SyncCaliperClient(**_client_kwargs(env)) as client:
        client.events.list(limit=1)
        started = time.perf_counter()
        client.events.send_batches(SENSOR, events, batch_size=100, max_concurrency=2)
        return THROUGHPUT_EVENTS / (time.perf_counter() - started)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with sandbox_process() as env:
            base, memory = _latency(env, None)
        with sandbox_process() as env:
            paced_base, paced = _latency(env, None, pause=0.0005)
        with sandbox_process() as env:
            spool_base, spooled = _latency(env, os.path.join(tmp, "latency.db"))
        with sandbox_process() as env:
            direct = _baseline_throughput(env)
        with sandbox_process() as env:
            memory_rate = _throughput(env, None)
        with sandbox_process() as env:
            spool_rate = _throughput(env, os.path.join(tmp, "throughput.db"))
    rows: list[tuple[str, float, str, float | None, str]] = [
        ("validate + encode only: median (baseline)", statistics.median(base), "us", None, ""),
        ("validate + encode only: p99 (baseline)", _p99(base), "us", None, ""),
        (
            "enqueue(), memory, back to back: median",
            statistics.median(memory),
            "us",
            statistics.median(base),
            "",
        ),
        ("enqueue(), memory, back to back: p99", _p99(memory), "us", _p99(base), "target <= 50 us"),
        (
            "validate + encode, ~2,000/s: median (baseline)",
            statistics.median(paced_base),
            "us",
            None,
            "",
        ),
        ("validate + encode, ~2,000/s: p99 (baseline)", _p99(paced_base), "us", None, ""),
        (
            "enqueue(), memory, ~2,000/s: median",
            statistics.median(paced),
            "us",
            statistics.median(paced_base),
            "",
        ),
        ("enqueue(), memory, ~2,000/s: p99", _p99(paced), "us", _p99(paced_base), ""),
        (
            "SQLite insert + commit: median (baseline)",
            statistics.median(spool_base),
            "us",
            None,
            "",
        ),
        ("SQLite insert + commit: p99 (baseline)", _p99(spool_base), "us", None, ""),
        (
            "enqueue(), spool: median",
            statistics.median(spooled),
            "us",
            statistics.median(spool_base),
            "",
        ),
        ("enqueue(), spool: p99", _p99(spooled), "us", _p99(spool_base), "target <= 1000 us"),
        ("send_batches, direct (baseline)", direct, "events/s", None, ""),
        (
            "sender, memory: enqueue to acknowledged",
            memory_rate,
            "events/s",
            direct,
            "target >= 10,000",
        ),
        ("sender, spool: enqueue to acknowledged", spool_rate, "events/s", direct, ""),
    ]
    for name, value, unit, baseline, note in rows:
        report(name, value, unit, baseline=baseline, note=note)
