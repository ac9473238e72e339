"""Caliper 1.2 and Timeback profile validation: one implementation, two users.

The client runs it before any I/O and the sandbox runs it on every request, so a payload
the client lets through is one the sandbox accepts, and the sandbox's 400 names the same
problems the client would have. Pure: no I/O, no clock.

Every problem is an `Issue` with the JSON path of the offending value
(`data[3].generated.items[0].type`) and the rule it breaks; all problems are reported,
not just the first.

Two levels:

- default: the rules of IMS Caliper 1.2 and the Timeback profile, tolerant where the
  vendor's own examples are (an event may omit `@context`);
- `strict=True`: also `@context` on every event and entity, and no top-level event property
  that Caliper 1.2 does not define (custom data belongs in `extensions`).

Decided beyond the schemas (also in openapi/caliper.yaml): two events with the same `id` in
one envelope are an error; snake_case `sub_type`/`start_date`/`end_date` in a time-spent
metric are an error (the server reads only camelCase and would drop them silently);
the subject `Other` is not accepted (no server document lists it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeGuard

from attrs import field, frozen

from timeback_caliper._core.timestamps import parse_rfc3339
from timeback_caliper._core.vocabulary import (
    ACTIONS,
    ACTIVITY_METRIC_TYPES,
    CALIPER_CONTEXT,
    DATA_VERSION,
    EVENT_ACTIONS,
    EVENT_PROFILE,
    EVENT_PROPERTIES,
    EVENT_REFERENCES,
    PROFILES,
    ROLES,
    SUBJECTS,
    TIME_SPENT_METRIC_TYPES,
    Platform,
)

__all__ = ["Issue", "json_issues", "validate_envelope", "validate_event"]

_URN_UUID: Final = re.compile(
    r"urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_IRI: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*:|_:)\S+")
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ENVELOPE_KEYS: Final = frozenset({"sensor", "sendTime", "dataVersion", "data"})
_REFERENCES: Final = frozenset(EVENT_REFERENCES)
_SNAKE_TIME_SPENT = {"sub_type": "subType", "start_date": "startDate", "end_date": "endDate"}


@frozen
class Issue:
    """One problem: where it is (a JSON path) and what rule it breaks.

    `code` is a short, stable name of the rule (`required`, `urn-uuid`, `action`, ...), for
    programs; `message` is for people.
    """

    path: str
    message: str
    code: str = field(default="invalid", kw_only=True)

    def to_dict(self) -> dict[str, str]:
        """The wire form, as in the API's error bodies."""
        return {"path": self.path, "message": self.message}

    def __str__(self) -> str:
        return f"{self.path or '(root)'}: {self.message}"


def _is_map(value: object) -> TypeGuard[Mapping[str, Any]]:
    """isinstance(value, Mapping), with the common cases answered without the ABC check."""
    if isinstance(value, dict):
        return True
    if isinstance(value, (str, int, float, list)) or value is None:
        return False
    return isinstance(value, Mapping)


def _at(path: str, key: str | int) -> str:
    if key.__class__ is int:
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key  # type: ignore[return-value]


def validate_envelope(
    envelope: object, *, strict: bool = False, platform: Platform = "BEYOND_AI"
) -> list[Issue]:
    """Every problem of a Caliper envelope and of each item of its `data`.

    `platform="LEARNWITH_AI"` checks the payload as that platform receives it, after the
    rewrite in `_core/lwai.py` (AggregationProfile, Person, metricType).
    """
    rules = _RULES[platform]
    if not _is_map(envelope):
        return [Issue("", "must be a JSON object (a Caliper envelope)", code="type")]
    issues: list[Issue] = []
    for key in envelope:
        if key not in _ENVELOPE_KEYS:
            issues.append(
                Issue(
                    _at("", key),
                    "is not an envelope property (Caliper envelopes take no custom properties)",
                    code="unknown-property",
                )
            )
    _non_empty_string(issues, envelope, "", "sensor")
    _timestamp(issues, envelope, "", "sendTime", required=True)
    version = envelope.get("dataVersion")
    if version is None:
        issues.append(Issue("dataVersion", "is required", code="required"))
    elif version != DATA_VERSION:
        issues.append(
            Issue("dataVersion", f"must equal {DATA_VERSION}", code="unsupported-data-version")
        )
    data = envelope.get("data")
    if data is None:
        issues.append(Issue("data", "is required", code="required"))
    elif not isinstance(data, list):
        issues.append(Issue("data", "must be a list of events or entities", code="type"))
    elif not data:
        issues.append(Issue("data", "must hold at least one event or entity", code="min-items"))
    else:
        seen: dict[str, int] = {}
        for index, item in enumerate(data):
            path = _at("data", index)
            if _is_map(item) and _is_event(item):
                _check_event(issues, item, path, strict, rules)
            else:
                _check_entity(issues, item, path, strict)
            item_id = item.get("id") if _is_map(item) else None
            if isinstance(item_id, str):
                if item_id in seen:
                    issues.append(
                        Issue(
                            _at(path, "id"),
                            f"repeats the id of data[{seen[item_id]}]; ids must be unique",
                            code="duplicate-id",
                        )
                    )
                else:
                    seen[item_id] = index
    return issues


