"""Event factories: the exact wire JSON they build, from typed inputs or plain dicts."""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

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
from timeback_caliper.exceptions import InputValidationError
from timeback_caliper.validation import validate_event

Factory = Callable[..., dict[str, Any]]

CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
USER_ID = "https://api.example.com/ims/oneroster/rostering/v1p2/users/u1"
EMAIL = "u1@example.edu"
ACTIVITY_ID = "https://app.example.com/activities/lesson-1"
COURSE_ID = "https://api.example.com/ims/oneroster/rostering/v1p2/courses/c1"
APP_ID = "https://app.example.com"
QUESTION_ID = "https://app.example.com/questions/q1"
QUIZ_ID = "https://app.example.com/quizzes/z1"
ATTEMPT_ID = "https://app.example.com/attempts/a1"
SESSION_ID = "urn:uuid:5e55a0c1-0000-4000-8000-000000000000"
EVENT_ID = "urn:uuid:11111111-1111-4111-8111-111111111111"
METRICS_ID = "urn:uuid:22222222-2222-4222-8222-222222222222"

NOW = datetime(2025, 7, 28, 15, 15, 20, 123456, tzinfo=UTC)
NOW_WIRE = "2025-07-28T15:15:20.123Z"
PLUS_TWO = timezone(timedelta(hours=2))


def urn(n: int) -> str:
    """The n-th id the deterministic factory hands out."""
    return f"urn:uuid:00000000-0000-4000-8000-{n:012d}"


def new_ids() -> Callable[[], str]:
    """A deterministic `new_id`: urn(1), urn(2), ..."""
    counter = itertools.count(1)
    return lambda: urn(next(counter))


# -- ActivityEvent ------------------------------------------------------------------------

ACTIVITY_TYPED = ActivityCompletedInput(
    actor=TimebackUser(id=USER_ID, email=EMAIL, name="Ann Example", role="student"),
    object=TimebackActivityContext(
        id=ACTIVITY_ID,
        subject="Math",
        app=TimebackApp(name="My Learning App", id=APP_ID),
        course=TimebackCourse(name="Algebra 1", id=COURSE_ID),
        activity=TimebackActivity(name="Lesson 1"),
        process=True,
    ),
    metrics=[
        TimebackActivityMetric(type="totalQuestions", value=10),
        TimebackActivityMetric(type="correctQuestions", value=8),
        TimebackActivityMetric(type="xpEarned", value=150.5),
    ],
    attempt=2,
    generated_extensions={"pctCompleteApp": 67},
    ed_app=APP_ID,
    session=SESSION_ID,
    extensions={"courseId": "c1"},
)
_ACTIVITY_ACTOR = {
    "id": USER_ID,
    "type": "TimebackUser",
    "email": EMAIL,
    "name": "Ann Example",
    "role": "student",
}
_ACTIVITY_OBJECT = {
    "id": ACTIVITY_ID,
    "type": "TimebackActivityContext",
    "subject": "Math",
    "app": {"name": "My Learning App", "id": APP_ID},
    "course": {"name": "Algebra 1", "id": COURSE_ID},
    "activity": {"name": "Lesson 1"},
    "process": True,
}
_ACTIVITY_METRICS = [
    {"type": "totalQuestions", "value": 10},
    {"type": "correctQuestions", "value": 8},
    {"type": "xpEarned", "value": 150.5},
]
ACTIVITY_SNAKE = {
    "actor": _ACTIVITY_ACTOR,
    "object": _ACTIVITY_OBJECT,
    "metrics": _ACTIVITY_METRICS,
    "attempt": 2,
    "generated_extensions": {"pctCompleteApp": 67},
    "ed_app": APP_ID,
    "session": SESSION_ID,
    "extensions": {"courseId": "c1"},
}
ACTIVITY_CAMEL = {
    "actor": _ACTIVITY_ACTOR,
    "object": _ACTIVITY_OBJECT,
    "metrics": _ACTIVITY_METRICS,
    "attempt": 2,
    "generatedExtensions": {"pctCompleteApp": 67},
    "edApp": APP_ID,
    "session": SESSION_ID,
    "extensions": {"courseId": "c1"},
}
ACTIVITY_GOLDEN = {
    "@context": CONTEXT,
    "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
    "type": "ActivityEvent",
    "action": "Completed",
    "profile": "TimebackProfile",
    "eventTime": "2025-07-28T15:15:20.123Z",
    "actor": {
        "id": "https://api.example.com/ims/oneroster/rostering/v1p2/users/u1",
        "type": "TimebackUser",
        "email": "u1@example.edu",
        "name": "Ann Example",
        "role": "student",
    },
    "object": {
        "id": "https://app.example.com/activities/lesson-1",
        "type": "TimebackActivityContext",
        "subject": "Math",
        "app": {"id": "https://app.example.com", "name": "My Learning App"},
        "course": {
            "id": "https://api.example.com/ims/oneroster/rostering/v1p2/courses/c1",
            "name": "Algebra 1",
        },
        "activity": {"name": "Lesson 1"},
        "process": True,
    },
    "generated": {
        "id": "urn:uuid:00000000-0000-4000-8000-000000000002",
        "type": "TimebackActivityMetricsCollection",
        "items": [
            {"type": "totalQuestions", "value": 10},
            {"type": "correctQuestions", "value": 8},
            {"type": "xpEarned", "value": 150.5},
        ],
        "attempt": 2,
        "extensions": {"pctCompleteApp": 67},
    },
    "edApp": "https://app.example.com",
    "session": "urn:uuid:5e55a0c1-0000-4000-8000-000000000000",
    "extensions": {"courseId": "c1"},
}

