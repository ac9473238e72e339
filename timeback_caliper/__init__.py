"""timeback-caliper: the Python client (sync and async) for the Timeback Caliper Analytics API.

Names are imported on first use, so `import timeback_caliper` stays cheap: httpx and the
generated package load only when a client is needed, the sandbox and the command line never.
Every public name of the vendor's client (timeback-caliper 0.4.0) exists here too.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

from timeback_caliper import _vendor
from timeback_caliper._version import __version__

_vendor.install()  # the vendor client's module paths (`timeback_caliper.types.timeback`, ...)

if os.environ.get("TIMEBACK_CALIPER_LOG"):  # the library's own log on stderr, at that level
    from timeback_caliper._log import configure_from_environ

    configure_from_environ()

if TYPE_CHECKING:
    from timeback_caliper._async.client import (
        AsyncCaliperClient,
        AsyncEventStream,
        CaliperClient,
    )
    from timeback_caliper._async.sender import (
        AsyncSender,
        SenderStats,
    )
    from timeback_caliper._config import (
        ClientConfig,
    )
    from timeback_caliper._core.retry import (
        RetryPolicy,
    )
    from timeback_caliper._core.validation import Issue as ValidationIssue
    from timeback_caliper._sync.client import (
        EventStream,
        SyncCaliperClient,
    )
    from timeback_caliper._sync.sender import (
        Sender,
    )
    from timeback_caliper.events import (
        CALIPER_DATA_VERSION,
        QUESTION_RESULT_SCORE_TYPE,
        ActivityCompletedEvent,
        ActivityCompletedInput,
        ActivityMetricType,
        AssessmentItemEvent,
        CaliperEvent,
        QuestionAnsweredInput,
        QuestionGradedInput,
        QuestionGradeEvent,
        QuestionObjectInput,
        QuestionSeenInput,
        ResponseGeneratedInput,
        ScoreGeneratedInput,
        TimebackActivity,
        TimebackActivityContext,
        TimebackActivityMetric,
        TimebackActivityMetricsCollection,
        TimebackApp,
        TimebackCourse,
        TimebackEvent,
        TimebackSubject,
        TimebackTimeSpentMetricsCollection,
        TimebackUser,
        TimebackUserRole,
        TimeSpentEvent,
        TimeSpentInput,
        TimeSpentMetric,
        TimeSpentMetricType,
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
        SpoolError,
        TransportError,
        UnsupportedOperationError,
        ValidationError,
        create_input_validation_error,
    )
    from timeback_caliper.exceptions import ApiError as APIError
    from timeback_caliper.exceptions import CaliperError as TimebackError
    from timeback_caliper.types import (
        AllocatedEvent,
        CaliperEnvelope,
        EventsPage,
        JobResult,
        JobReturnValue,
        JobStatus,
        Pagination,
        SendResult,
        StoredEvent,
        TokenInfo,
        ValidationResult,
    )
    from timeback_caliper.types import AllocatedEvent as EventResult
    from timeback_caliper.types import EventsPage as ListEventsResult
    from timeback_caliper.types import SendResult as SendEventsResult
    from timeback_caliper.validation import (
        Issue,
        validate_envelope,
        validate_event,
    )

_MODULES = {
    "timeback_caliper._async.client": [
        "AsyncCaliperClient",
        "AsyncEventStream",
        "CaliperClient",
    ],
    "timeback_caliper._sync.client": [
        "EventStream",
        "SyncCaliperClient",
    ],
    "timeback_caliper._async.sender": [
        "AsyncSender",
        "SenderStats",
    ],
    "timeback_caliper._sync.sender": [
        "Sender",
    ],
    "timeback_caliper._config": [
        "ClientConfig",
    ],
    "timeback_caliper._core.retry": [
        "RetryPolicy",
    ],
    "timeback_caliper.events": [
        "ActivityCompletedEvent",
        "ActivityCompletedInput",
        "ActivityMetricType",
        "AssessmentItemEvent",
        "CALIPER_DATA_VERSION",
        "CaliperEvent",
        "QUESTION_RESULT_SCORE_TYPE",
        "QuestionAnsweredInput",
        "QuestionGradeEvent",
        "QuestionGradedInput",
        "QuestionObjectInput",
        "QuestionSeenInput",
        "ResponseGeneratedInput",
        "ScoreGeneratedInput",
        "TimeSpentEvent",
        "TimeSpentInput",
        "TimeSpentMetric",
        "TimeSpentMetricType",
        "TimebackActivity",
        "TimebackActivityContext",
        "TimebackActivityMetric",
        "TimebackActivityMetricsCollection",
        "TimebackApp",
        "TimebackCourse",
        "TimebackEvent",
        "TimebackSubject",
        "TimebackTimeSpentMetricsCollection",
        "TimebackUser",
        "TimebackUserRole",
        "create_activity_event",
        "create_question_answered_event",
        "create_question_graded_event",
        "create_question_seen_event",
        "create_question_skipped_event",
        "create_time_spent_event",
    ],
    "timeback_caliper.exceptions": [
        "APIError",
        "ValidationIssue",
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
        "SpoolError",
        "TimebackError",
        "TransportError",
        "UnsupportedOperationError",
        "ValidationError",
        "create_input_validation_error",
    ],
    "timeback_caliper.types": [
        "AllocatedEvent",
        "CaliperEnvelope",
        "EventResult",
        "EventsPage",
        "JobResult",
        "JobReturnValue",
        "JobStatus",
        "ListEventsResult",
        "Pagination",
        "SendEventsResult",
        "SendResult",
        "StoredEvent",
        "TokenInfo",
        "ValidationResult",
    ],
    "timeback_caliper.validation": [
        "Issue",
        "validate_envelope",
        "validate_event",
    ],
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "CALIPER_DATA_VERSION",
    "QUESTION_RESULT_SCORE_TYPE",
    "APIError",
    "ActivityCompletedEvent",
    "ActivityCompletedInput",
    "ActivityMetricType",
    "AllocatedEvent",
    "ApiError",
    "AssessmentItemEvent",
    "AsyncCaliperClient",
    "AsyncEventStream",
    "AsyncSender",
    "AuthenticationError",
    "BatchSendError",
    "CaliperClient",
    "CaliperEnvelope",
    "CaliperError",
    "CaliperEvent",
    "CaliperTimeoutError",
    "ClientConfig",
    "ConfigurationError",
    "EventResult",
    "EventStream",
    "EventsPage",
    "ForbiddenError",
    "InputValidationError",
    "Issue",
    "JobFailedError",
    "JobResult",
    "JobReturnValue",
    "JobStatus",
    "JobTimeoutError",
    "ListEventsResult",
    "NotFoundError",
    "Pagination",
    "QuestionAnsweredInput",
    "QuestionGradeEvent",
    "QuestionGradedInput",
    "QuestionObjectInput",
    "QuestionSeenInput",
    "QueueFullError",
    "RateLimitError",
    "ResponseGeneratedInput",
    "RetryPolicy",
    "ScoreGeneratedInput",
    "SendEventsResult",
    "SendResult",
    "Sender",
    "SenderStats",
    "ServerError",
    "SpoolError",
    "StoredEvent",
    "SyncCaliperClient",
    "TimeSpentEvent",
    "TimeSpentInput",
    "TimeSpentMetric",
    "TimeSpentMetricType",
    "TimebackActivity",
    "TimebackActivityContext",
    "TimebackActivityMetric",
    "TimebackActivityMetricsCollection",
    "TimebackApp",
    "TimebackCourse",
    "TimebackError",
    "TimebackEvent",
    "TimebackSubject",
    "TimebackTimeSpentMetricsCollection",
    "TimebackUser",
    "TimebackUserRole",
    "TokenInfo",
    "TransportError",
    "UnsupportedOperationError",
    "ValidationError",
    "ValidationIssue",
    "ValidationResult",
    "__version__",
    "create_activity_event",
    "create_input_validation_error",
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
