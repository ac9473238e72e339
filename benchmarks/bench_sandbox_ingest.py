"""Sandbox ingest: Timeback events accepted and stored per second.

50,000 events sent as envelopes of 100 by 4 concurrent senders, against the sandbox in its
own process. Baseline, same run: the same bytes posted the same way to a no-op uvicorn
server (`benchmarks/_echo.py`), i.e. what HTTP alone costs on this machine. Also measured:
the sandbox without its request log (`--request-log 0`), to show what the log costs.
"""

from __future__ import annotations

import threading

import httpx

from benchmarks._support import (
    activity_event,
    echo_process,
    envelope_json,
    report,
    sandbox_process,
    timed,
    token,
)

EVENTS = 50_000
PER_ENVELOPE = 100
SENDERS = 4


def _bodies() -> list[bytes]:
    bodies = []
    for start in range(0, EVENTS, PER_ENVELOPE):
        data = [
            activity_event(
                i, event_time=f"2025-07-28T15:{i // 60 % 60:02d}:{i % 60:02d}.000Z", users=500
            )
            for i in range(start, start + PER_ENVELOPE)
        ]
        bodies.append(envelope_json(data).encode())
    return bodies


def _post_all(url: str, bodies: list[bytes], headers: dict[str, str]) -> None:
    def sender(part: list[bytes]) -> None:
        with httpx.Client(timeout=60) as http:
            for body in part:
                http.post(url, content=body, headers=headers).raise_for_status()

    threads = [threading.Thread(target=sender, args=(bodies[i::SENDERS],)) for i in range(SENDERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main() -> None:
    bodies = _bodies()
    print(f"  {EVENTS:,} events, {PER_ENVELOPE} per envelope, {SENDERS} senders")
    with echo_process() as echo_url:
        baseline = EVENTS / timed(
            lambda: _post_all(
                f"{echo_url}/caliper/event", bodies, {"content-type": "application/json"}
            )
        )
    unlogged = _sandbox_rate(bodies, "--request-log", "0")
    rate = _sandbox_rate(bodies)
    report("no-op HTTP server (baseline)", baseline, "events/s")
    report("sandbox: accepted, validated and stored", rate, "events/s", baseline=baseline)
    report(
        "  the same, without the request log",
        unlogged,
        "events/s",
        baseline=baseline,
        note=f"the log costs {1 - rate / unlogged:.0%}",
    )


def _sandbox_rate(bodies: list[bytes], *args: str) -> float:
    with sandbox_process(*args) as env:
        headers = {"content-type": "application/json", "authorization": f"Bearer {token(env)}"}
        rate = EVENTS / timed(
            lambda: _post_all(f"{env['TIMEBACK_API_BASE_URL']}/caliper/event", bodies, headers)
        )
        total = httpx.get(
            f"{env['TIMEBACK_API_BASE_URL']}/caliper/events",
            params={"limit": 1},
            headers=headers,
        ).json()["pagination"]["total"]
    assert total == EVENTS, f"stored {total} of {EVENTS}"
    return rate
