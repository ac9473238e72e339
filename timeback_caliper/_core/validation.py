"""Caliper 1.2 and Timeback profile validation: one rule set, three levels, every user.

The client runs it before any I/O, the background sender at enqueue, the command line on
its input files and the sandbox on every request: a payload the client lets through at a
level is one the sandbox accepts at that level, and the sandbox's 400 names the same
problems the client would have. Pure: no I/O, no clock.

Every problem is an `Issue` with the JSON path of the offending value
(`data[3].generated.items[0].type`), the rule it breaks and its severity; all problems are
reported, not just the first.

The levels (`Level`):

- "off": no rule is checked (the caller vouches for the payload; it must still be JSON).
- "basic", the default: what the API certainly requires, refused as errors: the envelope
  (`sensor`, `sendTime`, `dataVersion`, a non-empty `data`), each event's required
  properties and their JSON types (`id` a `urn:uuid:`, RFC 3339 times, entities as IRIs or
  objects with a `type`), and the required fields and types of the Timeback profile's
  schemas. What only our picture of the API closes (the vocabularies of event types,
  actions, profiles, subjects, roles and metric types; the forms of ids, IRIs and emails;
  the properties Caliper defines) gives warnings: the payload is sent, and the caller is
  told.
- "strict": the full IMS Caliper 1.2 and Timeback profile rules; the warnings of "basic"
  are errors, `@context` is required on every event and described entity, and custom data
  belongs in `extensions`.

At every level, valid Caliper 1.2 passes: subtypes stand where their parent type may
(`FillinBlankResponse` for a Response, an `Attempt` generated when an assessment item is
started), types that are not entities need no `id` (`SystemIdentifier`,
`TextPositionSelector`), and an envelope may describe the same entity several times.

Decided beyond the schemas (also in openapi/caliper.yaml): two *events* with the same `id`
in one envelope are a problem (a warning at "basic", an error at "strict"), as are
snake_case `sub_type`/`start_date`/`end_date` in a time-spent metric (the server reads
only camelCase and would drop them silently).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any, Final, Literal, TypeGuard

from attrs import field, frozen

from timeback_caliper._core.show import show, unicode_problem
from timeback_caliper._core.timestamps import parse_rfc3339
from timeback_caliper._core.vocabulary import (
    ACTIONS,
    ACTIVITY_METRIC_TYPES,
    CALIPER_CONTEXT,
    DATA_VERSION,
    DEFAULT_LEVEL,
    EVENT_ACTIONS,
    EVENT_PROFILE,
    EVENT_PROPERTIES,
    EVENT_REFERENCES,
    ID_LESS_TYPES,
    LEVELS,
    PROFILES,
    RESPONSE_TYPES,
    ROLES,
    SUBJECTS,
    TIME_SPENT_METRIC_TYPES,
    Level,
    Platform,
)

__all__ = [
    "DEFAULT_LEVEL",
    "LEVELS",
    "Issue",
    "Level",
    "errors_of",
    "json_issues",
    "level_of",
    "validate_envelope",
    "validate_event",
    "warnings_of",
]

Severity = Literal["error", "warning"]

_URN_UUID: Final = re.compile(
    r"urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_IRI: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*:|_:)\S+")
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ENVELOPE_KEYS: Final = frozenset({"sensor", "sendTime", "dataVersion", "data"})
_REFERENCES: Final = frozenset(EVENT_REFERENCES)
_SNAKE_TIME_SPENT = {"sub_type": "subType", "start_date": "startDate", "end_date": "endDate"}
_GENERATED_BY_ITEM = RESPONSE_TYPES | {"Attempt"}


@frozen
class Issue:
    """One problem: where it is (a JSON path), what rule it breaks, and how bad it is.

    `code` is a short, stable name of the rule (`required`, `urn-uuid`, `action`, ...), for
    programs; `message` is for people. A `severity="warning"` issue does not stop a send.
    """

    path: str
    message: str
    code: str = field(default="invalid", kw_only=True)
    severity: Severity = field(default="error", kw_only=True)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_dict(self) -> dict[str, str]:
        """The wire form, as in the API's error bodies."""
        return {"path": self.path, "message": self.message}

    def __getitem__(self, key: str) -> str:
        """`issue["path"]`, `issue["message"]`: as the vendor client's issue dicts read."""
        if key in ("path", "message", "code", "severity"):
            return str(getattr(self, key))
        raise KeyError(key)

    def __str__(self) -> str:
        return f"{self.path or '(root)'}: {self.message}"


