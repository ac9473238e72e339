"""The same calls, made on the vendor's client and on ours (tests/test_vendor_compat.py).

Plain data only: this file is imported by tests/vendor/surface.py inside the vendor's
venv as well as by our tests. Written as the vendor's documentation and docstrings write
them: snake_case names and camelCase aliases, `type=` on the Timeback models, nested dicts
where the vendor's models take them. Times are already in Caliper's wire form, and ids are
given, so that both clients must produce the same events.
"""

from __future__ import annotations

from typing import Any

T = "2025-07-28T15:15:20.000Z"
USER = {
    "id": "https://api.example.com/users/123",
    "type": "TimebackUser",
    "email": "student@example.edu",
    "name": "Jane Doe",
    "role": "student",
    "extensions": {"grade": 3},
    "nickname": "jd",  # undeclared: the vendor model keeps it
}
CONTEXT = {
    "id": "https://myapp.example.com/activities/456",
    "type": "TimebackActivityContext",
    "subject": "Other",
    "app": {"name": "My Learning App", "id": "https://myapp.example.com"},
    "course": {"id": "https://api.example.com/courses/7", "name": "Algebra 101"},
    "activity": {"name": "Chapter 1 Quiz"},
    "process": True,
}

# Class name -> keyword arguments its constructor takes, on both clients.
MODELS: dict[str, dict[str, Any]] = {
    "TimebackUser": USER,
    "TimebackApp": {"name": "My Learning App", "id": "https://myapp.example.com"},
    "TimebackCourse": {"id": "https://api.example.com/courses/7", "name": "Algebra 101"},
    "TimebackActivity": {"name": "Chapter 1 Quiz"},
    "TimebackActivityContext": CONTEXT,
    "TimebackActivityMetric": {"type": "masteredUnits", "value": 2},
    "TimeSpentMetric": {"type": "active", "value": 1800},
    "TimebackActivityMetricsCollection": {
        "id": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a001",
        "type": "TimebackActivityMetricsCollection",
        "items": [{"type": "xpEarned", "value": 150}],
        "attempt": 2,
        "extensions": {"pctCompleteApp": 67},
    },
    "TimebackTimeSpentMetricsCollection": {
        "id": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a002",
        "items": [{"type": "inactive", "value": 300}],
    },
    "QuestionObjectInput": {
        "id": "urn:uuid:8e1d0b4e-3f41-4a3c-8d44-6a5f6f6a9b01",
        "name": "What is 2+2?",
        "isPartOf": "https://myapp.example.com/quizzes/1",
    },
    "ResponseGeneratedInput": {
        "id": "urn:uuid:8e1d0b4e-3f41-4a3c-8d44-6a5f6f6a9b02",
        "attempt": "urn:uuid:8e1d0b4e-3f41-4a3c-8d44-6a5f6f6a9b03",
        "startedAtTime": T,
        "ended_at_time": T,
        "duration": "PT5S",
    },
    "ScoreGeneratedInput": {
        "score_given": 1,
        "maxScore": 1,
        "attempt": "urn:uuid:8e1d0b4e-3f41-4a3c-8d44-6a5f6f6a9b03",
        "comment": "well done",
    },
    "CaliperEnvelope": {
        "sensor": "https://myapp.example.com/sensors/main",
        "sendTime": T,
        "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "data": [{"id": "https://example.edu/courses/456", "type": "CourseOffering"}],
    },
}

