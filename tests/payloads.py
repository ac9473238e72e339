"""Valid Caliper payloads as plain dicts, written out by hand.

The sandbox's tests use these rather than the client's factories, so that the sandbox is
tested independently of the code it is used to test.
"""

from __future__ import annotations

import uuid
from typing import Any

CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
SENSOR = "https://app.example.com/sensors/main"


def urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def actor(user: str = "u1", email: str = "student@example.edu") -> dict[str, Any]:
    return {
        "id": f"https://api.example.com/ims/oneroster/rostering/v1p2/users/{user}",
        "type": "TimebackUser",
        "email": email,
        "role": "student",
    }


def activity_context(subject: str = "Math") -> dict[str, Any]:
    return {
        "id": "https://app.example.com/activities/lesson-1",
        "type": "TimebackActivityContext",
        "subject": subject,
        "app": {"name": "My Learning App"},
        "course": {"name": "Algebra 101"},
    }


def activity_event(
    *, event_time: str = "2025-07-28T15:15:20.000Z", user: str = "u1", xp: float = 10, **extra: Any
) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": urn(),
        "type": "ActivityEvent",
        "action": "Completed",
        "profile": "TimebackProfile",
        "eventTime": event_time,
        "actor": actor(user, email=f"{user}@example.edu"),
        "object": activity_context(),
        "generated": {
            "id": urn(),
            "type": "TimebackActivityMetricsCollection",
            "items": [
                {"type": "totalQuestions", "value": 10},
                {"type": "correctQuestions", "value": 8},
                {"type": "xpEarned", "value": xp},
            ],
            "attempt": 1,
            "extensions": {"pctCompleteApp": 67},
        },
        **extra,
    }


def time_spent_event(
    *, event_time: str = "2025-07-28T15:30:00.000Z", user: str = "u1"
) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": urn(),
        "type": "TimeSpentEvent",
        "action": "SpentTime",
        "profile": "TimebackProfile",
        "eventTime": event_time,
        "actor": actor(user, email=f"{user}@example.edu"),
        "object": activity_context("Reading"),
        "generated": {
            "id": urn(),
            "type": "TimebackTimeSpentMetricsCollection",
            "items": [
                {"type": "active", "value": 1800},
                {
                    "type": "inactive",
                    "value": 300,
                    "subType": "eating",
                    "startDate": "2025-07-28T15:00:00.000Z",
                    "endDate": "2025-07-28T15:05:00.000Z",
                },
            ],
        },
    }


def navigation_event() -> dict[str, Any]:
    """A generic Caliper event, as in the vendor docs (no @context)."""
    return {
        "id": urn(),
        "type": "NavigationEvent",
        "actor": "https://example.edu/users/123",
        "action": "NavigatedTo",
        "object": "https://example.edu/courses/456",
        "eventTime": "2025-07-28T15:15:20.000Z",
        "profile": "GeneralProfile",
    }


def envelope(*events: dict[str, Any], sensor: str = SENSOR) -> dict[str, Any]:
    return {
        "sensor": sensor,
        "sendTime": "2025-07-28T15:15:21.000Z",
        "dataVersion": CONTEXT,
        "data": list(events),
    }
