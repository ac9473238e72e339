"""Contains all the data models used in inputs/outputs"""

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
from .job_state import JobState
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
from .timeback_time_spent_metrics_collection import TimebackTimeSpentMetricsCollection
from .timeback_user import TimebackUser
from .token_response import TokenResponse
from .validation_result import ValidationResult
from .validation_result_status import ValidationResultStatus

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
    "JobState",
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
