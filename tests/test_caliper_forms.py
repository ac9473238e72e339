"""Valid Caliper 1.2, written from the specification (not from this library's code), passes
validation at every level: each profile's certification events, the type hierarchy, types
that have no id, repeated descriptions, and the id and context forms the spec allows."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_caliper.validation import validate_envelope

CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
T = "2019-11-15T10:15:00.000Z"
STUDENT = {"id": "https://example.edu/users/554433", "type": "Person"}
APP = {"id": "https://example.edu", "type": "SoftwareApplication", "version": "v2"}
COURSE = {"id": "https://example.edu/terms/201901/courses/7/sections/1", "type": "CourseSection"}
SESSION = {
    "id": "https://example.edu/sessions/1f6442a482de72ea6ad134943812bff564a76259",
    "type": "Session",
}
ASSESSMENT = {
    "id": "https://example.edu/terms/201901/courses/7/sections/1/assess/1",
    "type": "Assessment",
    "name": "Quiz One",
    "maxAttempts": 2,
    "maxScore": 15.0,
}
ITEM = {
    "id": "https://example.edu/terms/201901/courses/7/sections/1/assess/1/items/3",
    "type": "AssessmentItem",
    "name": "Assessment Item 3",
    "isPartOf": ASSESSMENT["id"],
    "isTimeDependent": False,
    "maxScore": 1.0,
    "maxSubmissions": 2,
}
ATTEMPT = {
    "id": "https://example.edu/terms/201901/courses/7/sections/1/assess/1/items/3/users/554433/attempts/1",
    "type": "Attempt",
    "assignee": STUDENT["id"],
    "assignable": ITEM["id"],
    "count": 1,
    "dateCreated": T,
    "startedAtTime": T,
}


def _event(kind: str, action: str, profile: str, obj: Any, n: int, **more: Any) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc{n:03d}",
        "type": kind,
        "profile": profile,
        "actor": STUDENT,
        "action": action,
        "object": obj,
        "eventTime": T,
        "edApp": APP["id"],
        "group": COURSE,
        "session": SESSION["id"],
        **more,
    }


FORMS: dict[str, dict[str, Any]] = {
    # One certification event per profile (the cert guide's minimum), and its neighbours.
    "annotation-bookmarked": _event(
        "AnnotationEvent",
        "Bookmarked",
        "AnnotationProfile",
        {
            "id": "https://example.com/#/texts/imscaliperimplguide/cfi/6/10!/4/2/2/2@0:0",
            "type": "Page",
        },
        1,
        generated={
            "id": "https://example.com/users/554433/texts/imscaliperimplguide/bookmarks/1",
            "type": "BookmarkAnnotation",
            "annotator": STUDENT["id"],
            "annotated": "https://example.com/#/texts/imscaliperimplguide/cfi/6/10!/4/2/2/2@0:0",
            "bookmarkNotes": "Caliper profiles model discrete learning activities or supporting"
            " activities that facilitate learning.",
        },
    ),
    "annotation-highlighted-with-a-text-position-selector": _event(
        "AnnotationEvent",
        "Highlighted",
        "AnnotationProfile",
        {
            "id": "https://example.com/#/texts/imscaliperimplguide/cfi/6/10!/4/2/2/2@0:0",
            "type": "Page",
        },
        2,
        generated={
            "id": "https://example.com/users/554433/texts/imscaliperimplguide/highlights/1",
            "type": "HighlightAnnotation",
            "annotator": STUDENT["id"],
            "annotated": "https://example.com/#/texts/imscaliperimplguide/cfi/6/10!/4/2/2/2@0:0",
            "selection": {"type": "TextPositionSelector", "start": 2300, "end": 2370},
            "selectionText": "ISO 8601 formatted date and time with millisecond precision.",
        },
    ),
    "assessment-submitted": _event(
        "AssessmentEvent",
        "Submitted",
        "AssessmentProfile",
        ASSESSMENT,
        3,
        generated={**ATTEMPT, "assignable": ASSESSMENT["id"], "endedAtTime": T},
    ),
    "assessment-item-started-generates-an-attempt": _event(
        "AssessmentItemEvent", "Started", "AssessmentProfile", ITEM, 4, generated=ATTEMPT
    ),
    "assessment-item-completed-with-a-fill-in-blank-response": _event(
        "AssessmentItemEvent",
        "Completed",
        "AssessmentProfile",
        ITEM,
        5,
        generated={
            "id": f"{ATTEMPT['id']}/response",
            "type": "FillinBlankResponse",
            "attempt": ATTEMPT,
            "dateCreated": T,
            "startedAtTime": T,
            "endedAtTime": T,
            "values": ["subject", "object", "predicate"],
        },
    ),
    "assessment-item-completed-with-a-multiple-choice-response": _event(
        "AssessmentItemEvent",
        "Completed",
        "AssessmentProfile",
        ITEM,
        6,
        generated={
            "id": f"{ATTEMPT['id']}/response",
            "type": "MultipleChoiceResponse",
            "attempt": ATTEMPT["id"],
            "value": "C",
        },
    ),
    "assessment-item-skipped": _event(
        "AssessmentItemEvent", "Skipped", "AssessmentProfile", ITEM, 7, generated=ATTEMPT
    ),
    "assignable-submitted": _event(
        "AssignableEvent",
        "Submitted",
        "AssignableProfile",
        {
            "id": "https://example.edu/terms/201901/courses/7/sections/1/assign/2",
            "type": "AssignableDigitalResource",
            "name": "Week 9 Reflection",
            "dateToSubmit": "2019-11-28T11:59:59.000Z",
        },
        8,
        generated={
            **ATTEMPT,
            "assignable": "https://example.edu/terms/201901/courses/7/sections/1/assign/2",
        },
    ),
    "forum-message-posted": _event(
        "MessageEvent",
        "Posted",
        "ForumProfile",
        {
            "id": "https://example.edu/terms/201901/courses/7/sections/1/forums/2/topics/1/messages/2",
            "type": "Message",
            "creators": [STUDENT["id"]],
            "body": "I like the details in Caliper 1.2.",
            "isPartOf": {
                "id": "https://example.edu/terms/201901/courses/7/sections/1/forums/2/topics/1",
                "type": "Thread",
                "isPartOf": {
                    "id": "https://example.edu/terms/201901/courses/7/sections/1/forums/2",
                    "type": "Forum",
                },
            },
        },
        9,
    ),
    "grade-graded-by-a-software-application": {
        **_event("GradeEvent", "Graded", "GradingProfile", ATTEMPT, 10),
        "actor": {"id": "https://example.edu/autograder", "type": "SoftwareApplication"},
        "generated": {
            "id": f"{ATTEMPT['id']}/scores/1",
            "type": "Score",
            "attempt": ATTEMPT["id"],
            "maxScore": 15.0,
            "scoreGiven": 10.0,
            "scoredBy": "https://example.edu/autograder",
            "comment": "auto-graded exam",
            "dateCreated": T,
        },
    },
    "media-started-with-a-target-location": _event(
        "MediaEvent",
        "Started",
        "MediaProfile",
        {"id": "https://example.edu/videos/1225", "type": "VideoObject", "duration": "PT1H12M27S"},
        11,
        target={
            "id": "https://example.edu/videos/1225#t=0",
            "type": "MediaLocation",
            "currentTime": "PT0S",
        },
    ),
    "media-ended": _event(
        "MediaEvent",
        "Ended",
        "MediaProfile",
        {"id": "https://example.edu/videos/1225", "type": "VideoObject"},
        12,
    ),
    "reading-navigated-to-with-a-referrer": _event(
        "NavigationEvent",
        "NavigatedTo",
        "ReadingProfile",
        {"id": "https://example.edu/terms/201901/courses/7/sections/1/pages/2", "type": "WebPage"},
        13,
        referrer={
            "id": "https://example.edu/terms/201901/courses/7/sections/1/pages/1",
            "type": "WebPage",
        },
    ),
    "reading-viewed": _event(
        "ViewEvent",
        "Viewed",
        "ReadingProfile",
        {
            "id": "https://example.edu/etexts/201.epub",
            "type": "Document",
            "name": "IMS Caliper Implementation Guide",
        },
        14,
    ),
    "resource-created": _event(
        "ResourceManagementEvent",
        "Created",
        "ResourceManagementProfile",
        {
            "id": "https://example.edu/terms/201901/courses/7/sections/1/resources/1/syllabus.pdf",
            "type": "Document",
        },
        15,
    ),
    "search-searched-generates-a-search-response": _event(
        "SearchEvent",
        "Searched",
        "SearchProfile",
        {"id": "https://example.edu/catalog", "type": "SoftwareApplication"},
        16,
        generated={
            "id": "https://example.edu/users/554433/response?query=IMS%20AND%20%28Caliper%20OR%20Analytics%29",
            "type": "SearchResponse",
            "searchProvider": "https://example.edu",
            "searchTarget": "https://example.edu/catalog",
            "query": {
                "id": "https://example.edu/users/554433/search?query=IMS%20AND%20%28Caliper%20OR%20Analytics%29",
                "type": "Query",
                "creator": STUDENT["id"],
                "searchTarget": "https://example.edu/catalog",
                "searchTerms": "IMS AND (Caliper OR Analytics)",
                "dateCreated": T,
            },
            "searchResultsItemCount": 3,
        },
    ),
    "session-logged-in": _event(
        "SessionEvent", "LoggedIn", "SessionProfile", APP, 17, generated=SESSION
    ),
    "session-timed-out-by-the-application": {
        **_event("SessionEvent", "TimedOut", "SessionProfile", SESSION, 18),
        "actor": APP,
    },
    "survey-questionnaire-submitted": _event(
        "QuestionnaireEvent",
        "Submitted",
        "SurveyProfile",
        {
            "id": "https://example.edu/surveys/100/questionnaires/30",
            "type": "Questionnaire",
            "items": ["https://example.edu/surveys/100/questionnaires/30/items/1"],
        },
        19,
    ),
    "tool-launch-launched-with-a-federated-session": _event(
        "ToolLaunchEvent",
        "Launched",
        "ToolLaunchProfile",
        {"id": "https://example.com/lti/tool", "type": "SoftwareApplication"},
        20,
        target={"id": "https://example.com/lti/tool/launch", "type": "LtiLink"},
        federatedSession={
            "id": "urn:uuid:1c519ca7-73dc-4b46-8b58-2a5f3a5c1a37",
            "type": "LtiSession",
            "user": STUDENT["id"],
            "messageParameters": {"iss": "https://example.edu", "sub": "554433"},
        },
    ),
    "tool-use-used-generates-aggregate-measures": _event(
        "ToolUseEvent",
        "Used",
        "ToolUseProfile",
        APP,
        21,
        generated={
            "id": "urn:uuid:7e10e4f3-a0d8-4430-95bd-783ffae4d916",
            "type": "AggregateMeasureCollection",
            "items": [
                {
                    "id": "urn:uuid:21c3f9f2-a9ef-4f65-bf9a-0699ed85e2c7",
                    "type": "AggregateMeasure",
                    "metric": "MinutesOnTask",
                    "name": "Minutes On Task",
                    "metricValue": 873.0,
                    "startedAtTime": T,
                    "endedAtTime": T,
                }
            ],
        },
    ),
    "general-event-with-any-action": _event(
        "Event", "Archived", "GeneralProfile", {"id": "https://example.edu/x", "type": "Entity"}, 22
    ),
    # Forms of ids, references and contexts.
    "context-as-a-list-ending-with-caliper": {
        **_event(
            "ViewEvent",
            "Viewed",
            "ReadingProfile",
            {"id": "https://example.edu/d/1", "type": "Document"},
            23,
        ),
        "@context": [{"ex": "https://example.edu/terms/"}, CONTEXT],
    },
    "blank-node-and-urn-entity-ids": _event(
        "ViewEvent",
        "Viewed",
        "ReadingProfile",
        {"id": "urn:isbn:978-0-596-52068-7", "type": "Document"},
        24,
        actor={"id": "_:b0", "type": "Person"},
    ),
    "a-membership-and-other-identifiers": _event(
        "NavigationEvent",
        "NavigatedTo",
        "GeneralProfile",
        {
            "id": "https://example.edu/terms/201901/courses/7/sections/1/pages/1",
            "type": "WebPage",
            "otherIdentifiers": [
                {
                    "type": "SystemIdentifier",
                    "identifierType": "LisSourcedId",
                    "identifier": "example.edu:SI182-F18",
                    "source": "https://example.edu",
                }
            ],
        },
        25,
        membership={
            "id": "https://example.edu/terms/201901/courses/7/sections/1/rosters/1",
            "type": "Membership",
            "member": STUDENT["id"],
            "organization": COURSE["id"],
            "roles": ["Learner"],
            "status": "Active",
        },
    ),
    "a-version-1-uuid-in-upper-case": {
        **_event(
            "ViewEvent",
            "Viewed",
            "ReadingProfile",
            {"id": "https://example.edu/d/2", "type": "Document"},
            26,
        ),
        "id": "urn:uuid:A1B2C3D4-E5F6-11EA-8D71-362B9E155667",
    },
    "an-offset-and-no-fraction-in-the-event-time": {
        **_event(
            "ViewEvent",
            "Viewed",
            "ReadingProfile",
            {"id": "https://example.edu/d/3", "type": "Document"},
            27,
        ),
        "eventTime": "2019-11-15T12:15:00+02:00",
    },
}


@pytest.mark.parametrize("level", ["basic", "strict"])
@pytest.mark.parametrize("name", sorted(FORMS))
def test_valid_caliper_passes_at_every_level(name: str, level: str) -> None:
    """Each form the Caliper 1.2 specification allows gives no issue at all."""
    envelope = {"sensor": "https://example.edu/sensors/1", "sendTime": T, "dataVersion": CONTEXT}

    issues = validate_envelope({**envelope, "data": [FORMS[name]]}, level=level)  # type: ignore[arg-type]

    assert [] == issues


def test_an_envelope_may_describe_one_entity_several_times() -> None:
    """Repeated descriptions of one entity (and entities next to events) are not duplicates:
    only two events with one id are."""
    membership = {
        "@context": CONTEXT,
        "id": "https://example.edu/terms/201901/courses/7/sections/1/rosters/1",
        "type": "Membership",
        "member": STUDENT["id"],
        "organization": COURSE["id"],
        "roles": ["Learner"],
    }
    person = {"@context": CONTEXT, **STUDENT, "name": "Ada"}
    envelope = {
        "sensor": "https://example.edu/sensors/1",
        "sendTime": T,
        "dataVersion": CONTEXT,
        "data": [person, membership, {**membership, "status": "Active"}, FORMS["reading-viewed"]],
    }

    assert ([], []) == (
        validate_envelope(envelope),
        validate_envelope(envelope, level="strict"),
    )


def test_an_envelope_may_describe_an_entity_that_has_no_id() -> None:
    """A described value whose Caliper type has no id (a SystemIdentifier) passes."""
    envelope = {
        "sensor": "https://example.edu/sensors/1",
        "sendTime": T,
        "dataVersion": CONTEXT,
        "data": [
            {
                "@context": CONTEXT,
                "type": "SystemIdentifier",
                "identifierType": "LisSourcedId",
                "identifier": "example.edu:SI182-F18",
            }
        ],
    }

    assert [] == validate_envelope(envelope, level="strict")
