"""Sandbox paging: the last pages of a deep export as fast as the first.

50,000 stored events read by offset, 500 a page, in order (what `events export` does).
Baseline, same run: the first 10 pages; compared: the last 10. With OFFSET inside the
store the last pages skipped up to 49,500 rows each; the store now seeks from where the
page before ended (keyset). Target: ratio about 1.
"""

from __future__ import annotations

import json
import time

import httpx

from benchmarks._support import activity_event, report, sandbox_process, token

EVENTS = 50_000
PAGE = 500


def main() -> None:
    with sandbox_process() as env:
        base = env["TIMEBACK_API_BASE_URL"]
        headers = {"content-type": "application/json", "authorization": f"Bearer {token(env)}"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
            for start in range(0, EVENTS, 1000):
                envelope = {
                    "sensor": "https://app.example.com/sensors/bench",
                    "sendTime": "2025-07-28T16:00:00.000Z",
                    "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
                    "data": [activity_event(i, users=500) for i in range(start, start + 1000)],
                }
                http.post("/caliper/event", content=json.dumps(envelope)).raise_for_status()
            times = []
            for offset in range(0, EVENTS, PAGE):
                started = time.perf_counter()
                page = http.get("/caliper/events", params={"limit": PAGE, "offset": offset})
                times.append(time.perf_counter() - started)
                assert len(page.raise_for_status().json()["events"]) == PAGE
    first = PAGE * 10 / sum(times[:10])
    last = PAGE * 10 / sum(times[-10:])
    report("first 10 pages (baseline)", first, "events/s")
    report("last 10 pages", last, "events/s", baseline=first, note="target: about 1")