# -- TimeSpentEvent -----------------------------------------------------------------------

TIME_SPENT_TYPED = TimeSpentInput(
    actor=TimebackUser(id=USER_ID, email=EMAIL),
    object=TimebackActivityContext(id=ACTIVITY_ID, subject="Reading", app={"name": "My App"}),
    metrics=[
        TimeSpentMetric(
            type="active",
            value=1800,
            sub_type="focus",
            start_date=datetime(2025, 7, 28, 14, 45),
            end_date="2025-07-28T17:15:00+02:00",
        ),
        TimeSpentMetric(type="waste", value=120.5, sub_type="eating"),
        TimeSpentMetric(type="anti-pattern", value=8),
    ],
    event_time=datetime(2025, 7, 28, 17, 15, 20, tzinfo=PLUS_TWO),
    id=EVENT_ID,
    metrics_id=METRICS_ID,
)
_TIME_SPENT_ACTOR = {"id": USER_ID, "type": "TimebackUser", "email": EMAIL}
_TIME_SPENT_OBJECT = {
    "id": ACTIVITY_ID,
    "type": "TimebackActivityContext",
    "subject": "Reading",
    "app": {"name": "My App"},
}
TIME_SPENT_SNAKE = {
    "actor": _TIME_SPENT_ACTOR,
    "object": _TIME_SPENT_OBJECT,
    "metrics": [
        {
            "type": "active",
            "value": 1800,
            "sub_type": "focus",
            "start_date": datetime(2025, 7, 28, 14, 45),
            "end_date": "2025-07-28T17:15:00+02:00",
        },
        {"type": "waste", "value": 120.5, "sub_type": "eating"},
        {"type": "anti-pattern", "value": 8},
    ],
    "event_time": datetime(2025, 7, 28, 17, 15, 20, tzinfo=PLUS_TWO),
    "id": EVENT_ID,
    "metrics_id": METRICS_ID,
}
TIME_SPENT_CAMEL = {
    "actor": _TIME_SPENT_ACTOR,
    "object": _TIME_SPENT_OBJECT,
    "metrics": [
        {
            "type": "active",
            "value": 1800,
            "subType": "focus",
            "startDate": "2025-07-28T14:45:00",
            "endDate": "2025-07-28T17:15:00+02:00",
        },
        {"type": "waste", "value": 120.5, "subType": "eating"},
        {"type": "anti-pattern", "value": 8},
    ],
    "eventTime": "2025-07-28T17:15:20+02:00",
    "id": EVENT_ID,
    "metricsId": METRICS_ID,
}
TIME_SPENT_GOLDEN = {
    "@context": CONTEXT,
    "id": "urn:uuid:11111111-1111-4111-8111-111111111111",
    "type": "TimeSpentEvent",
    "action": "SpentTime",
    "profile": "TimebackProfile",
    "eventTime": "2025-07-28T15:15:20.000Z",
    "actor": {
        "id": "https://api.example.com/ims/oneroster/rostering/v1p2/users/u1",
        "type": "TimebackUser",
        "email": "u1@example.edu",
    },
    "object": {
        "id": "https://app.example.com/activities/lesson-1",
        "type": "TimebackActivityContext",
        "subject": "Reading",
        "app": {"name": "My App"},
    },
    "generated": {
        "id": "urn:uuid:22222222-2222-4222-8222-222222222222",
        "type": "TimebackTimeSpentMetricsCollection",
        "items": [
            {
                "type": "active",
                "value": 1800,
                "subType": "focus",
                "startDate": "2025-07-28T14:45:00.000Z",
                "endDate": "2025-07-28T15:15:00.000Z",
            },
            {"type": "waste", "value": 120.5, "subType": "eating"},
            {"type": "anti-pattern", "value": 8},
        ],
    },
}

