"""The inspector's data endpoints at size: 100,000 stored events, 10,000 logged requests.

What the page asks, each timed 30 times (median and 95th percentile, in ms), against the
sandbox in its own process. Baseline, same run: the API's own list of 100 events
(`GET /caliper/events?limit=100`), the read a client makes most. A poll of the open page
is `stats` plus the new lines of one list (`after`), and every fifth poll the chart.
Targets: what a poll asks (stats, new lines) under the baseline, a poll cycle well under
the page's 1 s interval; lists, details and the chart within about 3x of the baseline.
Filters on a part of an actor or a sensor read every row (no index serves a part of a
text): measured, asked once per change of the filter.
"""

from __future__ import annotations

import functools
import json
import statistics
import threading
import time
from collections.abc import Callable

import httpx

from benchmarks._support import activity_event, envelope_json, report, sandbox_process, token

EVENTS = 100_000
PER_ENVELOPE = 1_000
REQUESTS = 10_000
RUNS = 30


def _fill(http: httpx.Client) -> None:
    for start in range(0, EVENTS, PER_ENVELOPE):
        data = [
            activity_event(i, event_time=f"2025-07-{1 + i % 28:02d}T15:00:00.000Z", users=500)
            for i in range(start, start + PER_ENVELOPE)
        ]
        http.post("/caliper/event", content=envelope_json(data)).raise_for_status()
    refused = json.dumps({"sensor": "x", "data": []})
    # an envelope the log keeps whole (under 256 KiB): the detail view reads it
    kept = envelope_json([activity_event(i) for i in range(250)])
    http.post("/caliper/event", content=kept).raise_for_status()
    done = EVENTS // PER_ENVELOPE + 1

    def part(count: int) -> None:
        with httpx.Client(base_url=http.base_url, headers=http.headers, timeout=60) as own:
            for i in range(count):
                if i % 10 == 0:
                    own.post("/caliper/event", content=refused)  # a 400, for the chart
                else:
                    own.get("/caliper/events", params={"limit": 1})

    threads = [threading.Thread(target=part, args=((REQUESTS - done) // 4,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _times(fn: Callable[[], httpx.Response]) -> tuple[float, float]:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn().raise_for_status()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def _reads(page: httpx.Client) -> list[tuple[str, str]]:
    """What the page asks, named; the ids are those of the filled sandbox."""
    event = page.get("/_sandbox/events?limit=1").json()["events"][0]["id"]
    request = page.get("/_sandbox/requests?limit=1").json()["requests"][0]["id"]
    kept = page.get("/_sandbox/requests?route=send&status=2xx&limit=1").json()
    return [
        ("stats (every poll)", "/_sandbox/stats"),
        ("events, newest 100", "/_sandbox/events"),
        ("events, new since the last poll", f"/_sandbox/events?after={event}"),
        ("events by actor (part of an email)", "/_sandbox/events?actor=s7@"),
        ("events by type", "/_sandbox/events?type=ActivityEvent"),
        ("events by sensor", "/_sandbox/events?sensor=bench"),
        ("events by event time", "/_sandbox/events?since=2025-07-10&until=2025-07-11"),
        ("events, a page deep (before)", "/_sandbox/events?before=50000"),
        ("one event, with validation and job", f"/_sandbox/events/{event}"),
        ("requests, newest 100", "/_sandbox/requests"),
        ("requests, new since the last poll", f"/_sandbox/requests?after={request}"),
        ("requests refused", "/_sandbox/requests?status=refused"),
        ("one send, its envelope of 250 kept", f"/_sandbox/requests/{kept['requests'][0]['id']}"),
        ("chart, 30 minutes", "/_sandbox/chart?minutes=30"),
    ]


def main() -> None:
    with sandbox_process() as env:
        base = env["TIMEBACK_API_BASE_URL"]
        headers = {"content-type": "application/json", "authorization": f"Bearer {token(env)}"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
            _fill(http)
            baseline, _ = _times(lambda: http.get("/caliper/events", params={"limit": 100}))
        with httpx.Client(base_url=base, timeout=60) as page:
            stats = page.get("/_sandbox/stats").json()
            print(f"  ({stats['events']:,} events stored, {stats['requests']:,} requests logged)")
            report("API list, 100 events (baseline)", baseline, "ms")
            medians: dict[str, float] = {}
            for name, path in _reads(page):
                median, p95 = _times(functools.partial(page.get, path))
                medians[name] = median
                report(name, median, "ms", baseline=baseline, note=f"p95 {p95:.1f} ms")
    poll = (
        medians["stats (every poll)"]
        + medians["events, new since the last poll"]
        + medians["chart, 30 minutes"] / 5
    )
    report("a poll of the open page", poll, "ms", note="of the page's 1,000 ms")