def validate_event(
    event: object, *, path: str = "", strict: bool = False, platform: Platform = "BEYOND_AI"
) -> list[Issue]:
    """Every problem of one Caliper event; paths start with `path`."""
    issues: list[Issue] = []
    if not _is_map(event):
        issues.append(Issue(path, "must be a JSON object (a Caliper event)", code="type"))
    else:
        _check_event(issues, event, path, strict, _RULES[platform])
    return issues


def json_issues(value: object, path: str = "", *, _depth: int = 0) -> list[Issue]:
    """The values that JSON cannot carry (a datetime, a Decimal, NaN, a non-string key, ...).

    The Caliper rules above assume JSON; this finds what would stop the body from being
    written at all, at its path.
    """
    if value is None or isinstance(value, (str, bool, int)):
        return []
    if isinstance(value, float):
        return [] if math.isfinite(value) else [Issue(path, "must be a finite number", code="json")]
    if _depth > 200:
        return [Issue(path, "is nested too deeply", code="json")]
    issues: list[Issue] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                issues.append(Issue(path, f"has a key JSON cannot carry: {key!r}", code="json"))
            else:
                issues += json_issues(item, _at(path, str(key)), _depth=_depth + 1)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            issues += json_issues(item, _at(path, index), _depth=_depth + 1)
    else:
        issues.append(
            Issue(path, f"is a {type(value).__name__}, which JSON cannot carry", code="json")
        )
    return issues


def _is_event(item: Mapping[str, Any]) -> bool:
    kind = item.get("type")
    return (
        "action" in item
        or "eventTime" in item
        or (isinstance(kind, str) and kind.endswith("Event"))
    )