# -- AssessmentItemEvent: Started / Skipped ---------------------------------------------

SEEN_TYPED = QuestionSeenInput(
    actor=USER_ID,
    object=QuestionObjectInput(id=QUESTION_ID, name="Question 1", is_part_of=QUIZ_ID, max_score=1),
    ed_app=APP_ID,
    session=SESSION_ID,
)
SEEN_SNAKE = {
    "actor": USER_ID,
    "object": {"id": QUESTION_ID, "name": "Question 1", "is_part_of": QUIZ_ID, "max_score": 1},
    "ed_app": APP_ID,
    "session": SESSION_ID,
}
SEEN_CAMEL = {
    "actor": USER_ID,
    "object": {"id": QUESTION_ID, "name": "Question 1", "isPartOf": QUIZ_ID, "maxScore": 1},
    "edApp": APP_ID,
    "session": SESSION_ID,
}


def _seen_golden(action: str) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "type": "AssessmentItemEvent",
        "action": action,
        "profile": "AssessmentProfile",
        "eventTime": "2025-07-28T15:15:20.123Z",
        "actor": "https://api.example.com/ims/oneroster/rostering/v1p2/users/u1",
        "object": {
            "@context": CONTEXT,
            "id": "https://app.example.com/questions/q1",
            "type": "AssessmentItem",
            "name": "Question 1",
            "isPartOf": "https://app.example.com/quizzes/z1",
            "maxScore": 1,
        },
        "edApp": "https://app.example.com",
        "session": "urn:uuid:5e55a0c1-0000-4000-8000-000000000000",
    }


SEEN_GOLDEN = _seen_golden("Started")
SKIPPED_GOLDEN = _seen_golden("Skipped")

# -- AssessmentItemEvent: Completed -------------------------------------------------------

ANSWERED_TYPED = QuestionAnsweredInput(
    actor=USER_ID,
    object=QuestionObjectInput(id=QUESTION_ID),
    ed_app=APP_ID,
    generated=ResponseGeneratedInput(
        attempt=ATTEMPT_ID,
        started_at_time=datetime(2025, 7, 28, 15, 14, 20),
        ended_at_time="2025-07-28T17:15:20.5+02:00",
        duration="PT60.5S",
        extensions={"answer": "B"},
    ),
    extensions={"lesson": "1"},
)
ANSWERED_SNAKE = {
    "actor": USER_ID,
    "object": {"id": QUESTION_ID},
    "ed_app": APP_ID,
    "generated": {
        "attempt": ATTEMPT_ID,
        "started_at_time": datetime(2025, 7, 28, 15, 14, 20),
        "ended_at_time": "2025-07-28T17:15:20.5+02:00",
        "duration": "PT60.5S",
        "extensions": {"answer": "B"},
    },
    "extensions": {"lesson": "1"},
}
ANSWERED_CAMEL = {
    "actor": USER_ID,
    "object": {"id": QUESTION_ID},
    "edApp": APP_ID,
    "generated": {
        "attempt": ATTEMPT_ID,
        "startedAtTime": "2025-07-28T15:14:20Z",
        "endedAtTime": "2025-07-28T17:15:20.5+02:00",
        "duration": "PT60.5S",
        "extensions": {"answer": "B"},
    },
    "extensions": {"lesson": "1"},
}
ANSWERED_GOLDEN = {
    "@context": CONTEXT,
    "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
    "type": "AssessmentItemEvent",
    "action": "Completed",
    "profile": "AssessmentProfile",
    "eventTime": "2025-07-28T15:15:20.123Z",
    "actor": "https://api.example.com/ims/oneroster/rostering/v1p2/users/u1",
    "object": {
        "@context": CONTEXT,
        "id": "https://app.example.com/questions/q1",
        "type": "AssessmentItem",
    },
    "generated": {
        "@context": CONTEXT,
        "id": "urn:uuid:00000000-0000-4000-8000-000000000002",
        "type": "Response",
        "attempt": "https://app.example.com/attempts/a1",
        "startedAtTime": "2025-07-28T15:14:20.000Z",
        "endedAtTime": "2025-07-28T15:15:20.500Z",
        "duration": "PT60.5S",
        "extensions": {"answer": "B"},
    },
    "edApp": "https://app.example.com",
    "extensions": {"lesson": "1"},
}

