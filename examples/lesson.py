"""What the three example apps record when a learner finishes a lesson (shared by them)."""

from __future__ import annotations

from typing import Any

SENSOR = "https://myapp.example.com/sensors/main"


def activity_input(lesson: str, body: dict[str, Any]) -> dict[str, Any]:
    """A Timeback ActivityCompletedInput (as a dict) from a request body."""
    return {
        "actor": {
            "id": f"https://api.example.com/users/{body['student']}",
            "type": "TimebackUser",
            "email": body["email"],
        },
        "object": {
            "id": f"https://myapp.example.com/lessons/{lesson}",
            "type": "TimebackActivityContext",
            "subject": "Math",
            "app": {"name": "My Learning App"},
        },
        "metrics": [
            {"type": "totalQuestions", "value": body["total"]},
            {"type": "correctQuestions", "value": body["correct"]},
            {"type": "xpEarned", "value": body["xp"]},
        ],
    }


def time_spent_input(lesson: str, body: dict[str, Any]) -> dict[str, Any]:
    """A Timeback TimeSpentInput (as a dict): the seconds the lesson took."""
    activity = activity_input(lesson, body)
    return {
        "actor": activity["actor"],
        "object": activity["object"],
        "metrics": [{"type": "active", "value": body["seconds"]}],
    }
