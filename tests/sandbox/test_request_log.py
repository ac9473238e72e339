"""The request log: every API request kept with what a developer asks of it (did it
arrive, what did it say, why was it refused), bounded, never keeping a credential."""

from __future__ import annotations

import contextlib
import json
import pathlib
import sqlite3
import zlib
from typing import Any

import httpx
import pytest

from tests import payloads
from tests.sandbox.conftest import Api
from timeback_caliper import SyncCaliperClient
from timeback_caliper.sandbox import Sandbox


def logged(sandbox: Sandbox, **params: Any) -> list[dict[str, Any]]:
    reply = httpx.get(f"{sandbox.base_url}/_sandbox/requests", params={"limit": 500, **params})
    reply.raise_for_status()
    lines: list[dict[str, Any]] = reply.json()["requests"]
    return lines


def detail(sandbox: Sandbox, what: str, number: object) -> dict[str, Any]:
    reply = httpx.get(f"{sandbox.base_url}/_sandbox/{what}/{number}")
    reply.raise_for_status()
    body: dict[str, Any] = reply.json()
    return body


def test_every_api_request_is_logged_newest_first_and_admin_requests_are_not(api: Api) -> None:
    event = payloads.activity_event()
    job_id = api.send(payloads.envelope(event)).json()["jobId"]
    api.validate(payloads.envelope(payloads.activity_event()))
    api.list(limit=5)
    api.get(event["id"])
    api.job(job_id)
    httpx.get(f"{api.sandbox.base_url}/nowhere")
    api.sandbox.stats()
    httpx.get(f"{api.sandbox.base_url}/_sandbox/faults")

    lines = logged(api.sandbox)

    assert [
        ("GET", "/nowhere", None, 404),
        ("GET", f"/jobs/{job_id}/status", "job", 200),
        ("GET", f"/caliper/events/{event['id']}", "get", 200),
        ("GET", "/caliper/events?limit=5", "list", 200),
        ("POST", "/caliper/event/validate", "validate", 200),
        ("POST", "/caliper/event", "send", 200),
        ("POST", "/oauth2/token", "token", 200),
    ] == [(r["method"], r["path"], r["route"], r["status"]) for r in lines]
    assert job_id == lines[5]["jobId"]
    assert all(r["latencyMs"] >= 0 and r["time"].endswith("Z") for r in lines)
    assert [r["at"] for r in lines] == sorted((r["at"] for r in lines), reverse=True)


def test_a_send_keeps_its_envelope_and_job_and_the_job_its_states(api: Api) -> None:
    api.sandbox.set_job_timing("polls:2")
    envelope = payloads.envelope(payloads.activity_event())
    job_id = api.send(envelope).json()["jobId"]
    states = [api.job(job_id).json()["job"]["state"] for _ in range(3)]

    send = next(r for r in logged(api.sandbox) if r["route"] == "send")
    whole = detail(api.sandbox, "requests", send["id"])

    assert ["waiting", "active", "completed"] == states
    assert envelope == json.loads(whole["body"])
    assert whole["errors"] is None
    assert job_id == whole["job"]["id"]
    assert ["waiting", "active", "completed"] == [s["state"] for s in whole["job"]["history"]]
    history_times = [s["at"] for s in whole["job"]["history"]]
    assert history_times == sorted(history_times)
    assert send["id"] == whole["job"]["request"]


def test_a_refused_send_keeps_its_envelope_and_every_error_with_its_path(api: Api) -> None:
    bad = payloads.activity_event(event_time="yesterday")
    del bad["actor"]

    reply = api.http.post(
        "/caliper/event",
        json=payloads.envelope(bad),
        headers={**api.auth, "X-Request-ID": "req-1"},
    )
    line = logged(api.sandbox, route="send")[0]
    whole = detail(api.sandbox, "requests", line["id"])

    assert 400 == reply.status_code == line["status"]
    assert "req-1" == line["requestId"]
    assert {
        ("data[0].actor", "is required"),
        ("data[0].eventTime", "must be an RFC 3339 date-time"),
    } == {(e["path"], e["message"].split(",")[0]) for e in whole["errors"]}
    assert payloads.envelope(bad)["data"] == json.loads(whole["body"])["data"]
    errors = {
        level: {i["path"] for i in issues if i["severity"] == "error"}
        for level, issues in whole["validation"].items()
    }
    assert {"data[0].actor", "data[0].eventTime"} == errors["basic"]
    assert errors["basic"] <= errors["strict"]
    assert line["message"].startswith("Invalid envelope")