# -- GradeEvent ---------------------------------------------------------------------------

GRADED_TYPED = QuestionGradedInput(
    actor=USER_ID,
    object=ATTEMPT_ID,
    generated=ScoreGeneratedInput(score_given=0.5, max_score=1, comment="half right"),
    ed_app=APP_ID,
)
GRADED_SNAKE = {
    "actor": USER_ID,
    "object": ATTEMPT_ID,
    "generated": {"score_given": 0.5, "max_score": 1, "comment": "half right"},
    "ed_app": APP_ID,
}
GRADED_CAMEL = {
    "actor": USER_ID,
    "object": ATTEMPT_ID,
    "generated": {"scoreGiven": 0.5, "maxScore": 1, "comment": "half right"},
    "edApp": APP_ID,
}
GRADED_GOLDEN = {
    "@context": CONTEXT,
    "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
    "type": "GradeEvent",
    "action": "Graded",
    "profile": "GradingProfile",
    "eventTime": "2025-07-28T15:15:20.123Z",
    "actor": "https://api.example.com/ims/oneroster/rostering/v1p2/users/u1",
    "object": "https://app.example.com/attempts/a1",
    "generated": {
        "@context": CONTEXT,
        "id": "urn:uuid:00000000-0000-4000-8000-000000000002",
        "type": "Score",
        "attempt": "https://app.example.com/attempts/a1",
        "scoredBy": "https://api.example.com/ims/oneroster/rostering/v1p2/users/u1",
        "scoreGiven": 0.5,
        "maxScore": 1,
        "comment": "half right",
    },
    "edApp": "https://app.example.com",
}

CASES: list[tuple[str, Factory, object, object, object, dict[str, Any]]] = [
    (
        "activity",
        create_activity_event,
        ACTIVITY_TYPED,
        ACTIVITY_SNAKE,
        ACTIVITY_CAMEL,
        ACTIVITY_GOLDEN,
    ),
    (
        "time-spent",
        create_time_spent_event,
        TIME_SPENT_TYPED,
        TIME_SPENT_SNAKE,
        TIME_SPENT_CAMEL,
        TIME_SPENT_GOLDEN,
    ),
    ("question-seen", create_question_seen_event, SEEN_TYPED, SEEN_SNAKE, SEEN_CAMEL, SEEN_GOLDEN),
    (
        "question-skipped",
        create_question_skipped_event,
        SEEN_TYPED,
        SEEN_SNAKE,
        SEEN_CAMEL,
        SKIPPED_GOLDEN,
    ),
    (
        "question-answered",
        create_question_answered_event,
        ANSWERED_TYPED,
        ANSWERED_SNAKE,
        ANSWERED_CAMEL,
        ANSWERED_GOLDEN,
    ),
    (
        "question-graded",
        create_question_graded_event,
        GRADED_TYPED,
        GRADED_SNAKE,
        GRADED_CAMEL,
        GRADED_GOLDEN,
    ),
]
VARIANTS = [
    pytest.param(factory, given, golden, id=f"{name}-{form}")
    for name, factory, typed, snake, camel, golden in CASES
    for form, given in (("typed", typed), ("snake-dict", snake), ("camel-dict", camel))
]


@pytest.mark.parametrize(("factory", "given", "golden"), VARIANTS)
def test_factory_builds_the_golden_event(
    factory: Factory, given: object, golden: dict[str, Any]
) -> None:
    """Typed inputs and snake_case or camelCase dicts all give the same golden wire JSON."""
    event = factory(given, now=NOW, new_id=new_ids())

    assert golden == event


@pytest.mark.parametrize(("factory", "given", "golden"), VARIANTS)
def test_every_produced_event_passes_strict_validation(
    factory: Factory, given: object, golden: dict[str, Any]
) -> None:
    """What a factory builds passes the strict Caliper 1.2 and Timeback rules."""
    event = factory(given, now=NOW, new_id=new_ids())

    assert [] == validate_event(event, level="strict")