def errors_of(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == "error"]


def warnings_of(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == "warning"]


def level_of(value: object, name: str = "validation") -> Level:
    """A level given by a caller, checked; ValueError naming the choices otherwise."""
    if isinstance(value, str) and value in LEVELS:
        return value
    raise ValueError(f"{name} must be one of {', '.join(LEVELS)}; got {show(value)}")


def _is_map(value: object) -> TypeGuard[Mapping[str, Any]]:
    """isinstance(value, Mapping), with the common cases answered without the ABC check."""
    if value.__class__ is dict:
        return True
    if isinstance(value, (str, int, float, list)) or value is None:
        return False
    return isinstance(value, Mapping)


def _at(path: str, key: str | int) -> str:
    if key.__class__ is int:
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key  # type: ignore[return-value]


# Where a node is: its JSON path, or (where its parent is, its key there). The tuple form
# costs no string work; `_path` spells it out only when a problem is reported.
Where = str | tuple["Where", str | int]


def _path(where: Where) -> str:
    if isinstance(where, str):
        return where
    parent, key = where
    return _at(_path(parent), key)


def _number(value: object) -> TypeGuard[int | float]:
    if value.__class__ is int:
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class _Check:
    """The issues of one validation, and the level that decides a soft rule's severity.

    Nodes are named by `Where` (see above) and a rule names the offending key in its node,
    so a valid payload costs no path strings.
    """

    __slots__ = ("issues", "rules", "soft_severity", "strict")

    def __init__(self, level: Level, rules: _Rules) -> None:
        self.issues: list[Issue] = []
        self.strict = level == "strict"
        self.soft_severity: Severity = "error" if self.strict else "warning"
        self.rules = rules

    def error(self, where: Where, key: str | int | None, message: str, code: str) -> None:
        path = _path(where)
        self.issues.append(Issue(path if key is None else _at(path, key), message, code=code))

    def soft(self, where: Where, key: str | int | None, message: str, code: str) -> None:
        """A rule of our picture of the API: an error at "strict", a warning at "basic"."""
        path = _path(where)
        self.issues.append(
            Issue(
                path if key is None else _at(path, key),
                message,
                code=code,
                severity=self.soft_severity,
            )
        )

    # -- the shapes every rule uses --------------------------------------------------------

    def string(self, node: Mapping[str, Any], where: Where, key: str, *, required: bool) -> None:
        """A non-empty string property."""
        value = node.get(key)
        if value is None:
            if required:
                self.error(where, key, "is required", "required")
        elif not isinstance(value, str) or not value.strip():
            self.error(where, key, "must be a non-empty string", "type")

    def timestamp(self, node: Mapping[str, Any], where: Where, key: str, *, required: bool) -> None:
        value = node.get(key)
        if value is None:
            if required:
                self.error(where, key, "is required", "required")
        elif parse_rfc3339(value) is None:
            self.error(
                where,
                key,
                "must be an RFC 3339 date-time, such as 2025-07-28T15:15:20.000Z",
                "date-time",
            )

    def extensions(self, node: Mapping[str, Any], where: Where) -> None:
        value = node.get("extensions")
        if value is not None and value.__class__ is not dict and not _is_map(value):
            self.error(where, "extensions", "must be a JSON object", "type")

    def context(self, node: Mapping[str, Any], where: Where, *, required: bool) -> None:
        """`@context`: the Caliper 1.2 context, or a list ending with it (Caliper 1.2 §4.1)."""
        if "@context" not in node:
            if required:
                self.error(where, "@context", f"is required ({CALIPER_CONTEXT})", "required")
            return
        context = node["@context"]
        if isinstance(context, str):
            if context != CALIPER_CONTEXT:
                self.soft(where, "@context", f"must be {CALIPER_CONTEXT}", "context")
        elif isinstance(context, list) and context:
            if context[-1] != CALIPER_CONTEXT:
                self.soft(
                    where, "@context", f"as a list, must end with {CALIPER_CONTEXT}", "context"
                )
        else:
            self.error(
                where, "@context", f"must be {CALIPER_CONTEXT} or a list ending with it", "type"
            )

    def iri(self, value: object, where: Where, key: str | int | None, what: str) -> None:
        """An id or reference that must be a string; its IRI form is a soft rule."""
        if not isinstance(value, str) or not value:
            self.error(where, key, f"must be {what} (a string)", "type")
        elif _IRI.fullmatch(value) is None:
            self.soft(where, key, f"must be {what} (such as an https URL or a urn)", "iri")

    # -- entities ---------------------------------------------------------------------------

    def reference(self, value: object, where: Where, key: str) -> None:
        """An entity given as its IRI, or as an object (Caliper 1.2: either is allowed)."""
        if value.__class__ is str:
            self.iri(value, where, key, "an IRI or an entity object")
        elif value.__class__ is dict or _is_map(value):
            node = (where, key)
            self.entity(value, node)
            if "@context" in value:
                self.context(value, node, required=False)  # nested: inherited otherwise
        elif isinstance(value, str):
            self.iri(value, where, key, "an IRI or an entity object")
        else:
            self.error(where, key, "must be an IRI string or an entity object", "type")

    def entity(self, entity: Mapping[str, Any], where: Where) -> None:
        """An entity object: a `type`, and an IRI `id` unless its type has none."""
        kind = entity.get("type")
        if kind is None:
            self.error(where, "type", "is required", "required")
        elif not isinstance(kind, str) or not kind:
            self.error(where, "type", "must be a non-empty string", "type")
        entity_id = entity.get("id")
        if entity_id is None:
            if kind not in ID_LESS_TYPES:
                self.soft(where, "id", "is required (an IRI)", "required")
        else:
            self.iri(entity_id, where, "id", "an IRI")
        if "extensions" in entity:
            self.extensions(entity, where)


