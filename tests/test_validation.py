"""timeback_caliper.validation: the rules shared by the client and the sandbox, per level."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests import payloads
from tests.spec_tools import load_spec
from timeback_caliper._core import vocabulary
from timeback_caliper.validation import (
    Issue,
    errors_of,
    validate_envelope,
    validate_event,
    warnings_of,
)


def _paths(issues: list[Issue]) -> list[str]:
    return [i.path for i in issues]


@pytest.mark.parametrize(
    "event",
    [
        payloads.activity_event(),
        payloads.time_spent_event(),
        {**payloads.navigation_event(), "@context": payloads.CONTEXT},
    ],
    ids=["activity", "time-spent", "generic"],
)
@pytest.mark.parametrize("level", ["basic", "strict"])
def test_valid_events_have_no_issues(event: dict[str, Any], level: str) -> None:
    """The hand-written Timeback and generic events pass at every level."""
    assert [] == validate_envelope(payloads.envelope(event), level=level)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name",
    ["ActivityCompletedEvent", "TimeSpentEvent", "AssessmentItemEvent", "GradeEvent", "Event"],
)
def test_spec_examples_pass(name: str) -> None:
    """Every event example of the spec is valid under the shared rules, strict included."""
    for example in load_spec()["components"]["schemas"][name]["examples"]:
        assert [] == validate_event(example, level="strict")


def test_off_checks_nothing() -> None:
    """validation="off" leaves every payload to the caller (and the API)."""
    assert ([], []) == (
        validate_envelope({"anything": 1}, level="off"),
        validate_event(42, level="off"),
    )


def test_envelope_rules() -> None:
    """Missing fields, a bad sendTime and an empty data list are errors; a custom property
    is a warning at "basic" (Caliper forbids it; whether the API does is not known)."""
    issues = validate_envelope({"sendTime": "yesterday", "data": [], "extra": 1})

    assert ["sensor", "sendTime", "dataVersion", "data"] == _paths(errors_of(issues))
    assert [("extra", "unknown-property")] == [(i.path, i.code) for i in warnings_of(issues)]
    assert "extra" in _paths(errors_of(validate_envelope({"extra": 1}, level="strict")))


# Broken at every level: what the API certainly requires (the envelope, required
# properties, JSON types, the urn:uuid prefix of event ids, RFC 3339 times).
ERRORS = [
    (lambda e: e.update(id="abc"), "data[0].id", "urn-uuid"),
    (lambda e: e.update(id=7), "data[0].id", "urn-uuid"),
    (lambda e: e.update(type=""), "data[0].type", "type"),
    (lambda e: e.update(action=3), "data[0].action", "type"),
    (lambda e: e.pop("actor"), "data[0].actor", "required"),
    (lambda e: e.update(object=12), "data[0].object", "type"),
    (lambda e: e.update(eventTime="2025-07-28 15:15"), "data[0].eventTime", "date-time"),
    (lambda e: e.update(eventTime="2025-13-28T15:15:00Z"), "data[0].eventTime", "date-time"),
    (lambda e: e.update(profile=3), "data[0].profile", "type"),
    (lambda e: e.update({"@context": 5}), "data[0].@context", "type"),
    (lambda e: e["actor"].update(email=5), "data[0].actor.email", "type"),
    (lambda e: e["actor"].update(type="Person"), "data[0].actor.type", "type"),
    (lambda e: e["object"].pop("subject"), "data[0].object.subject", "required"),
    (lambda e: e["object"].pop("app"), "data[0].object.app", "required"),
    (lambda e: e["object"].update(process="yes"), "data[0].object.process", "type"),
    (
        lambda e: e["generated"]["items"][1].update(value="8"),
        "data[0].generated.items[1].value",
        "type",
    ),
    (lambda e: e["generated"].update(attempt="2"), "data[0].generated.attempt", "type"),
    (lambda e: e["generated"].update(items=[]), "data[0].generated.items", "min-items"),
    (lambda e: e.pop("generated"), "data[0].generated", "required"),
    (lambda e: e.update(extensions=[]), "data[0].extensions", "type"),
    (lambda e: e.update(edApp={"id": "https://x.example"}), "data[0].edApp.type", "required"),
]

# Only our picture of the API closes these: a warning at "basic", an error at "strict".
SOFT = [
    (lambda e: e.update(id="urn:uuid:not-a-uuid"), "data[0].id", "uuid"),
    (lambda e: e.update(type="ActivityThing"), "data[0].type", "event-type"),
    (lambda e: e.update(action="Started"), "data[0].action", "action"),
    (lambda e: e.update(profile="GeneralProfile"), "data[0].profile", "profile"),
    (lambda e: e.pop("profile"), "data[0].profile", "required"),
    (lambda e: e.update({"@context": "http://example.com"}), "data[0].@context", "context"),
    (lambda e: e["actor"].update(email="nope"), "data[0].actor.email", "email"),
    (lambda e: e["actor"].update(role="parent"), "data[0].actor.role", "enum"),
    (lambda e: e["object"].update(subject="Astronomy"), "data[0].object.subject", "enum"),
    (
        lambda e: e["generated"]["items"][0].update(type="points"),
        "data[0].generated.items[0].type",
        "enum",
    ),
    (lambda e: e["generated"].update(attempt=0), "data[0].generated.attempt", "minimum"),
    (lambda e: e.update(edApp="not an iri"), "data[0].edApp", "iri"),
    (lambda e: e.update(score=3), "data[0].score", "unknown-property"),
]


@pytest.mark.parametrize(("mutate", "path", "code"), ERRORS)
@pytest.mark.parametrize("level", ["basic", "strict"])
def test_each_error_names_its_path(mutate: Any, path: str, code: str, level: str) -> None:
    """One broken rule gives exactly one error, at the JSON path of the offending value,
    at every level that checks."""
    event = copy.deepcopy(payloads.activity_event())
    mutate(event)

    issues = validate_envelope(payloads.envelope(event), level=level)  # type: ignore[arg-type]

    assert [(path, code, "error")] == [(i.path, i.code, i.severity) for i in issues]


@pytest.mark.parametrize(("mutate", "path", "code"), SOFT)
def test_each_soft_rule_warns_at_basic_and_refuses_at_strict(
    mutate: Any, path: str, code: str
) -> None:
    """One broken vocabulary or form rule: a warning at "basic", an error at "strict",
    both at the offending value's JSON path."""
    event = copy.deepcopy(payloads.activity_event())
    mutate(event)

    basic = validate_envelope(payloads.envelope(event))
    strict = validate_envelope(payloads.envelope(event), level="strict")

    assert [(path, code, "warning")] == [(i.path, i.code, i.severity) for i in basic]
    assert [(path, code, "error")] == [(i.path, i.code, i.severity) for i in strict]