@pytest.mark.parametrize(("factory", "given", "golden"), VARIANTS)
def test_the_caller_input_is_not_changed(
    factory: Factory, given: object, golden: dict[str, Any]
) -> None:
    """Building an event leaves the caller's input as it was."""
    before = copy.deepcopy(given)

    factory(given, now=NOW, new_id=new_ids())

    assert before == given


@pytest.mark.parametrize(
    ("factory", "given", "golden"),
    [
        (create_activity_event, ACTIVITY_SNAKE, ACTIVITY_GOLDEN),
        (create_time_spent_event, TIME_SPENT_SNAKE, TIME_SPENT_GOLDEN),
    ],
)
def test_a_dict_actor_or_object_without_type_gets_the_timeback_type(
    factory: Factory, given: dict[str, Any], golden: dict[str, Any]
) -> None:
    """The typed classes fill in `type`; dicts that leave it out get the same."""
    untyped = {
        **given,
        "actor": {k: v for k, v in given["actor"].items() if k != "type"},
        "object": {k: v for k, v in given["object"].items() if k != "type"},
    }

    assert golden == factory(untyped, now=NOW, new_id=new_ids())
    assert "type" not in untyped["actor"]


def test_a_dict_actor_with_another_type_is_still_rejected() -> None:
    """Only a missing `type` is filled in: a wrong one is an input error."""
    given = {**ACTIVITY_SNAKE, "actor": {**_ACTIVITY_ACTOR, "type": "Person"}}

    with pytest.raises(InputValidationError) as caught:
        create_activity_event(given, now=NOW, new_id=new_ids())

    assert ["actor.type"] == [issue.path for issue in caught.value.issues]


def test_a_score_uses_its_own_attempt_and_scorer_when_given() -> None:
    """`attempt` and `scored_by` default to the object and actor, but explicit values win."""
    grader = {"id": "https://app.example.com/graders/auto", "type": "SoftwareApplication"}
    given = QuestionGradedInput(
        actor=USER_ID,
        object=ATTEMPT_ID,
        generated=ScoreGeneratedInput(
            score_given=3,
            id="urn:uuid:33333333-3333-4333-8333-333333333333",
            attempt="https://app.example.com/attempts/a2",
            scored_by=grader,
            extensions={"rubric": "r1"},
        ),
        id=EVENT_ID,
        event_time="2025-07-28T15:15:20Z",
    )

    event = create_question_graded_event(given, now=NOW, new_id=new_ids())

    assert {
        "@context": CONTEXT,
        "id": "urn:uuid:11111111-1111-4111-8111-111111111111",
        "type": "GradeEvent",
        "action": "Graded",
        "profile": "GradingProfile",
        "eventTime": "2025-07-28T15:15:20.000Z",
        "actor": "https://api.example.com/ims/oneroster/rostering/v1p2/users/u1",
        "object": "https://app.example.com/attempts/a1",
        "generated": {
            "@context": CONTEXT,
            "id": "urn:uuid:33333333-3333-4333-8333-333333333333",
            "type": "Score",
            "attempt": "https://app.example.com/attempts/a2",
            "scoredBy": {
                "id": "https://app.example.com/graders/auto",
                "type": "SoftwareApplication",
            },
            "scoreGiven": 3,
            "extensions": {"rubric": "r1"},
        },
    } == event


def test_a_question_object_can_be_an_entity_part_of_something() -> None:
    """isPartOf may be an entity object, written with camelCase keys."""
    given = {
        "actor": USER_ID,
        "object": {"id": QUESTION_ID, "isPartOf": {"id": QUIZ_ID, "type": "Assessment"}},
        "id": EVENT_ID,
    }

    event = create_question_seen_event(given, now=NOW)

    assert {
        "@context": CONTEXT,
        "id": "https://app.example.com/questions/q1",
        "type": "AssessmentItem",
        "isPartOf": {"id": "https://app.example.com/quizzes/z1", "type": "Assessment"},
    } == event["object"]


