"""The vocabularies of Caliper 1.2 and the Timeback profile, as this client knows them.

The actions per event type, the profiles and the entity types are those of the IMS Caliper
Analytics 1.2 specification; the Timeback names are those of the API's Timeback profile.
The OpenAPI spec (openapi/caliper.yaml) lists the same values; a test keeps the two in step.
The API's own lists have grown over time (the subjects did twice), so outside "strict"
validation a value missing here is a warning, not a refusal.
"""

from __future__ import annotations

from typing import Literal, get_args

# The API platforms: BEYOND_AI has every operation; LEARNWITH_AI is send-only.
Platform = Literal["BEYOND_AI", "LEARNWITH_AI"]
PLATFORMS: tuple[Platform, ...] = get_args(Platform)

# How hard events are checked before they go (see _core/validation.py).
Level = Literal["off", "basic", "strict"]
LEVELS: tuple[Level, ...] = get_args(Level)
DEFAULT_LEVEL: Level = "basic"

CALIPER_CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
DATA_VERSION = CALIPER_CONTEXT
CALIPER_DATA_VERSION = DATA_VERSION  # the vendor client's name
LWAI_SCOPE = "https://purl.imsglobal.org/spec/caliper/v1p2/scope/events.write"

ACTIONS = frozenset(
    """Abandoned Accepted Activated Added Archived Attached Bookmarked ChangedResolution
    ChangedSize ChangedSpeed ChangedVolume Classified ClosedPopout Commented Completed Copied
    Created Deactivated Declined Deleted Described DisabledClosedCaptioning Disliked Downloaded
    EnabledClosedCaptioning Ended EnteredFullScreen ExitedFullScreen ForwardedTo Graded Hid
    Highlighted Identified JumpedTo Launched Liked Linked LoggedIn LoggedOut MarkedAsRead
    MarkedAsUnread Modified Muted NavigatedTo OpenedPopout OptedIn OptedOut Paused Posted
    Printed Published Questioned Ranked Recommended Removed Reset Restarted Restored Resumed
    Retrieved Returned Reviewed Rewound Saved Searched Sent Shared Showed Skipped Started
    Submitted Subscribed Tagged TimedOut Unmuted Unpublished Unsubscribed Uploaded Used
    Viewed""".split()
)

# Event type -> the actions it allows; None means any Caliper action (generic Event).
EVENT_ACTIONS: dict[str, frozenset[str] | None] = {
    "Event": None,
    "AnnotationEvent": frozenset({"Bookmarked", "Highlighted", "Shared", "Tagged"}),
    "AssessmentEvent": frozenset(
        {"Started", "Paused", "Resumed", "Restarted", "Reset", "Submitted"}
    ),
    "AssessmentItemEvent": frozenset({"Started", "Skipped", "Completed"}),
    "AssignableEvent": frozenset(
        {"Activated", "Deactivated", "Started", "Completed", "Submitted", "Reviewed"}
    ),
    "FeedbackEvent": frozenset({"Commented", "Ranked"}),
    "ForumEvent": frozenset({"Subscribed", "Unsubscribed"}),
    "GradeEvent": frozenset({"Graded"}),
    "MediaEvent": frozenset(
        """Started Ended Paused Resumed Restarted ForwardedTo JumpedTo ChangedResolution
        ChangedSize ChangedSpeed ChangedVolume EnabledClosedCaptioning DisabledClosedCaptioning
        EnteredFullScreen ExitedFullScreen Muted Unmuted OpenedPopout ClosedPopout""".split()
    ),
    "MessageEvent": frozenset({"MarkedAsRead", "MarkedAsUnread", "Posted"}),
    "NavigationEvent": frozenset({"NavigatedTo"}),
    "QuestionnaireEvent": frozenset({"Started", "Submitted"}),
    "QuestionnaireItemEvent": frozenset({"Started", "Skipped", "Completed"}),
    "ResourceManagementEvent": frozenset(
        """Archived Copied Created Deleted Described Downloaded Modified Printed Published
        Restored Retrieved Saved Unpublished Uploaded""".split()
    ),
    "SearchEvent": frozenset({"Searched"}),
    "SessionEvent": frozenset({"LoggedIn", "LoggedOut", "TimedOut"}),
    "SurveyEvent": frozenset({"OptedIn", "OptedOut"}),
    "SurveyInvitationEvent": frozenset({"Accepted", "Declined", "Sent"}),
    "ThreadEvent": frozenset({"MarkedAsRead", "MarkedAsUnread"}),
    "ToolLaunchEvent": frozenset({"Launched", "Returned"}),
    "ToolUseEvent": frozenset({"Used"}),
    "ViewEvent": frozenset({"Viewed"}),
    # Timeback profile.
    "ActivityEvent": frozenset({"Completed"}),
    "TimeSpentEvent": frozenset({"SpentTime"}),
}

