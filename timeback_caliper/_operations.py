"""The generated operations the client sends, in one place.

Imported on first use (`import timeback_caliper._operations as ops` inside a method), not
at import time: the generated package loads httpx and its models, which a program that only
builds events or constructs a client should not pay for.
"""

from timeback_caliper_api.api.events import get_event, list_events, send_events, validate_events
from timeback_caliper_api.api.jobs import get_job_status
from timeback_caliper_api.api.learnwithai import send_events_learn_with_ai

__all__ = [
    "get_event",
    "get_job_status",
    "list_events",
    "send_events",
    "send_events_learn_with_ai",
    "validate_events",
]
