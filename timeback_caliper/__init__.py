"""timeback-caliper: the Python client (sync and async) for the Timeback Caliper Analytics API.

Names are imported on first use, so `import timeback_caliper` stays cheap: httpx and the
generated package load only when a client is needed, the sandbox and the command line never.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from timeback_caliper._version import __version__

if TYPE_CHECKING:
    from timeback_caliper._async.client import AsyncCaliperClient, AsyncEventStream
    from timeback_caliper._async.sender import AsyncSender, SenderStats
    from timeback_caliper._config import ClientConfig
    from timeback_caliper._core.retry import RetryPolicy
    from timeback_caliper._sync.client import CaliperClient, EventStream
    from timeback_caliper._sync.sender import Sender
    from timeback_caliper.events import (
        ActivityCompletedInput,
        QuestionAnsweredInput,
        QuestionGradedInput,
        QuestionObjectInput,
        QuestionSeenInput,
        ResponseGeneratedInput,
        ScoreGeneratedInput,
        TimebackActivity,
        TimebackActivityContext,
        TimebackActivityMetric,
        TimebackApp,
        TimebackCourse,
        TimebackUser,
        TimeSpentInput,
        TimeSpentMetric,
        create_activity_event,
        create_question_answered_event,
        create_question_graded_event,
        create_question_seen_event,
        create_question_skipped_event,
        create_time_spent_event,
    )
    from timeback_caliper.exceptions import (
        ApiError,
        AuthenticationError,
        BatchSendError,
        CaliperError,
        CaliperTimeoutError,
        ConfigurationError,
        ForbiddenError,
        InputValidationError,
        JobFailedError,
        JobTimeoutError,
        NotFoundError,
        QueueFullError,
        RateLimitError,
        ServerError,
        TransportError,
        UnsupportedOperationError,
        ValidationError,
    )
    from timeback_caliper.types import (
        AllocatedEvent,
        EventsPage,
        JobResult,
        JobStatus,
        Pagination,
        SendResult,
        StoredEvent,
        TokenInfo,
        ValidationResult,
    )
    from timeback_caliper.validation import Issue, validate_envelope, validate_event

_MODULES = {
    "timeback_caliper._async.client": ["AsyncCaliperClient", "AsyncEventStream"],
    "timeback_caliper._sync.client": ["CaliperClient", "EventStream"],
    "timeback_caliper._async.sender": ["AsyncSender", "SenderStats"],
    "timeback_caliper._sync.sender": ["Sender"],
    "timeback_caliper._config": ["ClientConfig"],
    "timeback_caliper._core.retry": ["RetryPolicy"],
    "timeback_caliper.events": [
        "ActivityCompletedInput",
        "QuestionAnsweredInput",
        "QuestionGradedInput",
        "QuestionObjectInput",
        "QuestionSeenInput",
        "ResponseGeneratedInput",
        "ScoreGeneratedInput",
        "TimeSpentInput",
        "TimeSpentMetric",
        "TimebackActivity",
        "TimebackActivityContext",
        "TimebackActivityMetric",
        "TimebackApp",
        "TimebackCourse",
        "TimebackUser",
        "create_activity_event",
        "create_question_answered_event",
        "create_question_graded_event",
        "create_question_seen_event",
        "create_question_skipped_event",
        "create_time_spent_event",
    ],
    "timeback_caliper.exceptions": [
        "ApiError",
        "AuthenticationError",
        "BatchSendError",
        "CaliperError",
        "CaliperTimeoutError",
        "ConfigurationError",
        "ForbiddenError",
        "InputValidationError",
        "JobFailedError",
        "JobTimeoutError",
        "NotFoundError",
        "QueueFullError",
        "RateLimitError",
        "ServerError",
        "TransportError",
        "UnsupportedOperationError",
        "ValidationError",
    ],
    "timeback_caliper.types": [
        "AllocatedEvent",
        "EventsPage",
        "JobResult",
        "JobStatus",
        "Pagination",
        "SendResult",
        "StoredEvent",
        "TokenInfo",
        "ValidationResult",
    ],
    "timeback_caliper.validation": ["Issue", "validate_envelope", "validate_event"],
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "ActivityCompletedInput",
    "AllocatedEvent",
    "ApiError",
    "AsyncCaliperClient",
    "AsyncEventStream",
    "AsyncSender",
    "AuthenticationError",
    "BatchSendError",
    "CaliperClient",
    "CaliperError",
    "CaliperTimeoutError",
    "ClientConfig",
    "ConfigurationError",
    "EventStream",
    "EventsPage",
    "ForbiddenError",
    "InputValidationError",
    "Issue",
    "JobFailedError",
    "JobResult",
    "JobStatus",
    "JobTimeoutError",
    "NotFoundError",
    "Pagination",
    "QuestionAnsweredInput",
    "QuestionGradedInput",
    "QuestionObjectInput",
    "QuestionSeenInput",
    "QueueFullError",
    "RateLimitError",
    "ResponseGeneratedInput",
    "RetryPolicy",
    "ScoreGeneratedInput",
    "SendResult",
    "Sender",
    "SenderStats",
    "ServerError",
    "StoredEvent",
    "TimeSpentInput",
    "TimeSpentMetric",
    "TimebackActivity",
    "TimebackActivityContext",
    "TimebackActivityMetric",
    "TimebackApp",
    "TimebackCourse",
    "TimebackUser",
    "TokenInfo",
    "TransportError",
    "UnsupportedOperationError",
    "ValidationError",
    "ValidationResult",
    "__version__",
    "create_activity_event",
    "create_question_answered_event",
    "create_question_graded_event",
    "create_question_seen_event",
    "create_question_skipped_event",
    "create_time_spent_event",
    "validate_envelope",
    "validate_event",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'timeback_caliper' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