# Event types whose profile is fixed (the server's per-type schemas).
EVENT_PROFILE = {
    "ActivityEvent": "TimebackProfile",
    "TimeSpentEvent": "TimebackProfile",
    "AssessmentItemEvent": "AssessmentProfile",
    "GradeEvent": "GradingProfile",
}

PROFILES = frozenset(
    """GeneralProfile AnnotationProfile AssessmentProfile AssignableProfile FeedbackProfile
    ForumProfile GradingProfile MediaProfile ReadingProfile ResourceManagementProfile
    SearchProfile SessionProfile SurveyProfile ToolLaunchProfile ToolUseProfile
    TimebackProfile""".split()
)

# Every top-level property a Caliper 1.2 event may carry.
EVENT_PROPERTIES = frozenset(
    """@context id type actor action object eventTime profile edApp generated target referrer
    group membership session federatedSession extensions""".split()
)
EVENT_REFERENCES = (
    "edApp",
    "generated",
    "target",
    "referrer",
    "group",
    "membership",
    "session",
    "federatedSession",
)

# The Timeback subjects: the API's first five, then "None", then the three added in 2025, and
# "Other" (the vendor client's list has it, and its SDK sends it for a course without one).
TimebackSubject = Literal[
    "Science",
    "Math",
    "Reading",
    "Language",
    "Social Studies",
    "None",
    "Vocabulary",
    "Writing",
    "FastMath",
    "Other",
]
SUBJECTS: frozenset[str] = frozenset(get_args(TimebackSubject))

# Caliper 1.2 types that are not entities and so have no `id` (a SystemIdentifier names an
# entity in another system; a TextPositionSelector points into an annotated text).
ID_LESS_TYPES = frozenset({"SystemIdentifier", "TextPositionSelector"})

# Response and its Caliper 1.2 subtypes: each may stand where a Response is expected.
RESPONSE_TYPES = frozenset(
    """Response DateTimeResponse FillinBlankResponse MultipleChoiceResponse
    MultipleResponseResponse MultiselectResponse OpenEndedResponse RatingScaleResponse
    SelectTextResponse TrueFalseResponse""".split()
)
TimebackUserRole = Literal["student", "teacher", "admin", "guide"]
ROLES: frozenset[str] = frozenset(get_args(TimebackUserRole))
ActivityMetricType = Literal["xpEarned", "totalQuestions", "correctQuestions", "masteredUnits"]
ACTIVITY_METRIC_TYPES: frozenset[str] = frozenset(get_args(ActivityMetricType))
TimeSpentMetricType = Literal["active", "inactive", "waste", "unknown", "anti-pattern"]
TIME_SPENT_METRIC_TYPES: frozenset[str] = frozenset(get_args(TimeSpentMetricType))

# The score type the vendor client puts on a question's Score; LEARNWITH_AI's field, which a
# BEYOND_AI Score does not define (so this client leaves it out there).
QUESTION_RESULT_SCORE_TYPE = "QUESTION_RESULT"
