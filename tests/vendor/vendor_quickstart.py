"""Runs inside a Python >= 3.12 venv holding the vendor's published client (timeback-caliper
0.4.0 from PyPI), pointed at our sandbox. Prints one JSON object with what it saw.

Not collected by pytest (no test_ prefix); tests/sandbox/test_vendor_client.py runs it.
"""

import asyncio
import json
import os
import sys

from timeback_caliper import ActivityCompletedInput, CaliperClient, TimeSpentInput


async def main() -> dict:
    sensor = "https://myapp.example.com/sensors/main"
    client = CaliperClient(
        base_url=os.environ["TIMEBACK_API_BASE_URL"],
        auth_url=os.environ["TIMEBACK_API_AUTH_URL"],
        client_id=os.environ["TIMEBACK_API_CLIENT_ID"],
        client_secret=os.environ["TIMEBACK_API_CLIENT_SECRET"],
    )
    actor = {
        "id": "https://api.example.com/users/123",
        "type": "TimebackUser",
        "email": "student@example.edu",
    }
    obj = {
        "id": "https://myapp.example.com/activities/456",
        "type": "TimebackActivityContext",
        "subject": "Math",
        "app": {"name": "My Learning App"},
    }
    activity = await client.events.send_activity(
        sensor,
        ActivityCompletedInput(
            actor=actor,
            object=obj,
            metrics=[
                {"type": "totalQuestions", "value": 10},
                {"type": "correctQuestions", "value": 8},
                {"type": "xpEarned", "value": 150},
            ],
        ),
    )
    activity_status = await client.jobs.wait_for_completion(
        activity.job_id, timeout=10, poll_interval=0.2
    )
    spent = await client.events.send_time_spent(
        sensor,
        TimeSpentInput(
            actor=actor,
            object={**obj, "subject": "Reading"},
            metrics=[{"type": "active", "value": 1800}, {"type": "inactive", "value": 300}],
        ),
    )
    spent_status = await client.jobs.wait_for_completion(
        spent.job_id, timeout=10, poll_interval=0.2
    )
    listed = await client.events.list(
        limit=10, actor_email="student@example.edu", start_date="2020-01-01"
    )
    external_id = listed.events[0].external_id
    got = await client.events.get(external_id)
    streamed = [e.external_id async for e in client.events.stream(limit=1, sensor=sensor)]
    await client.close()
    return {
        "job_states": [str(activity_status.state), str(spent_status.state)],
        "results": [
            [r.external_id for r in s.return_value.results] for s in (activity_status, spent_status)
        ],
        "listed": [e.external_id for e in listed.events],
        "total": listed.pagination.total,
        "got": got.external_id,
        "streamed": streamed,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
    sys.exit(0)