def _check_event(
    issues: list[Issue], event: Mapping[str, Any], path: str, strict: bool, rules: _Rules
) -> None:
    event_id = event.get("id")
    if event_id is None:
        issues.append(Issue(_at(path, "id"), "is required", code="required"))
    elif not isinstance(event_id, str) or _URN_UUID.fullmatch(event_id) is None:
        issues.append(
            Issue(
                _at(path, "id"),
                "must be a urn:uuid (urn:uuid:<RFC 4122 UUID>)",
                code="urn-uuid",
            )
        )

    kind = event.get("type")
    allowed: frozenset[str] | None = None
    known_type = False
    if kind is None:
        issues.append(Issue(_at(path, "type"), "is required", code="required"))
    elif not isinstance(kind, str) or not kind:
        issues.append(Issue(_at(path, "type"), "must be a non-empty string", code="type"))
    elif kind not in EVENT_ACTIONS:
        issues.append(
            Issue(_at(path, "type"), f"{kind!r} is not a Caliper 1.2 event type", code="event-type")
        )
    else:
        known_type = True
        allowed = EVENT_ACTIONS[kind]

    action = event.get("action")
    if action is None:
        issues.append(Issue(_at(path, "action"), "is required", code="required"))
    elif not isinstance(action, str) or not action:
        issues.append(Issue(_at(path, "action"), "must be a non-empty string", code="type"))
    elif known_type:
        if allowed is None and action not in ACTIONS:
            issues.append(
                Issue(_at(path, "action"), f"{action!r} is not a Caliper 1.2 action", code="action")
            )
        elif allowed is not None and action not in allowed:
            issues.append(
                Issue(
                    _at(path, "action"),
                    f"{action!r} is not allowed for {kind}; allowed: {', '.join(sorted(allowed))}",
                    code="action",
                )
            )

    actor, obj = event.get("actor"), event.get("object")
    actor_path, object_path = _at(path, "actor"), _at(path, "object")
    for value, value_path in ((actor, actor_path), (obj, object_path)):
        if value is None:
            issues.append(Issue(value_path, "is required", code="required"))
        else:
            _entity_ref(issues, value, value_path, strict)
    _timestamp(issues, event, path, "eventTime", required=True)

    profile = event.get("profile")
    fixed_profile = rules.event_profile.get(kind) if isinstance(kind, str) else None
    if profile is None:
        if fixed_profile is not None:
            issues.append(
                Issue(
                    _at(path, "profile"),
                    f"is required and must be {fixed_profile}",
                    code="required",
                )
            )
    elif not isinstance(profile, str) or profile not in rules.profiles:
        issues.append(
            Issue(
                _at(path, "profile"), f"{profile!r} is not a known Caliper profile", code="profile"
            )
        )
    elif fixed_profile is not None and profile != fixed_profile:
        issues.append(
            Issue(_at(path, "profile"), f"must be {fixed_profile} for {kind}", code="profile")
        )

    _context(issues, event, path, strict)
    for name in _REFERENCES.intersection(event):
        value = event[name]
        if value is not None and not (name == "generated" and kind in rules.generated):
            _entity_ref(issues, value, _at(path, name), strict)
    _extensions(issues, event, path)
    if kind == "ToolLaunchEvent" and action == "Launched" and event.get("federatedSession") is None:
        issues.append(
            Issue(
                _at(path, "federatedSession"),
                "is required when a ToolLaunchEvent is Launched",
                code="required",
            )
        )
    if strict:
        for key in event:
            if key not in EVENT_PROPERTIES:
                issues.append(
                    Issue(
                        _at(path, key),
                        "is not a Caliper 1.2 event property; put custom data in extensions",
                        code="unknown-property",
                    )
                )

    if kind in ("ActivityEvent", "TimeSpentEvent") and rules.timeback_entities:
        _timeback_user(issues, actor, actor_path)
        _activity_context(issues, obj, object_path)
    elif kind == "AssessmentItemEvent":
        _typed_entity(issues, obj, object_path, "AssessmentItem")
    if isinstance(kind, str) and kind in rules.generated:
        rules.generated[kind](issues, event.get("generated"), _at(path, "generated"), strict)


def _check_entity(issues: list[Issue], entity: object, path: str, strict: bool) -> None:
    """A top-level entity of `data` (a "describe"): a JSON-LD document of its own."""
    if not _is_map(entity):
        issues.append(Issue(path, "must be a JSON object (an event or an entity)", code="type"))
        return
    _entity_object(issues, entity, path)
    _context(issues, entity, path, strict)


def _entity_ref(issues: list[Issue], value: object, path: str, strict: bool) -> None:
    """An entity given as its IRI, or as an object with an IRI `id` and a `type`."""
    if isinstance(value, str):
        if _IRI.fullmatch(value) is None:
            issues.append(
                Issue(
                    path, "must be an IRI (such as an https URL or a urn) or an object", code="iri"
                )
            )
    elif _is_map(value):
        _entity_object(issues, value, path)
        _context(issues, value, path, strict=False)  # nested entities inherit the context
    else:
        issues.append(Issue(path, "must be an IRI string or an entity object", code="type"))


def _entity_object(issues: list[Issue], entity: Mapping[str, Any], path: str) -> None:
    entity_id = entity.get("id")
    if entity_id is None:
        issues.append(Issue(_at(path, "id"), "is required", code="required"))
    elif not isinstance(entity_id, str) or _IRI.fullmatch(entity_id) is None:
        issues.append(
            Issue(_at(path, "id"), "must be an IRI (such as an https URL or a urn)", code="iri")
        )
    kind = entity.get("type")
    if kind is None:
        issues.append(Issue(_at(path, "type"), "is required", code="required"))
    elif not isinstance(kind, str) or not kind:
        issues.append(Issue(_at(path, "type"), "must be a non-empty string", code="type"))
    _extensions(issues, entity, path)


def _typed_entity(issues: list[Issue], value: object, path: str, kind: str) -> None:
    if _is_map(value) and value.get("type") not in (None, kind):
        issues.append(Issue(_at(path, "type"), f"must be {kind}", code="type"))