def validate_envelope(
    envelope: object,
    *,
    level: Level = DEFAULT_LEVEL,
    platform: Platform = "BEYOND_AI",
) -> list[Issue]:
    """Every problem of a Caliper envelope and of each item of its `data`, errors and
    warnings (see `errors_of`).

    `platform="LEARNWITH_AI"` checks the payload as that platform receives it, after the
    rewrite in `_core/lwai.py` (AggregationProfile, Person, metricType).
    """
    if level == "off":
        return []
    if not _is_map(envelope):
        return [Issue("", "must be a JSON object (a Caliper envelope)", code="type")]
    check = _Check(level, _RULES[platform])
    for key in envelope:
        if key not in _ENVELOPE_KEYS:
            check.soft(
                "",
                key,
                "is not an envelope property (Caliper envelopes take no custom properties)",
                "unknown-property",
            )
    check.string(envelope, "", "sensor", required=True)
    check.timestamp(envelope, "", "sendTime", required=True)
    version = envelope.get("dataVersion")
    if version is None:
        check.error("", "dataVersion", "is required", "required")
    elif version != DATA_VERSION:
        check.error("", "dataVersion", f"must equal {DATA_VERSION}", "unsupported-data-version")
    data = envelope.get("data")
    if data is None:
        check.error("", "data", "is required", "required")
    elif not isinstance(data, list):
        check.error("", "data", "must be a list of events or entities", "type")
    elif not data:
        check.error("", "data", "must hold at least one event or entity", "min-items")
    else:
        seen: dict[str, int] = {}
        for index, item in enumerate(data):
            if not _is_map(item):
                check.error("data", index, "must be a JSON object (an event or an entity)", "type")
                continue
            path: Where = ("data", index)
            if _is_event(item):
                _event(check, item, path)
                event_id = item.get("id")
                if isinstance(event_id, str):
                    first = seen.setdefault(event_id, index)
                    if first != index:
                        check.soft(
                            path,
                            "id",
                            f"repeats the id of data[{first}]; event ids must be unique",
                            "duplicate-id",
                        )
            else:  # a "describe": several may describe one entity
                check.entity(item, path)
                check.context(item, path, required=check.strict)
    return check.issues


def validate_event(
    event: object,
    *,
    path: str = "",
    level: Level = DEFAULT_LEVEL,
    platform: Platform = "BEYOND_AI",
) -> list[Issue]:
    """Every problem of one Caliper event, errors and warnings; paths start with `path`."""
    if level == "off":
        return []
    if not _is_map(event):
        return [Issue(path, "must be a JSON object (a Caliper event)", code="type")]
    check = _Check(level, _RULES[platform])
    _event(check, event, path)
    return check.issues