def test_no_credential_is_kept_in_the_log(caliper_sandbox: Sandbox) -> None:
    secret = caliper_sandbox.client_secret
    with SyncCaliperClient(**caliper_sandbox.client_kwargs()) as client:
        client.events.send_envelope(payloads.envelope(payloads.activity_event()))
    httpx.post(
        caliper_sandbox.auth_url,
        data={"grant_type": "client_credentials", "client_id": "x", "client_secret": secret},
    )
    httpx.get(f"{caliper_sandbox.base_url}/caliper/events?client_secret={secret}&token=t0k-Zq9")

    lines = logged(caliper_sandbox)
    everything = json.dumps([detail(caliper_sandbox, "requests", r["id"]) for r in lines])
    with sqlite3.connect(caliper_sandbox.db) as conn:
        rows = repr(
            [
                [zlib.decompress(v) if isinstance(v, bytes) else v for v in row]
                for row in conn.execute("SELECT * FROM requests")
            ]
        )
    conn.close()

    assert secret not in everything
    assert secret not in rows
    assert "t0k-Zq9" not in everything
    assert "Bearer" not in everything
    assert "/caliper/events?client_secret=***&token=***" == lines[0]["path"]
    tokens = [detail(caliper_sandbox, "requests", r["id"]) for r in lines if r["route"] == "token"]
    assert 2 == len(tokens)
    assert [None, None] == [t["body"] for t in tokens]


def test_the_log_keeps_the_newest_requests_only() -> None:
    with Sandbox(request_log=3) as sandbox:
        for _ in range(7):
            httpx.get(f"{sandbox.base_url}/caliper/events")  # 401s: still requests
        kept = logged(sandbox)
        stats = sandbox.stats()

    assert [7, 6, 5] == [r["id"] for r in kept]
    assert (3, 3) == (stats["requests"], stats["requestLog"])


def test_a_log_of_size_zero_keeps_nothing() -> None:
    with Sandbox(request_log=0) as sandbox:
        httpx.get(f"{sandbox.base_url}/caliper/events")

        assert [] == logged(sandbox)


@pytest.mark.parametrize("size", [-1, 1.5, True, "10"])
def test_a_request_log_size_that_is_not_a_count_is_refused(size: Any) -> None:
    with pytest.raises(ValueError, match="request_log"):
        Sandbox(request_log=size)


def test_reset_clears_the_log_and_the_job_history(api: Api) -> None:
    api.send(payloads.envelope(payloads.activity_event()))

    api.sandbox.reset()

    assert [] == logged(api.sandbox)
    with sqlite3.connect(api.sandbox.db) as conn:
        (states,) = conn.execute("SELECT COUNT(*) FROM job_states").fetchone()
    conn.close()
    assert 0 == states


def test_faults_are_logged_with_what_the_client_got(api: Api) -> None:
    """A planned 503 and a drop are in the log; a drop-after shows the job it stored and
    that no reply reached the client."""
    api.sandbox.faults.plan("send", ["503", "drop", "drop-after"])
    for _ in range(3):
        with contextlib.suppress(httpx.TransportError):
            api.send(payloads.envelope(payloads.activity_event()))

    sends = logged(api.sandbox, route="send")[::-1]

    assert [("503", 503), ("drop", None), ("drop-after", None)] == [
        (r["fault"], r["status"]) for r in sends
    ]
    assert sends[0]["jobId"] is None
    assert sends[1]["jobId"] is None
    assert sends[2]["jobId"] is not None
    assert 1 == api.sandbox.count_events()
    assert [r["id"] for r in logged(api.sandbox, status="none")] == [
        sends[2]["id"],
        sends[1]["id"],
    ]


def test_a_body_larger_than_the_log_keeps_is_logged_by_size(api: Api) -> None:
    events = [payloads.activity_event(note="x" * 2000) for _ in range(150)]
    envelope = payloads.envelope(*events)

    api.send(envelope)
    whole = detail(api.sandbox, "requests", logged(api.sandbox, route="send")[0]["id"])

    assert whole["body"] is None
    assert whole["bodyBytes"] > 256 * 1024


def test_a_database_from_before_the_log_is_taken_and_upgraded(tmp_path: pathlib.Path) -> None:
    """The tables of an older sandbox (events without their job, no log, no history)."""
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, external_id TEXT NOT NULL,
            sensor TEXT NOT NULL, type TEXT NOT NULL, action TEXT NOT NULL, profile TEXT,
            event_time TEXT NOT NULL, event_time_ms INTEGER NOT NULL, send_time TEXT NOT NULL,
            created_at TEXT NOT NULL, actor_id TEXT, actor_email TEXT, client_app_id TEXT,
            body TEXT NOT NULL);
        CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, state TEXT NOT NULL,
            created_at REAL NOT NULL, polls INTEGER NOT NULL DEFAULT 0, client_app_id TEXT,
            sensor TEXT NOT NULL, send_time TEXT NOT NULL, events TEXT, fail_reason TEXT,
            return_value TEXT, processed_on TEXT, failed_reason TEXT);
        INSERT INTO events (external_id, sensor, type, action, event_time, event_time_ms,
            send_time, created_at, body) VALUES ('urn:uuid:1', 's', 'ActivityEvent',
            'Completed', '2025-01-01T00:00:00.000Z', 1735689600000,
            '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '{}');
        """
    )
    conn.close()

    with Sandbox(db=db) as sandbox:
        api = Api(sandbox)
        api.send(payloads.envelope(payloads.activity_event()))
        api.close()
        old, new = detail(sandbox, "events", 1), detail(sandbox, "events", 2)
    conn = sqlite3.connect(db)
    (counted,) = conn.execute("SELECT SUM(count) FROM event_minutes").fetchone()
    conn.close()

    assert 2 == counted  # the chart counts the older events too
    assert old["job"] is None
    assert new["job"]["state"] == "completed"