def _context(issues: list[Issue], node: Mapping[str, Any], path: str, strict: bool) -> None:
    if "@context" not in node:
        if strict:
            issues.append(
                Issue(_at(path, "@context"), f"is required ({CALIPER_CONTEXT})", code="required")
            )
        return
    context = node["@context"]
    if isinstance(context, str):
        if context != CALIPER_CONTEXT:
            issues.append(
                Issue(_at(path, "@context"), f"must be {CALIPER_CONTEXT}", code="context")
            )
    elif isinstance(context, list) and context:
        if context[-1] != CALIPER_CONTEXT:
            issues.append(
                Issue(
                    _at(path, "@context"),
                    f"as a list, must end with {CALIPER_CONTEXT}",
                    code="context",
                )
            )
    else:
        issues.append(
            Issue(
                _at(path, "@context"),
                f"must be {CALIPER_CONTEXT} or a list ending with it",
                code="context",
            )
        )


def _extensions(issues: list[Issue], node: Mapping[str, Any], path: str) -> None:
    value = node.get("extensions")
    if value is not None and value.__class__ is not dict and not _is_map(value):
        issues.append(Issue(_at(path, "extensions"), "must be a JSON object", code="type"))


def _non_empty_string(
    issues: list[Issue], node: Mapping[str, Any], path: str, key: str, *, required: bool = True
) -> None:
    value = node.get(key)
    if value is None:
        if required:
            issues.append(Issue(_at(path, key), "is required", code="required"))
    elif not isinstance(value, str) or not value.strip():
        issues.append(Issue(_at(path, key), "must be a non-empty string", code="type"))


def _timestamp(
    issues: list[Issue], node: Mapping[str, Any], path: str, key: str, *, required: bool
) -> None:
    value = node.get(key)
    if value is None:
        if required:
            issues.append(Issue(_at(path, key), "is required", code="required"))
    elif parse_rfc3339(value) is None:
        issues.append(
            Issue(
                _at(path, key),
                "must be an RFC 3339 date-time, such as 2025-07-28T15:15:20.000Z",
                code="date-time",
            )
        )


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _timeback_user(issues: list[Issue], actor: object, path: str) -> None:
    if not _is_map(actor):
        if actor is not None:
            issues.append(
                Issue(path, "must be a TimebackUser object (id, type, email)", code="type")
            )
        return
    if actor.get("type") != "TimebackUser":
        issues.append(Issue(_at(path, "type"), "must be TimebackUser", code="type"))
    email = actor.get("email")
    if email is None:
        issues.append(Issue(_at(path, "email"), "is required", code="required"))
    elif not isinstance(email, str) or _EMAIL.fullmatch(email) is None:
        issues.append(Issue(_at(path, "email"), "must be an email address", code="email"))
    role = actor.get("role")
    if role is not None and role not in ROLES:
        issues.append(
            Issue(
                _at(path, "role"),
                f"{role!r} is not a Timeback role; allowed: {', '.join(sorted(ROLES))}",
                code="enum",
            )
        )
    name = actor.get("name")
    if name is not None and not isinstance(name, str):
        issues.append(Issue(_at(path, "name"), "must be a string", code="type"))


def _named(issues: list[Issue], node: object, path: str, *, required: bool) -> None:
    """The `{name, id?, extensions?}` shape of app, course and activity."""
    if node is None:
        if required:
            issues.append(Issue(path, "is required", code="required"))
        return
    if not _is_map(node):
        issues.append(Issue(path, "must be an object with a name", code="type"))
        return
    _non_empty_string(issues, node, path, "name")
    if node.get("id") is not None and not isinstance(node["id"], str):
        issues.append(Issue(_at(path, "id"), "must be a string", code="type"))
    _extensions(issues, node, path)


