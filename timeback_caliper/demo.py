"""`make demo`: the main job, end to end, against the local sandbox.

Starts the sandbox on an embedded SQLite database, sends an activity event and a
time-spent event, waits for the processing job, lists the events back, and stops.
Until the client lands this speaks plain HTTP (httpx).
"""

from __future__ import annotations

import time
import uuid

import httpx

from timeback_caliper.sandbox import Sandbox

CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
SENSOR = "https://myapp.example.com/sensors/main"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


def _event(
    kind: str, action: str, collection: str, metrics: list[dict[str, object]]
) -> dict[str, object]:
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": kind,
        "action": action,
        "profile": "TimebackProfile",
        "eventTime": _now(),
        "actor": {
            "id": "https://api.example.com/users/123",
            "type": "TimebackUser",
            "email": "student@example.edu",
        },
        "object": {
            "id": "https://myapp.example.com/activities/456",
            "type": "TimebackActivityContext",
            "subject": "Math",
            "app": {"name": "My Learning App"},
        },
        "generated": {"id": f"urn:uuid:{uuid.uuid4()}", "type": collection, "items": metrics},
    }


def main() -> int:
    with Sandbox(job_timing="polls:2") as sandbox:
        print(f"sandbox    serving on {sandbox.base_url} (SQLite {sandbox.db})")
        with httpx.Client(base_url=sandbox.base_url, timeout=10) as http:
            token = http.post(
                "/oauth2/token",
                auth=(sandbox.client_id, sandbox.client_secret),
                data={"grant_type": "client_credentials"},
            ).json()["access_token"]
            http.headers["Authorization"] = f"Bearer {token}"
            activity = _event(
                "ActivityEvent",
                "Completed",
                "TimebackActivityMetricsCollection",
                [{"type": "totalQuestions", "value": 10}, {"type": "xpEarned", "value": 150}],
            )
            spent = _event(
                "TimeSpentEvent",
                "SpentTime",
                "TimebackTimeSpentMetricsCollection",
                [{"type": "active", "value": 1800}, {"type": "inactive", "value": 300}],
            )
            envelope = {
                "sensor": SENSOR,
                "sendTime": _now(),
                "dataVersion": CONTEXT,
                "data": [activity, spent],
            }
            job_id = http.post("/caliper/event", json=envelope).raise_for_status().json()["jobId"]
            print(f"sent       an activity event and a time-spent event: job {job_id}")
            states = []
            while True:
                job = http.get(f"/jobs/{job_id}/status").raise_for_status().json()["job"]
                states.append(job["state"])
                if job["state"] in ("completed", "failed"):
                    break
                time.sleep(0.1)
            stored = ", ".join(r["allocatedId"] for r in job["returnValue"]["results"])
            print(f"job {job_id}      {' -> '.join(states)}; stored as ids {stored}")
            page = http.get("/caliper/events", params={"actorEmail": "student@example.edu"}).json()
            print(f"listed     {page['pagination']['total']} events for student@example.edu:")
            for event in page["events"]:
                kind = f"{event['type']}/{event['action']}"
                print(f"           #{event['id']} {kind} {event['externalId']}")
    print("sandbox    stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