def validate_built_event(
    event: Mapping[str, Any], *, level: Level, built: frozenset[str]
) -> list[Issue]:
    """`validate_event` for an event a factory made: `built` names what it wrote itself and
    so is valid by construction, not checked again: "frame" (`@context`, `type`, `action`,
    `profile`), "id", "eventTime", and "*" (no property Caliper does not define). Gives the
    issues `validate_event` would give (a test holds the two together)."""
    if level == "off":
        return []
    check = _Check(level, _RULES["BEYOND_AI"])
    _built_event(check, event, "", built)
    return check.issues


def json_leaf_problem(value: str | float) -> str | None:
    """Why a string or a number cannot be written as JSON (a lone surrogate; NaN, or an
    infinity, as Python reads `1e400`), or None: the one rule for the client, the senders
    and the sandbox's reader."""
    if isinstance(value, str):
        return unicode_problem(value)
    return None if math.isfinite(value) else f"must be a finite number, got {value!r}"


def json_issues(value: object, path: str = "", *, _depth: int = 0) -> list[Issue]:
    """The values that JSON cannot carry (a datetime, a Decimal, NaN, a non-string key, ...).

    The Caliper rules above assume JSON; this finds what would stop the body from being
    written at all, at its path.
    """
    if isinstance(value, str | float):
        problem = json_leaf_problem(value)
        return [Issue(path, problem, code="json")] if problem else []
    if value is None or isinstance(value, (bool, int)):
        return []
    if _depth > 200:
        return [Issue(path, "is nested too deeply", code="json")]
    issues: list[Issue] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                issues.append(Issue(path, f"has a key JSON cannot carry: {key!r}", code="json"))
            elif isinstance(key, str) and (problem := unicode_problem(key)):
                issues.append(Issue(path, f"has a key that {problem}", code="json"))
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


def _event(check: _Check, event: Mapping[str, Any], where: Where) -> None:
    kind = _frame(check, event, where, _NOTHING_BUILT)
    check.timestamp(event, where, "eventTime", required=True)
    _event_body(check, event, where, kind, check_properties=True)


_NOTHING_BUILT: frozenset[str] = frozenset()


def _frame(
    check: _Check, event: Mapping[str, Any], where: Where, built: frozenset[str]
) -> str | None:
    """The frame of an event: id, type, action, profile, context. Returns the type (None if
    it is not a string). What `built` names was written by a factory ("frame": the type,
    action, profile and context; "id") and is valid by construction: it is left out."""
    rules = check.rules
    if "id" not in built:
        event_id = event.get("id")
        if event_id is None:
            check.error(where, "id", "is required", "required")
        elif not isinstance(event_id, str) or not event_id.startswith("urn:uuid:"):
            check.error(where, "id", "must be a urn:uuid (urn:uuid:<RFC 4122 UUID>)", "urn-uuid")
        elif _URN_UUID.fullmatch(event_id) is None:
            check.soft(where, "id", "should be urn:uuid:<RFC 4122 UUID> (Caliper 1.2)", "uuid")

    kind: str | None = event.get("type")
    if "frame" in built:
        return kind
    if kind is None:
        check.error(where, "type", "is required", "required")
    elif not isinstance(kind, str) or not kind:
        check.error(where, "type", "must be a non-empty string", "type")
        kind = None
    known = kind in EVENT_ACTIONS
    if kind is not None and not known:
        check.soft(where, "type", f"{kind!r} is not a Caliper 1.2 event type", "event-type")

    action = event.get("action")
    if action is None:
        check.error(where, "action", "is required", "required")
    elif not isinstance(action, str) or not action:
        check.error(where, "action", "must be a non-empty string", "type")
    elif known:
        allowed = EVENT_ACTIONS[kind]  # type: ignore[index]
        if allowed is None:  # the generic Event: any Caliper action
            if action not in ACTIONS:
                check.soft(where, "action", f"{action!r} is not a Caliper 1.2 action", "action")
        elif action not in allowed:
            check.soft(
                where,
                "action",
                f"{action!r} is not allowed for {kind}; allowed: {', '.join(sorted(allowed))}",
                "action",
            )
    if kind == "ToolLaunchEvent" and action == "Launched" and event.get("federatedSession") is None:
        check.soft(
            where,
            "federatedSession",
            "is required when a ToolLaunchEvent is Launched",
            "required",
        )

    profile = event.get("profile")
    fixed_profile = rules.event_profile.get(kind) if kind is not None else None
    if profile is None:
        if fixed_profile is not None:
            check.soft(where, "profile", f"is required and must be {fixed_profile}", "required")
    elif not isinstance(profile, str):
        check.error(where, "profile", "must be a string", "type")
    elif profile not in rules.profiles:
        check.soft(where, "profile", f"{profile!r} is not a known Caliper profile", "profile")
    elif fixed_profile is not None and profile != fixed_profile:
        check.soft(where, "profile", f"must be {fixed_profile} for {kind}", "profile")
    check.context(event, where, required=check.strict)
    return kind


