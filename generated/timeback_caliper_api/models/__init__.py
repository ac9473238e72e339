"""Contains all the data models used in inputs/outputs"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .activity_completed_event import ActivityCompletedEvent
    from .activity_metric import ActivityMetric
    from .activity_metric_type import ActivityMetricType
    from .assessment_item import AssessmentItem
    from .assessment_item_event import AssessmentItemEvent
    from .assessment_item_event_action import AssessmentItemEventAction
    from .assessment_item_response import AssessmentItemResponse
    from .caliper_context_type_0_item_type_1 import CaliperContextType0ItemType1
    from .entity import Entity
    from .entity_ref_type_1 import EntityRefType1
    from .envelope import Envelope
    from .error_body import ErrorBody
    from .error_issue import ErrorIssue
    from .event import Event
    from .event_response import EventResponse
    from .events_page import EventsPage
    from .extensions import Extensions
    from .grade_event import GradeEvent
    from .job import Job
    from .job_result_item import JobResultItem
    from .job_return_value import JobReturnValue
    from .job_return_value_status import JobReturnValueStatus
    from .job_status_response import JobStatusResponse
    from .o_auth_error import OAuthError
    from .pagination import Pagination
    from .profile import Profile
    from .score import Score
    from .send_result import SendResult
    from .send_result_status import SendResultStatus
    from .stored_event import StoredEvent
    from .subject import Subject
    from .time_spent_event import TimeSpentEvent
    from .time_spent_metric import TimeSpentMetric
    from .time_spent_metric_type import TimeSpentMetricType
    from .timeback_activity import TimebackActivity
    from .timeback_activity_context import TimebackActivityContext
    from .timeback_activity_metrics_collection import TimebackActivityMetricsCollection
    from .timeback_app import TimebackApp
    from .timeback_course import TimebackCourse
    from .timeback_role import TimebackRole
    from .timeback_time_spent_metrics_collection import (
        TimebackTimeSpentMetricsCollection,
    )
    from .timeback_user import TimebackUser
    from .token_response import TokenResponse
    from .validation_result import ValidationResult
    from .validation_result_status import ValidationResultStatus

_MODULES = {
    "ActivityCompletedEvent": ".activity_completed_event",
    "ActivityMetric": ".activity_metric",
    "ActivityMetricType": ".activity_metric_type",
    "AssessmentItem": ".assessment_item",
    "AssessmentItemEvent": ".assessment_item_event",
    "AssessmentItemEventAction": ".assessment_item_event_action",
    "AssessmentItemResponse": ".assessment_item_response",
    "CaliperContextType0ItemType1": ".caliper_context_type_0_item_type_1",
    "Entity": ".entity",
    "EntityRefType1": ".entity_ref_type_1",
    "Envelope": ".envelope",
    "ErrorBody": ".error_body",
    "ErrorIssue": ".error_issue",
    "Event": ".event",
    "EventResponse": ".event_response",
    "EventsPage": ".events_page",
    "Extensions": ".extensions",
    "GradeEvent": ".grade_event",
    "Job": ".job",
    "JobResultItem": ".job_result_item",
    "JobReturnValue": ".job_return_value",
    "JobReturnValueStatus": ".job_return_value_status",
    "JobStatusResponse": ".job_status_response",
    "OAuthError": ".o_auth_error",
    "Pagination": ".pagination",
    "Profile": ".profile",
    "Score": ".score",
    "SendResult": ".send_result",
    "SendResultStatus": ".send_result_status",
    "StoredEvent": ".stored_event",
    "Subject": ".subject",
    "TimeSpentEvent": ".time_spent_event",
    "TimeSpentMetric": ".time_spent_metric",
    "TimeSpentMetricType": ".time_spent_metric_type",
    "TimebackActivity": ".timeback_activity",
    "TimebackActivityContext": ".timeback_activity_context",
    "TimebackActivityMetricsCollection": ".timeback_activity_metrics_collection",
    "TimebackApp": ".timeback_app",
    "TimebackCourse": ".timeback_course",
    "TimebackRole": ".timeback_role",
    "TimebackTimeSpentMetricsCollection": ".timeback_time_spent_metrics_collection",
    "TimebackUser": ".timeback_user",
    "TokenResponse": ".token_response",
    "ValidationResult": ".validation_result",
    "ValidationResultStatus": ".validation_result_status",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = (
    "ActivityCompletedEvent",
    "ActivityMetric",
    "ActivityMetricType",
    "AssessmentItem",
    "AssessmentItemEvent",
    "AssessmentItemEventAction",
    "AssessmentItemResponse",
    "CaliperContextType0ItemType1",
    "Entity",
    "EntityRefType1",
    "Envelope",
    "ErrorBody",
    "ErrorIssue",
    "Event",
    "EventResponse",
    "EventsPage",
    "Extensions",
    "GradeEvent",
    "Job",
    "JobResultItem",
    "JobReturnValue",
    "JobReturnValueStatus",
    "JobStatusResponse",
    "OAuthError",
    "Pagination",
    "Profile",
    "Score",
    "SendResult",
    "SendResultStatus",
    "StoredEvent",
    "Subject",
    "TimeSpentEvent",
    "TimeSpentMetric",
    "TimeSpentMetricType",
    "TimebackActivity",
    "TimebackActivityContext",
    "TimebackActivityMetricsCollection",
    "TimebackApp",
    "TimebackCourse",
    "TimebackRole",
    "TimebackTimeSpentMetricsCollection",
    "TimebackUser",
    "TokenResponse",
    "ValidationResult",
    "ValidationResultStatus",
)