@pytest.mark.parametrize(
    ("event_time", "expected"),
    [
        (None, "2025-07-28T15:15:20.123Z"),
        (datetime(2025, 1, 2, 3, 4, 5, 6789), "2025-01-02T03:04:05.006Z"),
        (datetime(2025, 1, 2, 5, 4, 5, tzinfo=PLUS_TWO), "2025-01-02T03:04:05.000Z"),
        ("2025-01-02", "2025-01-02T00:00:00.000Z"),
        ("2025-01-02T03:04:05.999999Z", "2025-01-02T03:04:05.999Z"),
        ("2025-01-01T22:04:05-05:00", "2025-01-02T03:04:05.000Z"),
    ],
    ids=["default-now", "naive-is-utc", "offset", "date-only", "micros-cut", "negative-offset"],
)
def test_event_time_is_utc_with_milliseconds(event_time: object, expected: str) -> None:
    """eventTime is always `YYYY-MM-DDTHH:MM:SS.mmmZ`; naive datetimes mean UTC."""
    given = {"actor": USER_ID, "object": {"id": QUESTION_ID}, "event_time": event_time}

    event = create_question_seen_event(given, now=NOW, new_id=new_ids())

    assert expected == event["eventTime"]


def test_defaults_are_random_urn_uuids_and_the_current_time() -> None:
    """Without `now` and `new_id`, ids are urn:uuid v4 and eventTime is in wire form."""
    given = {"actor": USER_ID, "object": ATTEMPT_ID, "generated": {"score_given": 1}}

    event = create_question_graded_event(given)

    uuid4 = r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
    wire_time = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
    assert (True, True, True, False) == (
        re.fullmatch(uuid4, event["id"]) is not None,
        re.fullmatch(uuid4, event["generated"]["id"]) is not None,
        re.fullmatch(wire_time, event["eventTime"]) is not None,
        event["id"] == event["generated"]["id"],
    )


def _paths(factory: Factory, given: object, validation: str = "basic") -> list[str]:
    with pytest.raises(InputValidationError) as caught:
        factory(given, now=NOW, new_id=new_ids(), validation=validation)
    return [issue.path for issue in caught.value.issues]


def _activity(**changes: Any) -> dict[str, Any]:
    return {**ACTIVITY_SNAKE, **changes}


def _time_spent(**changes: Any) -> dict[str, Any]:
    return {**TIME_SPENT_SNAKE, **changes}


@pytest.mark.parametrize(
    ("factory", "given", "expected_paths"),
    [
        pytest.param(
            create_activity_event,
            _activity(metrics=[]),
            ["generated.items"],
            id="no-metrics",
        ),
        pytest.param(
            create_activity_event,
            _activity(id="abc"),
            ["id"],
            id="id-not-urn-uuid",
        ),
        pytest.param(
            create_activity_event,
            _activity(foo=1),
            ["input.foo"],
            id="unknown-key",
        ),
        pytest.param(
            create_activity_event,
            {k: v for k, v in ACTIVITY_SNAKE.items() if k != "metrics"},
            ["input.metrics"],
            id="missing-metrics",
        ),
        pytest.param(
            create_activity_event,
            {"object": _ACTIVITY_OBJECT, "bar": 2},
            ["input.bar", "input.actor", "input.metrics"],
            id="unknown-and-missing-together",
        ),
        pytest.param(
            create_activity_event,
            ["not", "a", "mapping"],
            ["input"],
            id="not-a-mapping",
        ),
        pytest.param(
            create_time_spent_event,
            _time_spent(metrics=[{"type": "active", "value": 5, "start_date": "soon"}]),
            ["generated.items[0].startDate"],
            id="bad-start-date",
        ),
        pytest.param(
            create_question_seen_event,
            {"actor": USER_ID, "object": {"name": "no id"}},
            ["input.object.id"],
            id="question-without-id",
        ),
        pytest.param(
            create_question_seen_event,
            {"actor": USER_ID, "object": {"id": QUESTION_ID, "foo": 1}},
            ["input.object.foo"],
            id="question-unknown-key",
        ),
        pytest.param(
            create_question_answered_event,
            {
                "actor": USER_ID,
                "object": {"id": QUESTION_ID},
                "generated": {"started_at_time": "nope"},
            },
            ["generated.startedAtTime"],
            id="bad-response-time",
        ),
        pytest.param(
            create_question_answered_event,
            {"actor": USER_ID, "object": {"id": QUESTION_ID}, "generated": {"answer": "B"}},
            ["input.generated.answer"],
            id="response-unknown-key",
        ),
        pytest.param(
            create_question_graded_event,
            {"actor": USER_ID, "object": ATTEMPT_ID, "generated": {"max_score": 1}},
            ["input.generated.score_given"],
            id="score-without-score-given",
        ),
        pytest.param(
            create_question_graded_event,
            {"actor": USER_ID, "object": ATTEMPT_ID, "generated": {"score_given": "full"}},
            ["generated.scoreGiven"],
            id="score-not-a-number",
        ),
        pytest.param(
            create_activity_event,
            _activity(
                metrics=[{"type": "xpEarned", "value": 1}, {"type": "xpEarned", "value": "x"}]
            ),
            ["generated.items[1].value"],
            id="second-metric-bad-value",
        ),
    ],
)
@pytest.mark.parametrize("validation", ["basic", "strict"])
def test_invalid_input_names_the_paths(
    factory: Factory, given: object, expected_paths: list[str], validation: str
) -> None:
    """Invalid input raises InputValidationError whose issues name each problem's path, at
    every level that checks."""
    assert expected_paths == _paths(factory, given, validation)


