"""Timeback profile and question events: input types and factories.

The factories are shared by the sync and async clients and do no I/O. They return the
event as its wire JSON (a dict): camelCase keys, `@context` on the event and on every entity
it defines, `urn:uuid:` ids, times in UTC with milliseconds and `Z`. Inputs are the typed
classes below or plain dicts with the same fields (snake_case or camelCase keys), as in the
vendor's Python examples. Times may be `datetime` objects (naive means UTC) or ISO 8601
strings. A factory checks the event at its `validation` level ("basic" by default) and
raises `InputValidationError` naming every error, before anything is sent; warnings are
reported when the event is sent.

`now` and `new_id` let tests build events deterministically; by default the time is the
current UTC time and ids are random uuid4s.
"""

from __future__ import annotations

import functools
import os
import random
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar, cast

import attrs
from attrs import field, frozen

from timeback_caliper._core.envelope import as_event
from timeback_caliper._core.params import callback
from timeback_caliper._core.show import show
from timeback_caliper._core.timestamps import TimeInput, format_timestamp, parse_time_input
from timeback_caliper._core.validation import Issue, errors_of, level_of, validate_built_event
from timeback_caliper._core.vocabulary import (
    CALIPER_CONTEXT,
    CALIPER_DATA_VERSION,
    QUESTION_RESULT_SCORE_TYPE,
    ActivityMetricType,
    TimebackSubject,
    TimebackUserRole,
    TimeSpentMetricType,
)
from timeback_caliper._models import CAMEL, NAMES, WireDict, vendor_keywords
from timeback_caliper.exceptions import InputValidationError
from timeback_caliper_api.models.activity_metric import ActivityMetric
from timeback_caliper_api.models.time_spent_metric import TimeSpentMetric as _TimeSpentMetric
from timeback_caliper_api.models.timeback_activity import TimebackActivity
from timeback_caliper_api.models.timeback_activity_context import TimebackActivityContext
from timeback_caliper_api.models.timeback_activity_metrics_collection import (
    TimebackActivityMetricsCollection,
)
from timeback_caliper_api.models.timeback_app import TimebackApp
from timeback_caliper_api.models.timeback_course import TimebackCourse
from timeback_caliper_api.models.timeback_time_spent_metrics_collection import (
    TimebackTimeSpentMetricsCollection,
)
from timeback_caliper_api.models.timeback_user import TimebackUser

__all__ = [
    "CALIPER_DATA_VERSION",
    "QUESTION_RESULT_SCORE_TYPE",
    "ActivityCompletedEvent",
    "ActivityCompletedInput",
    "ActivityMetricType",
    "AssessmentItemEvent",
    "CaliperEvent",
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
]

Entity = str | Mapping[str, Any]
Extensions = Mapping[str, Any]
_CAMEL = CAMEL
_SNAKE = {camel: snake for snake, camel in CAMEL.items()}


def _wire(value: Any) -> Any:
    """An entity in wire form: typed inputs through `to_dict()`, mappings with camelCase keys."""
    if isinstance(value, dict):
        if value.keys().isdisjoint(_CAMEL):
            return dict(value)
        return {_CAMEL.get(k, k): v for k, v in value.items()}
    if value is None or isinstance(value, str):
        return value
    if hasattr(value, "to_dict") or hasattr(value, "model_dump"):
        return as_event(value)  # ours, or a pydantic model such as the vendor's
    if isinstance(value, Mapping):
        return {_CAMEL.get(k, k): v for k, v in value.items()}
    return value


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _camel_dict(value: Any) -> dict[str, Any]:
    """An input's set fields in wire form: camelCase keys, None left out, extras kept."""
    fields = attrs.asdict(value, recurse=False)
    extra = fields.pop("extra", None) or {}
    return _with_extra(
        {_CAMEL.get(k, k): _wire(v) for k, v in fields.items() if v is not None}, extra
    )