def _built_event(
    check: _Check, event: Mapping[str, Any], where: Where, built: frozenset[str]
) -> None:
    """A factory's event (see `validate_built_event`)."""
    kind = _frame(check, event, where, built)
    if "eventTime" not in built:
        check.timestamp(event, where, "eventTime", required=True)
    _event_body(check, event, where, kind, check_properties="*" not in built)


def _event_body(
    check: _Check,
    event: Mapping[str, Any],
    where: Where,
    kind: str | None,
    *,
    check_properties: bool,
) -> None:
    """Everything of an event after its frame: the entities, extensions, the properties."""
    rules = check.rules
    actor, obj = event.get("actor"), event.get("object")
    if actor is None:
        check.error(where, "actor", "is required", "required")
    else:
        check.reference(actor, where, "actor")
    if obj is None:
        check.error(where, "object", "is required", "required")
    else:
        check.reference(obj, where, "object")
    generated_check = rules.generated.get(kind) if kind is not None else None
    for name in _REFERENCES.intersection(event):
        value = event[name]
        if value is not None and not (name == "generated" and generated_check is not None):
            check.reference(value, where, name)
    if "extensions" in event:
        check.extensions(event, where)
    if check_properties:
        extra = event.keys() - EVENT_PROPERTIES
        if extra:
            for key in event:  # in the event's order
                if key in extra:
                    check.soft(
                        where,
                        key,
                        "is not a Caliper 1.2 event property; put custom data in extensions",
                        "unknown-property",
                    )

    if rules.timeback_entities and (kind == "ActivityEvent" or kind == "TimeSpentEvent"):
        _timeback_user(check, actor, where)
        _activity_context(check, obj, where)
    elif kind == "AssessmentItemEvent" and _is_map(obj):
        _typed(check, obj, (where, "object"), ("AssessmentItem",), "must be AssessmentItem")
    if generated_check is not None:
        generated_check(check, event.get("generated"), where)


def _typed(
    check: _Check, entity: Mapping[str, Any], where: Where, kinds: Collection[str], message: str
) -> None:
    """An entity whose type this event fixes (a missing type is `entity()`'s to report)."""
    kind = entity.get("type")
    if isinstance(kind, str) and kind and kind not in kinds:
        check.soft(where, "type", message, "type")


def _timeback_user(check: _Check, actor: object, where: Where) -> None:
    if actor.__class__ is not dict and not _is_map(actor):
        if isinstance(actor, str):  # an IRI is a valid reference, but not a TimebackUser
            check.error(where, "actor", "must be a TimebackUser object (id, type, email)", "type")
        return
    node = (where, "actor")
    if actor.get("type") != "TimebackUser":
        check.error(node, "type", "must be TimebackUser", "type")
    email = actor.get("email")
    if email is None:
        check.error(node, "email", "is required", "required")
    elif not isinstance(email, str):
        check.error(node, "email", "must be a string (an email address)", "type")
    elif _EMAIL.fullmatch(email) is None:
        check.soft(node, "email", "must be an email address", "email")
    role = actor.get("role")
    if role is not None:
        if not isinstance(role, str):
            check.error(node, "role", "must be a string", "type")
        elif role not in ROLES:
            check.soft(
                node,
                "role",
                f"{role!r} is not a Timeback role; known: {', '.join(sorted(ROLES))}",
                "enum",
            )
    name = actor.get("name")
    if name is not None and not isinstance(name, str):
        check.error(node, "name", "must be a string", "type")