@pytest.mark.parametrize(
    ("factory", "given", "expected_paths"),
    [
        pytest.param(
            create_activity_event,
            _activity(metrics=[{"type": "xpGained", "value": 1}]),
            ["generated.items[0].type"],
            id="unknown-activity-metric-type",
        ),
        pytest.param(
            create_activity_event,
            _activity(metrics=[{"type": "xpEarned", "value": 1}, {"type": "nope", "value": 2}]),
            ["generated.items[1].type"],
            id="second-metric-unknown-type",
        ),
        pytest.param(
            create_activity_event,
            _activity(actor=TimebackUser(id=USER_ID, email="not-an-email")),
            ["actor.email"],
            id="bad-email",
        ),
        pytest.param(
            create_activity_event,
            _activity(actor=TimebackUser(id=USER_ID, email=EMAIL, role="parent")),
            ["actor.role"],
            id="bad-role",
        ),
        pytest.param(
            create_activity_event,
            _activity(object={**_ACTIVITY_OBJECT, "subject": "Astronomy"}),
            ["object.subject"],
            id="unknown-subject",
        ),
        pytest.param(
            create_activity_event,
            _activity(attempt=0),
            ["generated.attempt"],
            id="attempt-zero",
        ),
        pytest.param(
            create_time_spent_event,
            _time_spent(metrics=[{"type": "sleeping", "value": -5}]),
            ["generated.items[0].type", "generated.items[0].value"],
            id="bad-time-spent-type-and-negative-value",
        ),
        pytest.param(
            create_time_spent_event,
            _time_spent(
                metrics=[
                    {
                        "type": "active",
                        "value": 5,
                        "startDate": "2025-07-28T15:00:00Z",
                        "endDate": "2025-07-28T14:00:00Z",
                    }
                ]
            ),
            ["generated.items[0].endDate"],
            id="end-before-start",
        ),
        pytest.param(
            create_question_seen_event,
            {"actor": "not an iri", "object": {"id": QUESTION_ID}},
            ["actor"],
            id="actor-not-an-iri",
        ),
    ],
)
def test_what_only_strict_refuses_is_a_warning_at_basic(
    factory: Factory, given: object, expected_paths: list[str]
) -> None:
    """Unknown vocabulary, malformed emails and IRIs, out-of-range numbers: refused with their
    paths at "strict"; at "basic" the event is built, and its warnings name the same paths."""
    built = factory(given, now=NOW, new_id=new_ids())

    assert expected_paths == _paths(factory, given, "strict")
    assert expected_paths == [i.path for i in validate_event(built) if i.severity == "warning"]


def test_a_bad_event_time_is_reported_once() -> None:
    """An unparsable event_time is one issue, at the event's `eventTime`."""
    assert ["eventTime"] == _paths(create_activity_event, _activity(event_time="yesterday"))


def test_all_problems_are_reported_together() -> None:
    """Several problems in one input are all named in one error."""
    given = _activity(
        actor=TimebackUser(id=USER_ID, email="nope"),
        metrics=[{"type": "xpGained", "value": 1}],
        attempt=0,
    )

    assert ["actor.email", "generated.items[0].type", "generated.attempt"] == _paths(
        create_activity_event, given, "strict"
    )


def test_the_error_message_names_the_event_type() -> None:
    """The error's message says which kind of event was being built."""
    with pytest.raises(InputValidationError) as caught:
        create_time_spent_event(_time_spent(metrics=[{"type": "active", "value": "1"}]), now=NOW)

    assert "Invalid TimeSpentEvent" == caught.value.message