def test_time_spent_rules() -> None:
    """Negative seconds, snake_case keys (the vendor client's bug) and reversed dates."""
    event = payloads.time_spent_event()
    item = event["generated"]["items"][1]
    item["value"] = -1
    item["sub_type"] = item.pop("subType")
    item["endDate"] = "2025-07-28T14:00:00.000Z"

    issues = validate_event(event, level="strict")

    assert [
        "generated.items[1].value",
        "generated.items[1].sub_type",
        "generated.items[1].endDate",
    ] == _paths(issues)
    assert "did you mean subType?" in issues[1].message
    assert 3 == len(warnings_of(validate_event(event)))


def test_every_problem_is_reported() -> None:
    """Issues accumulate over events; nothing stops at the first."""
    bad = [{**payloads.activity_event(), "id": f"x{i}"} for i in range(3)]

    issues = validate_envelope(payloads.envelope(*bad))

    assert ["data[0].id", "data[1].id", "data[2].id"] == _paths(issues)


def test_strict_mode_wants_context_and_no_custom_properties() -> None:
    """The vendor docs' generic event passes at "basic" (a warning for its custom property)
    but not strictly."""
    event = {**payloads.navigation_event(), "score": 3}

    assert [("score", "warning")] == [(i.path, i.severity) for i in validate_event(event)]
    assert ["@context", "score"] == _paths(validate_event(event, level="strict"))