def _named(check: _Check, value: object, where: Where, key: str, *, required: bool) -> None:
    """The `{name, id?, extensions?}` shape of app, course and activity."""
    if value is None:
        if required:
            check.error(where, key, "is required", "required")
        return
    if value.__class__ is not dict and not _is_map(value):
        check.error(where, key, "must be an object with a name", "type")
        return
    node = (where, key)
    check.string(value, node, "name", required=True)
    if value.get("id") is not None and not isinstance(value["id"], str):
        check.error(node, "id", "must be a string", "type")
    if "extensions" in value:
        check.extensions(value, node)


def _activity_context(check: _Check, obj: object, where: Where) -> None:
    if obj.__class__ is not dict and not _is_map(obj):
        if isinstance(obj, str):  # an IRI is a valid reference, but not an activity context
            check.error(
                where,
                "object",
                "must be a TimebackActivityContext object (id, type, subject, app)",
                "type",
            )
        return
    node = (where, "object")
    if obj.get("type") != "TimebackActivityContext":
        check.error(node, "type", "must be TimebackActivityContext", "type")
    subject = obj.get("subject")
    if subject is None:
        check.error(node, "subject", "is required", "required")
    elif not isinstance(subject, str):
        check.error(node, "subject", "must be a string", "type")
    elif subject not in SUBJECTS:
        check.soft(
            node,
            "subject",
            f"{subject!r} is not a Timeback subject; known: {', '.join(sorted(SUBJECTS))}",
            "enum",
        )
    _named(check, obj.get("app"), node, "app", required=True)
    if "course" in obj:
        _named(check, obj["course"], node, "course", required=False)
    if "activity" in obj:
        _named(check, obj["activity"], node, "activity", required=False)
    process = obj.get("process")
    if process is not None and not isinstance(process, bool):
        check.error(node, "process", "must be true or false", "type")


def _metrics_collection(
    check: _Check,
    generated: object,
    where: Where,
    *,
    kind: str,
    metric_types: frozenset[str],
    keep: bool = False,
) -> list[tuple[Where, Mapping[str, Any]]]:
    """Checks the collection frame and its items; with `keep`, returns the items that are
    objects, with where they are, for the checks of one kind."""
    if generated is None:
        check.error(where, "generated", f"is required (a {kind})", "required")
        return []
    if generated.__class__ is not dict and not _is_map(generated):
        check.error(where, "generated", f"must be a {kind} object", "type")
        return []
    node = (where, "generated")
    gen_id = generated.get("id")
    if gen_id is None:
        check.error(node, "id", "is required", "required")
    else:
        check.iri(gen_id, node, "id", "an IRI (such as a urn:uuid)")
    if generated.get("type") != kind:
        check.error(node, "type", f"must be {kind}", "type")
    if "extensions" in generated:
        check.extensions(generated, node)
    items = generated.get("items")
    if items is None:
        check.error(node, "items", "is required", "required")
        return []
    if not isinstance(items, list):
        check.error(node, "items", "must be a list of metrics", "type")
        return []
    if not items:
        check.error(node, "items", "must hold at least one metric", "min-items")
    found: list[tuple[Where, Mapping[str, Any]]] = []
    items_node = (node, "items")
    for index, item in enumerate(items):
        if item.__class__ is not dict and not _is_map(item):
            check.error(items_node, index, "must be a metric object (type, value)", "type")
            continue
        metric_type, value = item.get("type"), item.get("value")
        if metric_type is None:
            check.error((items_node, index), "type", "is required", "required")
        elif metric_type not in metric_types:
            if not isinstance(metric_type, str):
                check.error((items_node, index), "type", "must be a string", "type")
            else:
                check.soft(
                    (items_node, index),
                    "type",
                    f"{metric_type!r} is not a metric type of {kind}; "
                    f"known: {', '.join(sorted(metric_types))}",
                    "enum",
                )
        if value is None:
            check.error((items_node, index), "value", "is required", "required")
        elif value.__class__ is not int and not _number(value):
            check.error((items_node, index), "value", "must be a number", "type")
        if "extensions" in item:
            check.extensions(item, (items_node, index))
        if keep:
            found.append(((items_node, index), item))
    return found