def _activity_context(issues: list[Issue], obj: object, path: str) -> None:
    if not _is_map(obj):
        if obj is not None:
            issues.append(
                Issue(
                    path,
                    "must be a TimebackActivityContext object (id, type, subject, app)",
                    code="type",
                )
            )
        return
    if obj.get("type") != "TimebackActivityContext":
        issues.append(Issue(_at(path, "type"), "must be TimebackActivityContext", code="type"))
    subject = obj.get("subject")
    if subject is None:
        issues.append(Issue(_at(path, "subject"), "is required", code="required"))
    elif subject not in SUBJECTS:
        issues.append(
            Issue(
                _at(path, "subject"),
                f"{subject!r} is not a Timeback subject; allowed: {', '.join(sorted(SUBJECTS))}",
                code="enum",
            )
        )
    _named(issues, obj.get("app"), _at(path, "app"), required=True)
    _named(issues, obj.get("course"), _at(path, "course"), required=False)
    _named(issues, obj.get("activity"), _at(path, "activity"), required=False)
    process = obj.get("process")
    if process is not None and not isinstance(process, bool):
        issues.append(Issue(_at(path, "process"), "must be true or false", code="type"))


def _metrics_collection(
    issues: list[Issue],
    generated: object,
    path: str,
    *,
    kind: str,
    metric_types: frozenset[str],
) -> list[tuple[Mapping[str, Any], str]]:
    """Checks the collection frame; returns its well-formed items with their paths."""
    if generated is None:
        issues.append(Issue(path, f"is required (a {kind})", code="required"))
        return []
    if not _is_map(generated):
        issues.append(Issue(path, f"must be a {kind} object", code="type"))
        return []
    gen_id = generated.get("id")
    if gen_id is None:
        issues.append(Issue(_at(path, "id"), "is required", code="required"))
    elif not isinstance(gen_id, str) or _IRI.fullmatch(gen_id) is None:
        issues.append(Issue(_at(path, "id"), "must be an IRI (such as a urn:uuid)", code="iri"))
    if generated.get("type") != kind:
        issues.append(Issue(_at(path, "type"), f"must be {kind}", code="type"))
    _extensions(issues, generated, path)
    items = generated.get("items")
    items_path = _at(path, "items")
    if items is None:
        issues.append(Issue(items_path, "is required", code="required"))
        return []
    if not isinstance(items, list):
        issues.append(Issue(items_path, "must be a list of metrics", code="type"))
        return []
    if not items:
        issues.append(Issue(items_path, "must hold at least one metric", code="min-items"))
    found = []
    for index, item in enumerate(items):
        # The common case is checked inline; paths are only built for a problem.
        if not _is_map(item):
            issues.append(
                Issue(
                    f"{items_path}[{index}]", "must be a metric object (type, value)", code="type"
                )
            )
            continue
        metric_type, value = item.get("type"), item.get("value")
        if metric_type is None:
            issues.append(Issue(f"{items_path}[{index}].type", "is required", code="required"))
        elif metric_type not in metric_types:
            issues.append(
                Issue(
                    f"{items_path}[{index}].type",
                    f"{metric_type!r} is not a metric type of {kind}; "
                    f"allowed: {', '.join(sorted(metric_types))}",
                    code="enum",
                )
            )
        if value is None:
            issues.append(Issue(f"{items_path}[{index}].value", "is required", code="required"))
        elif value.__class__ is not int and not _number(value):
            issues.append(Issue(f"{items_path}[{index}].value", "must be a number", code="type"))
        if item.get("extensions") is not None:
            _extensions(issues, item, f"{items_path}[{index}]")
        found.append((item, f"{items_path}[{index}]"))
    return found


def _activity_generated(issues: list[Issue], generated: object, path: str, strict: bool) -> None:
    _metrics_collection(
        issues,
        generated,
        path,
        kind="TimebackActivityMetricsCollection",
        metric_types=ACTIVITY_METRIC_TYPES,
    )
    if _is_map(generated) and "attempt" in generated:
        attempt = generated["attempt"]
        if not isinstance(attempt, int) or isinstance(attempt, bool) or attempt < 1:
            issues.append(
                Issue(_at(path, "attempt"), "must be a whole number of at least 1", code="type")
            )