def _with_extra(wire: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """The wire form of a typed entity: its fields, then the undeclared ones it was given."""
    if extra:
        wire.update((k, _wire(v)) for k, v in extra.items() if k not in wire)
    return wire


# -- entities ---------------------------------------------------------------------------
# The Timeback entities are the models generated from their schemas: they take the vendor
# model's keywords (camelCase aliases, `type=` with its one value as default, undeclared
# fields, kept in `extra`), turn a dict given for an entity field into that entity, and
# write their wire JSON with `to_dict()`.
TimebackActivityMetric = ActivityMetric


class TimeSpentMetric(_TimeSpentMetric, stands_for_schema=True):
    """Seconds of `active`, `inactive`, `waste`, `unknown` or `anti-pattern` time; the
    dates may be `datetime`s (the factories write them for the wire)."""

    def __init__(
        self,
        *,
        type: str | None = None,
        value: float | None = None,
        sub_type: str | None = None,
        start_date: TimeInput | None = None,
        end_date: TimeInput | None = None,
        extensions: Mapping[str, Any] | None = None,
        raw: Any = None,
        **extra: Any,
    ) -> None:
        given: dict[str, Any] = {"type": type, "value": value, "sub_type": sub_type}
        given |= {"start_date": start_date, "end_date": end_date, "extensions": extensions}
        self._fill(given, extra, raw)


@vendor_keywords(extra="allow")
@frozen(kw_only=True)
class QuestionObjectInput:
    """A question (a Caliper AssessmentItem)."""

    id: str
    name: str | None = None
    is_part_of: Entity | None = None
    max_score: float | None = None
    extensions: Extensions | None = None
    extra: Mapping[str, Any] = field(factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Its fields in wire form (the question event adds `@context` and `type`)."""
        return _camel_dict(self)


@vendor_keywords(extra="allow")
@frozen(kw_only=True)
class ResponseGeneratedInput:
    """The learner's answer (a Caliper Response)."""

    id: str | None = None
    attempt: Entity | None = None
    started_at_time: TimeInput | None = None
    ended_at_time: TimeInput | None = None
    duration: str | None = None
    extensions: Extensions | None = None
    extra: Mapping[str, Any] = field(factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Its fields in wire form (the answered event adds `@context` and `type`)."""
        return _camel_dict(self)


@vendor_keywords()
@frozen(kw_only=True)
class ScoreGeneratedInput:
    """The grade (a Caliper Score). `scored_by` defaults to the event's actor."""

    score_given: float
    id: str | None = None
    max_score: float | None = None
    attempt: Entity | None = None
    scored_by: Entity | None = None
    comment: str | None = None
    extensions: Extensions | None = None

    def to_dict(self) -> dict[str, Any]:
        """Its fields in wire form (the graded event adds `@context`, `type`, `scoredBy`)."""
        return _camel_dict(self)


# -- inputs -----------------------------------------------------------------------------

_ACTOR_OBJECT = {
    "actor": lambda: TimebackUser,
    "object": lambda: TimebackActivityContext,
}


@vendor_keywords(coerce={**_ACTOR_OBJECT, "metrics": lambda: TimebackActivityMetric})
@frozen(kw_only=True)
class ActivityCompletedInput:
    """An ActivityEvent/Completed: a learner finished an activity, with its metrics."""

    actor: TimebackUser | Mapping[str, Any]
    object: TimebackActivityContext | Mapping[str, Any]
    metrics: Sequence[TimebackActivityMetric | Mapping[str, Any]]
    attempt: int | None = None
    event_time: TimeInput | None = None
    id: str | None = None
    metrics_id: str | None = None
    ed_app: Entity | None = None
    session: Entity | None = None
    extensions: Extensions | None = None
    generated_extensions: Extensions | None = None


@vendor_keywords(coerce={**_ACTOR_OBJECT, "metrics": lambda: TimeSpentMetric})
@frozen(kw_only=True)
class TimeSpentInput:
    """A TimeSpentEvent/SpentTime: seconds spent on an activity, by kind of time."""

    actor: TimebackUser | Mapping[str, Any]
    object: TimebackActivityContext | Mapping[str, Any]
    metrics: Sequence[TimeSpentMetric | Mapping[str, Any]]
    event_time: TimeInput | None = None
    id: str | None = None
    metrics_id: str | None = None
    ed_app: Entity | None = None
    session: Entity | None = None
    extensions: Extensions | None = None
    generated_extensions: Extensions | None = None


@vendor_keywords(coerce={"object": lambda: QuestionObjectInput})
@frozen(kw_only=True)
class QuestionSeenInput:
    """An AssessmentItemEvent/Started: the learner was shown a question."""

    actor: Entity
    object: QuestionObjectInput | Mapping[str, Any]
    ed_app: Entity | None = None
    id: str | None = None
    event_time: TimeInput | None = None
    session: Entity | None = None
    extensions: Extensions | None = None


@vendor_keywords(
    coerce={"object": lambda: QuestionObjectInput, "generated": lambda: ResponseGeneratedInput}
)
@frozen(kw_only=True)
class QuestionAnsweredInput:
    """An AssessmentItemEvent/Completed: the learner answered, optionally with the Response."""

    actor: Entity
    object: QuestionObjectInput | Mapping[str, Any]
    ed_app: Entity | None = None
    generated: ResponseGeneratedInput | Mapping[str, Any] | None = None
    id: str | None = None
    event_time: TimeInput | None = None
    session: Entity | None = None
    extensions: Extensions | None = None


@vendor_keywords(coerce={"generated": lambda: ScoreGeneratedInput})
@frozen(kw_only=True)
class QuestionGradedInput:
    """A GradeEvent/Graded: an answer (the attempt, `object`) got a score."""

    actor: Entity
    object: Entity
    generated: ScoreGeneratedInput | Mapping[str, Any]
    ed_app: Entity | None = None
    id: str | None = None
    event_time: TimeInput | None = None
    session: Entity | None = None
    extensions: Extensions | None = None


# -- events -----------------------------------------------------------------------------


class CaliperEvent(WireDict):
    """An event as its wire JSON: a dict (send it, `json.dumps` it), whose fields also read
    as attributes, snake_case (`event.event_time`, `event.actor.email`), as the vendor
    client's event models do. What the factories return.

    Made from keywords (`ActivityCompletedEvent(id=..., actor=..., ...)`, the vendor
    model's fields, snake_case or camelCase), it fills in the fields its class fixes
    (`@context`, `type`, `action`, `profile`).
    """

    frame: ClassVar[Mapping[str, str]] = {}

    def __init__(self, data: Mapping[str, Any] | None = None, /, **fields: Any) -> None:
        if data is not None:
            super().__init__(data)
            return
        wire: dict[str, Any] = {"@context": CALIPER_CONTEXT, **self.frame}
        for key, value in fields.items():
            if value is not None:
                wire[NAMES.get(key, key)] = _wire(value)
        super().__init__(wire)


class ActivityCompletedEvent(CaliperEvent):
    """A Timeback ActivityEvent/Completed."""

    frame: ClassVar[Mapping[str, str]] = {
        "type": "ActivityEvent",
        "action": "Completed",
        "profile": "TimebackProfile",
    }


class TimeSpentEvent(CaliperEvent):
    """A Timeback TimeSpentEvent/SpentTime."""

    frame: ClassVar[Mapping[str, str]] = {
        "type": "TimeSpentEvent",
        "action": "SpentTime",
        "profile": "TimebackProfile",
    }


class AssessmentItemEvent(CaliperEvent):
    """An AssessmentItemEvent (question seen, skipped or answered)."""

    frame: ClassVar[Mapping[str, str]] = {
        "type": "AssessmentItemEvent",
        "profile": "AssessmentProfile",
    }


class QuestionGradeEvent(CaliperEvent):
    """A GradeEvent/Graded for one question."""

    frame: ClassVar[Mapping[str, str]] = {
        "type": "GradeEvent",
        "action": "Graded",
        "profile": "GradingProfile",
    }


TimebackEvent = ActivityCompletedEvent | TimeSpentEvent | AssessmentItemEvent | QuestionGradeEvent


T = TypeVar("T")
E = TypeVar("E", bound=CaliperEvent)


@functools.cache
def _fields(cls: type) -> tuple[frozenset[str], tuple[str, ...]]:
    """The field names of an input class, and those without a default."""
    fields = attrs.fields(cast(Any, cls))
    return (
        frozenset(f.name for f in fields),
        tuple(f.name for f in fields if f.default is attrs.NOTHING),
    )


def _default_type(entity: Any, kind: str) -> None:
    """A Timeback entity given as a dict without `type` gets the only one it may have."""
    if isinstance(entity, dict) and "type" not in entity:
        entity["type"] = kind


def _source(cls: type, value: object, path: str) -> dict[str, Any]:
    """The fields of an input as a dict: from the typed class, or from a mapping whose keys
    are snake_case or camelCase. Unknown and missing fields are input errors."""
    names, required = _fields(cls)
    if value.__class__ is dict and value.keys() <= names and all(n in value for n in required):
        return value  # the common case: read, never changed
    if isinstance(value, cls):
        return {name: getattr(value, name) for name in names}
    if not isinstance(value, Mapping) and hasattr(value, "model_dump"):
        value = as_event(value)  # the vendor's model of this name
    if not isinstance(value, Mapping):
        raise InputValidationError(
            f"Invalid {cls.__name__}",
            [Issue(path, f"must be a {cls.__name__} or a dict of its fields", code="type")],
        )
    fields: dict[str, Any] = {}
    issues: list[Issue] = []
    for key, item in value.items():
        name = _SNAKE.get(key, key)
        if name in names:
            fields[name] = item
        else:
            issues.append(
                Issue(f"{path}.{key}", f"is not a field of {cls.__name__}", code="unknown-property")
            )
    issues += [
        Issue(f"{path}.{name}", "is required", code="required")
        for name in required
        if name not in fields
    ]
    if issues:
        raise InputValidationError(f"Invalid {cls.__name__}", issues)
    return fields


def coerce_input(cls: type[T], value: object, path: str = "input") -> T:
    """`value` as a `cls`: itself, or built from a mapping with snake_case or camelCase keys."""
    if isinstance(value, cls):
        return value
    return cls(**_source(cls, value, path))


# -- factories --------------------------------------------------------------------------

IdFactory = Callable[[], str]


# Ids come from a generator of our own, seeded from the OS and seeded again in every forked
# child: a caller's `random.seed(...)` cannot make them repeat (the API keeps one event per
# id, so a repeated id would be a lost event), and neither can a fork (the parent and the
# child would otherwise draw the same ids).
_IDS = random.Random()
os.register_at_fork(after_in_child=_IDS.seed)
_VERSION_BITS = ~((0xF << 76) | (0x3 << 62))
_VERSION_4 = (0x4 << 76) | (0x2 << 62)


def new_request_id() -> str:
    """A random version 4 UUID, as text; three times faster than `str(uuid.uuid4())`."""
    h = "%032x" % ((_IDS.getrandbits(128) & _VERSION_BITS) | _VERSION_4)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def new_event_id() -> str:
    """A random `urn:uuid:` (version 4), as Caliper wants event ids."""
    return f"urn:uuid:{new_request_id()}"


_last_stamp: tuple[int, str] = (0, "")


def now_stamp() -> str:
    """The current UTC time in wire form, formatted once per millisecond."""
    global _last_stamp
    now = time.time_ns() // 1_000_000
    last_ms, text = _last_stamp
    if now != last_ms:
        moment = datetime.fromtimestamp(now / 1000, UTC)
        text = format_timestamp(moment)
        _last_stamp = (now, text)
    return text


# What a factory writes itself (see validate_built_event): the frame and only Caliper's
# properties always; the id and the time unless the caller gave them.
_FRAME = frozenset({"frame", "*"})
_FRAME_ID = _FRAME | {"id"}
_FRAME_TIME = _FRAME | {"eventTime"}
_FRAME_ID_TIME = _FRAME_ID | _FRAME_TIME


class _Build:
    """One event's construction: ids, times normalised, issues gathered."""

    def __init__(self, now: datetime | None, new_id: IdFactory | None) -> None:
        self.issues: list[Issue] = []
        self.stamp: str | None = None  # `now` in wire form
        if now is not None:
            try:
                self.stamp = format_timestamp(now)
            except (AttributeError, TypeError, ValueError, OverflowError):
                problem = f"must be a datetime (in years 1 to 9999 in UTC) or None, got {show(now)}"
                self.issues.append(Issue("now", problem, code="type"))
        callback(self.issues, "new_id", new_id)
        if self.issues:  # before the input is read: these are the caller's code
            raise InputValidationError("Invalid factory arguments", self.issues)
        self.new_id = new_id or new_event_id
        self.built = _FRAME  # what this factory wrote itself: valid by construction

    def time(self, value: TimeInput | None) -> Any:
        """A user's time in wire form; a value that is not a time stays as it is, for the
        validation to name at its place in the event."""
        if value is None:
            return None
        try:
            return format_timestamp(parse_time_input(value))
        except (TypeError, ValueError):
            return value

    def event(self, source: Mapping[str, Any], cls: type[E], action: str | None = None) -> E:
        """The frame every factory shares, up to and including the actor."""
        event_time, event_id = source.get("event_time"), source.get("id")
        if event_time is not None:
            stamp = self.time(event_time)
        else:
            stamp = self.stamp or now_stamp()
        if event_time is None and not event_id:
            self.built = _FRAME_ID_TIME
        elif not event_id:
            self.built = _FRAME_ID
        elif event_time is None:
            self.built = _FRAME_TIME
        frame = cls.frame
        event = dict.__new__(cls)  # filled below: no copy of a first dict
        dict.update(
            event,
            {
                "@context": CALIPER_CONTEXT,
                "id": event_id or self.new_id(),
                "type": frame["type"],
                "action": action or frame["action"],
                "profile": frame["profile"],
                "eventTime": stamp,
                "actor": _wire(source["actor"]),
            },
        )
        return event

    def items(self, metrics: object, path: str, *, dated: bool) -> list[Any]:
        """The metrics in wire form; `dated` items have startDate/endDate to normalise."""
        if metrics.__class__ is not list and (
            isinstance(metrics, (str, bytes, Mapping)) or not isinstance(metrics, Sequence)
        ):
            self.issues.append(Issue(path, "must be a list of metrics", code="type"))
            return []
        items = [
            dict(m) if m.__class__ is dict and m.keys().isdisjoint(_CAMEL) else _wire(m)
            for m in metrics
        ]
        if dated:
            for item in items:
                for key in ("startDate", "endDate"):
                    if isinstance(item, dict) and item.get(key) is not None:
                        item[key] = self.time(item[key])
        return items

    def finish(self, event: E, source: Mapping[str, Any], *, validation: str) -> E:
        for name, key in (("ed_app", "edApp"), ("session", "session")):
            if source.get(name) is not None:
                event[key] = _wire(source[name])
        if source.get("extensions") is not None:
            event["extensions"] = source["extensions"]
        if validation != "off":
            try:
                level = level_of(validation)
            except ValueError as exc:
                self.issues.append(Issue("validation", str(exc), code="enum"))
            else:
                found = validate_built_event(event, level=level, built=self.built)
                if found:
                    self.issues += errors_of(found)
        if self.issues:
            raise InputValidationError(f"Invalid {event['type']}", self.issues)
        return event


def _collection(b: _Build, source: Mapping[str, Any], kind: str, *, dated: bool) -> dict[str, Any]:
    collection: dict[str, Any] = {
        "id": source.get("metrics_id") or b.new_id(),
        "type": kind,
        "items": b.items(source.get("metrics"), "metrics", dated=dated),
    }
    if source.get("attempt") is not None:
        collection["attempt"] = source["attempt"]
    if source.get("generated_extensions") is not None:
        collection["extensions"] = source["generated_extensions"]
    return collection


def create_activity_event(
    input: ActivityCompletedInput | Mapping[str, Any],
    *,
    now: datetime | None = None,
    new_id: IdFactory | None = None,
    validation: str = "basic",
) -> ActivityCompletedEvent:
    """A Timeback ActivityEvent/Completed with its TimebackActivityMetricsCollection."""
    source = _source(ActivityCompletedInput, input, "input")
    b = _Build(now, new_id)
    event = b.event(source, ActivityCompletedEvent)
    event["object"] = _wire(source["object"])
    _default_type(event["actor"], "TimebackUser")
    _default_type(event["object"], "TimebackActivityContext")
    event["generated"] = _collection(b, source, "TimebackActivityMetricsCollection", dated=False)
    return b.finish(event, source, validation=validation)


def create_time_spent_event(
    input: TimeSpentInput | Mapping[str, Any],
    *,
    now: datetime | None = None,
    new_id: IdFactory | None = None,
    validation: str = "basic",
) -> TimeSpentEvent:
    """A Timeback TimeSpentEvent/SpentTime with its TimebackTimeSpentMetricsCollection."""
    source = _source(TimeSpentInput, input, "input")
    b = _Build(now, new_id)
    event = b.event(source, TimeSpentEvent)
    event["object"] = _wire(source["object"])
    _default_type(event["actor"], "TimebackUser")
    _default_type(event["object"], "TimebackActivityContext")
    event["generated"] = _collection(b, source, "TimebackTimeSpentMetricsCollection", dated=True)
    return b.finish(event, source, validation=validation)


def _question(value: object) -> dict[str, Any]:
    question = _source(QuestionObjectInput, value, "input.object")
    return _with_extra(
        _drop_none(
            {
                "@context": CALIPER_CONTEXT,
                "id": question["id"],
                "type": "AssessmentItem",
                "name": question.get("name"),
                "isPartOf": _wire(question.get("is_part_of")),
                "maxScore": question.get("max_score"),
                "extensions": question.get("extensions"),
            }
        ),
        question.get("extra") or {},
    )


def _question_event(
    cls: type[QuestionSeenInput] | type[QuestionAnsweredInput],
    input: object,
    action: str,
    now: datetime | None,
    new_id: IdFactory | None,
    validation: str,
) -> AssessmentItemEvent:
    source = _source(cls, input, "input")
    b = _Build(now, new_id)
    event = b.event(source, AssessmentItemEvent, action)
    event["object"] = _question(source["object"])
    if source.get("generated") is not None:
        response = _source(ResponseGeneratedInput, source["generated"], "input.generated")
        event["generated"] = _with_extra(
            _drop_none(
                {
                    "@context": CALIPER_CONTEXT,
                    "id": response.get("id") or b.new_id(),
                    "type": "Response",
                    "attempt": _wire(response.get("attempt")),
                    "startedAtTime": b.time(response.get("started_at_time")),
                    "endedAtTime": b.time(response.get("ended_at_time")),
                    "duration": response.get("duration"),
                    "extensions": response.get("extensions"),
                }
            ),
            response.get("extra") or {},
        )
    return b.finish(event, source, validation=validation)


def create_question_seen_event(
    input: QuestionSeenInput | Mapping[str, Any],
    *,
    now: datetime | None = None,
    new_id: IdFactory | None = None,
    validation: str = "basic",
) -> AssessmentItemEvent:
    """An AssessmentItemEvent/Started: the question was shown."""
    return _question_event(QuestionSeenInput, input, "Started", now, new_id, validation)


def create_question_skipped_event(
    input: QuestionSeenInput | Mapping[str, Any],
    *,
    now: datetime | None = None,
    new_id: IdFactory | None = None,
    validation: str = "basic",
) -> AssessmentItemEvent:
    """An AssessmentItemEvent/Skipped: the question was skipped (Caliper 1.2 allows it)."""
    return _question_event(QuestionSeenInput, input, "Skipped", now, new_id, validation)


def create_question_answered_event(
    input: QuestionAnsweredInput | Mapping[str, Any],
    *,
    now: datetime | None = None,
    new_id: IdFactory | None = None,
    validation: str = "basic",
) -> AssessmentItemEvent:
    """An AssessmentItemEvent/Completed: the question was answered."""
    return _question_event(QuestionAnsweredInput, input, "Completed", now, new_id, validation)


def create_question_graded_event(
    input: QuestionGradedInput | Mapping[str, Any],
    *,
    now: datetime | None = None,
    new_id: IdFactory | None = None,
    validation: str = "basic",
) -> QuestionGradeEvent:
    """A GradeEvent/Graded with its Score (with `@context`, `attempt` and `scoredBy`)."""
    source = _source(QuestionGradedInput, input, "input")
    b = _Build(now, new_id)
    event = b.event(source, QuestionGradeEvent)
    event["object"] = _wire(source["object"])
    score = _source(ScoreGeneratedInput, source["generated"], "input.generated")
    attempt, scored_by = score.get("attempt"), score.get("scored_by")
    event["generated"] = _drop_none(
        {
            "@context": CALIPER_CONTEXT,
            "id": score.get("id") or b.new_id(),
            "type": "Score",
            "attempt": _wire(source["object"] if attempt is None else attempt),
            "scoredBy": _wire(source["actor"] if scored_by is None else scored_by),
            "scoreGiven": score["score_given"],
            "maxScore": score.get("max_score"),
            "comment": score.get("comment"),
            "extensions": score.get("extensions"),
        }
    )
    return b.finish(event, source, validation=validation)