def test_generic_event_may_use_any_caliper_action() -> None:
    """A generic Event takes any of the 80 actions; another is a warning, strict refuses."""
    event = {
        **payloads.navigation_event(),
        "@context": payloads.CONTEXT,
        "type": "Event",
        "action": "Bookmarked",
    }

    assert [] == validate_event(event, level="strict")
    assert ["action"] == _paths(validate_event({**event, "action": "Yodeled"}, level="strict"))
    assert [] == errors_of(validate_event({**event, "action": "Yodeled"}))


def test_tool_launch_needs_a_federated_session() -> None:
    """Caliper 1.2: a Launched ToolLaunchEvent carries federatedSession."""
    event = {
        **payloads.navigation_event(),
        "@context": payloads.CONTEXT,
        "type": "ToolLaunchEvent",
        "action": "Launched",
        "profile": "ToolLaunchProfile",
    }

    assert ["federatedSession"] == _paths(validate_event(event, level="strict"))
    assert ["federatedSession"] == _paths(warnings_of(validate_event(event)))


def test_entities_are_checked_too() -> None:
    """An entity in data needs a type (an error) and an IRI id (a warning at "basic")."""
    issues = validate_envelope(payloads.envelope({"id": "nope", "name": "x"}))

    assert ["data[0].type"] == _paths(errors_of(issues))
    assert ["data[0].id"] == _paths(warnings_of(issues))


def test_non_objects_are_refused_with_a_message() -> None:
    """Garbage in, one clear issue out."""
    assert [("", "type")] == [(i.path, i.code) for i in validate_envelope([1, 2])]
    assert [("data[0]", "type")] == [
        (i.path, i.code)
        for i in validate_envelope(payloads.envelope("x"))  # type: ignore[arg-type]
    ]


def test_learnwith_ai_rules_check_the_rewritten_shape() -> None:
    """On LEARNWITH_AI the rewritten ActivityEvent (AggregationProfile, metricType) passes."""
    event = {
        "@context": payloads.CONTEXT,
        "id": payloads.urn(),
        "type": "ActivityEvent",
        "action": "Completed",
        "profile": "AggregationProfile",
        "eventTime": "2025-07-28T15:15:20.000Z",
        "actor": {"id": "https://example.edu/users/1", "type": "Person"},
        "object": {"id": "https://example.edu/a/1", "type": "AssignableDigitalResource"},
        "generated": {
            "id": payloads.urn(),
            "type": "ActivityMetricsCollection",
            "items": [
                {
                    "id": payloads.urn(),
                    "type": "ActivityMetric",
                    "metricType": "XpEarned",
                    "metricValue": 5,
                }
            ],
        },
    }

    assert [] == validate_event(event, platform="LEARNWITH_AI", level="strict")
    assert {"profile", "actor.type", "object.type", "generated.type"} <= set(
        _paths(validate_event(event, level="strict"))
    )


def test_issue_wire_form_and_text() -> None:
    """Issues serialise as {path, message} and print as path: message."""
    issue = Issue("data[0].id", "must be a urn:uuid", code="urn-uuid")

    assert {"path": "data[0].id", "message": "must be a urn:uuid"} == issue.to_dict()
    assert "data[0].id: must be a urn:uuid" == str(issue)
    assert (True, False) == (issue.is_error, Issue("", "x", severity="warning").is_error)


@pytest.mark.parametrize(
    ("schema", "values"),
    [
        ("Subject", vocabulary.SUBJECTS),
        ("TimebackRole", vocabulary.ROLES),
        ("ActivityMetricType", vocabulary.ACTIVITY_METRIC_TYPES),
        ("TimeSpentMetricType", vocabulary.TIME_SPENT_METRIC_TYPES),
        ("Profile", vocabulary.PROFILES),
    ],
)
def test_vocabularies_match_the_spec(schema: str, values: frozenset[str]) -> None:
    """The vocabularies the validation knows are the ones the spec documents."""
    assert set(load_spec()["components"]["schemas"][schema]["enum"]) == set(values)