def _time_spent_generated(issues: list[Issue], generated: object, path: str, strict: bool) -> None:
    items = _metrics_collection(
        issues,
        generated,
        path,
        kind="TimebackTimeSpentMetricsCollection",
        metric_types=TIME_SPENT_METRIC_TYPES,
    )
    for item, item_path in items:
        value = item.get("value")
        if _number(value) and value < 0:
            issues.append(
                Issue(_at(item_path, "value"), "must be zero or more seconds", code="minimum")
            )
        for snake, camel in _SNAKE_TIME_SPENT.items():
            if snake in item:
                issues.append(
                    Issue(
                        _at(item_path, snake),
                        f"is not a time-spent metric property; did you mean {camel}?",
                        code="unknown-property",
                    )
                )
        sub_type = item.get("subType")
        if sub_type is not None and not isinstance(sub_type, str):
            issues.append(Issue(_at(item_path, "subType"), "must be a string", code="type"))
        _timestamp(issues, item, item_path, "startDate", required=False)
        _timestamp(issues, item, item_path, "endDate", required=False)
        start, end = parse_rfc3339(item.get("startDate")), parse_rfc3339(item.get("endDate"))
        if start is not None and end is not None and end < start:
            issues.append(
                Issue(_at(item_path, "endDate"), "must not be before startDate", code="range")
            )


def _response_generated(issues: list[Issue], generated: object, path: str, strict: bool) -> None:
    if generated is None:
        return
    _entity_ref(issues, generated, path, strict)
    _typed_entity(issues, generated, path, "Response")
    if _is_map(generated):
        _timestamp(issues, generated, path, "startedAtTime", required=False)
        _timestamp(issues, generated, path, "endedAtTime", required=False)


def _score_generated(issues: list[Issue], generated: object, path: str, strict: bool) -> None:
    if generated is None:
        issues.append(Issue(path, "is required (a Score)", code="required"))
        return
    _entity_ref(issues, generated, path, strict)
    if _is_map(generated):
        _typed_entity(issues, generated, path, "Score")
        for key in ("scoreGiven", "maxScore"):
            if key in generated and not _number(generated[key]):
                issues.append(Issue(_at(path, key), "must be a number", code="type"))


def _lwai_metrics(kind: str, item_type: str) -> _GeneratedCheck:
    """LEARNWITH_AI metrics: `{id, type, metricType, metricValue}` items."""

    def check(issues: list[Issue], generated: object, path: str, strict: bool) -> None:
        if not _is_map(generated):
            issues.append(Issue(path, f"must be a {kind} object", code="type"))
            return
        if generated.get("type") != kind:
            issues.append(Issue(_at(path, "type"), f"must be {kind}", code="type"))
        items = generated.get("items")
        if not isinstance(items, list) or not items:
            issues.append(Issue(_at(path, "items"), "must be a non-empty list", code="type"))
            return
        for index, item in enumerate(items):
            item_path = _at(_at(path, "items"), index)
            if not _is_map(item) or item.get("type") != item_type:
                issues.append(Issue(item_path, f"must be a {item_type} object", code="type"))
                continue
            _non_empty_string(issues, item, item_path, "metricType")
            if not _number(item.get("metricValue")):
                issues.append(Issue(_at(item_path, "metricValue"), "must be a number", code="type"))

    return check


_GeneratedCheck = Callable[[list[Issue], object, str, bool], None]


@frozen
class _Rules:
    """What differs between the platforms; everything else is Caliper 1.2."""

    profiles: frozenset[str]
    event_profile: Mapping[str, str]
    generated: Mapping[str, _GeneratedCheck]
    timeback_entities: bool


_QUESTION_CHECKS: dict[str, _GeneratedCheck] = {
    "AssessmentItemEvent": _response_generated,
    "GradeEvent": _score_generated,
}
_RULES: dict[str, _Rules] = {
    "BEYOND_AI": _Rules(
        profiles=PROFILES,
        event_profile=EVENT_PROFILE,
        generated={
            "ActivityEvent": _activity_generated,
            "TimeSpentEvent": _time_spent_generated,
            **_QUESTION_CHECKS,
        },
        timeback_entities=True,
    ),
    "LEARNWITH_AI": _Rules(
        profiles=(PROFILES - {"TimebackProfile"}) | {"AggregationProfile"},
        event_profile={
            **EVENT_PROFILE,
            "ActivityEvent": "AggregationProfile",
            "TimeSpentEvent": "AggregationProfile",
        },
        generated={
            "ActivityEvent": _lwai_metrics("ActivityMetricsCollection", "ActivityMetric"),
            "TimeSpentEvent": _lwai_metrics("TimeSpentMetricsCollection", "TimeSpentMetric"),
            **_QUESTION_CHECKS,
        },
        timeback_entities=False,
    ),
}