def _activity_generated(check: _Check, generated: object, where: Where) -> None:
    _metrics_collection(
        check,
        generated,
        where,
        kind="TimebackActivityMetricsCollection",
        metric_types=ACTIVITY_METRIC_TYPES,
    )
    if (generated.__class__ is dict or _is_map(generated)) and "attempt" in generated:
        attempt = generated["attempt"]
        if not isinstance(attempt, int) or isinstance(attempt, bool):
            check.error(
                (where, "generated"), "attempt", "must be a whole number of at least 1", "type"
            )
        elif attempt < 1:
            check.soft(
                (where, "generated"), "attempt", "must be a whole number of at least 1", "minimum"
            )


def _time_spent_generated(check: _Check, generated: object, where: Where) -> None:
    items = _metrics_collection(
        check,
        generated,
        where,
        kind="TimebackTimeSpentMetricsCollection",
        metric_types=TIME_SPENT_METRIC_TYPES,
        keep=True,
    )
    for node, item in items:
        value = item.get("value")
        if _number(value) and value < 0:
            check.soft(node, "value", "must be zero or more seconds", "minimum")
        for snake, camel in _SNAKE_TIME_SPENT.items():
            if snake in item:
                check.soft(
                    node,
                    snake,
                    f"is not a time-spent metric property; did you mean {camel}?",
                    "unknown-property",
                )
        sub_type = item.get("subType")
        if sub_type is not None and not isinstance(sub_type, str):
            check.error(node, "subType", "must be a string", "type")
        check.timestamp(item, node, "startDate", required=False)
        check.timestamp(item, node, "endDate", required=False)
        start, end = parse_rfc3339(item.get("startDate")), parse_rfc3339(item.get("endDate"))
        if start is not None and end is not None and end < start:
            check.soft(node, "endDate", "must not be before startDate", "range")


def _item_generated(check: _Check, generated: object, where: Where) -> None:
    """What an AssessmentItemEvent generates: a Response (or a subtype), or an Attempt."""
    if generated is None:
        return
    check.reference(generated, where, "generated")
    if _is_map(generated):
        node = (where, "generated")
        _typed(
            check,
            generated,
            node,
            _GENERATED_BY_ITEM,
            "must be a Response (or a subtype) or an Attempt",
        )
        check.timestamp(generated, node, "startedAtTime", required=False)
        check.timestamp(generated, node, "endedAtTime", required=False)


def _score_generated(check: _Check, generated: object, where: Where) -> None:
    if generated is None:
        check.soft(where, "generated", "is required (a Score)", "required")
        return
    check.reference(generated, where, "generated")
    if _is_map(generated):
        node = (where, "generated")
        _typed(check, generated, node, ("Score",), "must be Score")
        for key in ("scoreGiven", "maxScore"):
            if key in generated and not _number(generated[key]):
                check.error(node, key, "must be a number", "type")


def _lwai_metrics(kind: str, item_type: str) -> _GeneratedCheck:
    """LEARNWITH_AI metrics: `{id, type, metricType, metricValue}` items."""

    def check_metrics(check: _Check, generated: object, where: Where) -> None:
        if not _is_map(generated):
            check.error(where, "generated", f"must be a {kind} object", "type")
            return
        node = (where, "generated")
        if generated.get("type") != kind:
            check.error(node, "type", f"must be {kind}", "type")
        items = generated.get("items")
        if not isinstance(items, list) or not items:
            check.error(node, "items", "must be a non-empty list", "type")
            return
        for index, item in enumerate(items):
            item_node = ((node, "items"), index)
            if not _is_map(item) or item.get("type") != item_type:
                check.error(item_node, None, f"must be a {item_type} object", "type")
                continue
            check.string(item, item_node, "metricType", required=True)
            if not _number(item.get("metricValue")):
                check.error(item_node, "metricValue", "must be a number", "type")

    return check_metrics


_GeneratedCheck = Callable[[_Check, object, Where], None]


@frozen
class _Rules:
    """What differs between the platforms; everything else is Caliper 1.2."""

    profiles: frozenset[str]
    event_profile: Mapping[str, str]
    generated: Mapping[str, _GeneratedCheck]
    timeback_entities: bool


_QUESTION_CHECKS: dict[str, _GeneratedCheck] = {
    "AssessmentItemEvent": _item_generated,
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
