from enum import StrEnum
from typing import Any


class Profile(StrEnum):
    ANNOTATIONPROFILE = "AnnotationProfile"
    ASSESSMENTPROFILE = "AssessmentProfile"
    ASSIGNABLEPROFILE = "AssignableProfile"
    FEEDBACKPROFILE = "FeedbackProfile"
    FORUMPROFILE = "ForumProfile"
    GENERALPROFILE = "GeneralProfile"
    GRADINGPROFILE = "GradingProfile"
    MEDIAPROFILE = "MediaProfile"
    READINGPROFILE = "ReadingProfile"
    RESOURCEMANAGEMENTPROFILE = "ResourceManagementProfile"
    SEARCHPROFILE = "SearchProfile"
    SESSIONPROFILE = "SessionProfile"
    SURVEYPROFILE = "SurveyProfile"
    TIMEBACKPROFILE = "TimebackProfile"
    TOOLLAUNCHPROFILE = "ToolLaunchProfile"
    TOOLUSEPROFILE = "ToolUseProfile"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