# Factory name -> (input class, its keyword arguments), called as factory(input=Cls(**kwargs)).
FACTORIES: dict[str, tuple[str, dict[str, Any]]] = {
    "create_activity_event": (
        "ActivityCompletedInput",
        {
            "actor": USER,
            "object": CONTEXT,
            "metrics": [
                {"type": "totalQuestions", "value": 10},
                {"type": "correctQuestions", "value": 8},
                {"type": "xpEarned", "value": 150},
                {"type": "masteredUnits", "value": 2},
            ],
            "attempt": 2,
            "generatedExtensions": {"pctCompleteApp": 67},
            "eventTime": T,
            "metrics_id": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a003",
            "id": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a004",
            "edApp": "https://myapp.example.com",
            "session": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a005",
            "extensions": {"courseId": "7"},
        },
    ),
    "create_time_spent_event": (
        "TimeSpentInput",
        {
            "actor": USER,
            "object": {**CONTEXT, "subject": "Reading"},
            "metrics": [{"type": "active", "value": 1800}, {"type": "inactive", "value": 300}],
            "event_time": T,
            "metricsId": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a006",
            "id": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a007",
        },
    ),
    "create_question_seen_event": (
        "QuestionSeenInput",
        {
            "actor": "https://api.example.com/users/123",
            "object": MODELS["QuestionObjectInput"],
            "ed_app": "https://myapp.example.com",
            "id": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a008",
            "eventTime": T,
        },
    ),
    "create_question_answered_event": (
        "QuestionAnsweredInput",
        {
            "actor": "https://api.example.com/users/123",
            "object": MODELS["QuestionObjectInput"],
            "edApp": "https://myapp.example.com",
            "generated": MODELS["ResponseGeneratedInput"],
            "id": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a009",
            "event_time": T,
        },
    ),
    "create_question_graded_event": (
        "QuestionGradedInput",
        {
            "actor": "https://api.example.com/users/123",
            "object": "urn:uuid:8e1d0b4e-3f41-4a3c-8d44-6a5f6f6a9b03",
            "generated": {
                **MODELS["ScoreGeneratedInput"],
                "id": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a010",
            },
            "ed_app": "https://myapp.example.com",
            "id": "urn:uuid:6fd0e4a2-7a4c-4f6b-9a51-30c9e0f1a011",
            "eventTime": T,
        },
    ),
}

# Result class name -> the API reply it is read from (the vendor reads these with
# `Cls(**reply)`, ours with `Cls.from_wire(reply)`).
REPLIES: dict[str, dict[str, Any]] = {
    "SendEventsResult": {"status": "success", "message": "ok", "errors": None, "jobId": "6"},
    "JobStatus": {
        "id": "6",
        "state": "completed",
        "returnValue": {
            "status": "success",
            "results": [{"allocatedId": "7", "externalId": "urn:uuid:cadcb833"}],
        },
        "processedOn": "2025-07-28T15:15:28.330Z",
    },
    "StoredEvent": {
        "id": 7,
        "externalId": "urn:uuid:cadcb833-551e-487b-8213-007f89e74ddf",
        "sensor": "https://app.example.com/sensors/1",
        "type": "ActivityEvent",
        "profile": "TimebackProfile",
        "action": "Completed",
        "eventTime": T,
        "sendTime": T,
        "created_at": T,
        "updated_at": None,
        "deleted_at": None,
        "actor": USER,
        "object": CONTEXT,
        "generated": None,
        "target": "https://app.example.com/t",
        "referrer": None,
        "edApp": "https://myapp.example.com",
        "group": None,
        "membership": None,
        "session": "urn:uuid:s",
        "federatedSession": None,
        "extensions": {"x": 1},
        "clientAppId": "client-1",
    },
    "Pagination": {"total": 1, "totalPages": 1, "currentPage": 1, "limit": 100},
    "ValidationResult": {"status": "success", "message": "valid", "errors": None},
    "EventResult": {"allocatedId": "7", "externalId": "urn:uuid:cadcb833"},
    "JobReturnValue": {
        "status": "success",
        "results": [{"allocatedId": "7", "externalId": "urn:uuid:cadcb833"}],
    },
}

# (exception class name, positional arguments, keyword arguments), as vendor code raises them.
ERRORS: list[tuple[str, list[Any], dict[str, Any]]] = [
    ("APIError", ["boom", 418, {"message": "boom"}], {}),
    ("APIError", ["boom"], {"status_code": 500}),
    ("AuthenticationError", [], {}),
    ("AuthenticationError", ["jwt expired", {"message": "jwt expired"}], {}),
    ("ForbiddenError", ["no scope"], {}),
    ("NotFoundError", [], {"response": {"status": "error"}}),
    ("ValidationError", ["bad", {"errors": []}], {}),
    ("RateLimitError", ["slow down"], {"retry_after": 3}),
    ("ServerError", ["down", 502], {}),
    ("ServerError", [], {}),
    ("JobFailedError", ["6"], {}),
    ("JobFailedError", ["6", "storage failed"], {}),
    ("UnsupportedOperationError", ["list"], {}),
]
