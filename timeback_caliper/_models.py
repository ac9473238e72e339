"""How the public value classes take the vendor client's keywords, and how events read.

The vendor's client (timeback-caliper 0.4.0) builds its inputs with pydantic models:
they take camelCase aliases as well as snake_case names (`eventTime=` or `event_time=`),
a `type=` that can only have one value, and, for some, fields nobody declared, which
they keep (`extra="allow"`) or drop (`extra="ignore"`). Its factories return models whose
fields read as attributes (`event.id`, `event.event_time`). Code written for it runs here
unchanged through two pieces:

- `vendor_keywords`: a class decorator for our attrs classes that maps aliases to field
  names and keeps or drops undeclared keywords, as the vendor model of the same name does
  (and, like pydantic, turns a dict given for a typed field into that type);
- `WireDict`: an event is its wire JSON, a dict (what `send()` takes and `json.dumps`
  writes), whose keys also read as snake_case attributes (`event.event_time` is
  `event["eventTime"]`; nested objects read the same way).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar

import attrs

from timeback_caliper_api.types import Model

T = TypeVar("T")

# The wire's camelCase names of snake_case fields (everything else is the same on both).
CAMEL = {
    "event_time": "eventTime",
    "ed_app": "edApp",
    "is_part_of": "isPartOf",
    "max_score": "maxScore",
    "score_given": "scoreGiven",
    "scored_by": "scoredBy",
    "started_at_time": "startedAtTime",
    "ended_at_time": "endedAtTime",
    "sub_type": "subType",
    "start_date": "startDate",
    "end_date": "endDate",
    "generated_extensions": "generatedExtensions",
    "metrics_id": "metricsId",
    "federated_session": "federatedSession",
}
# Field names as the vendor's models spell them, for keywords and attribute reads: the
# entity names above, and the envelope's and the event's own.
NAMES = {**CAMEL, "send_time": "sendTime", "data_version": "dataVersion", "context": "@context"}
SNAKE = {camel: snake for snake, camel in NAMES.items()}


def vendor_keywords(
    *,
    extra: Literal["allow", "ignore"] = "ignore",
    coerce: Mapping[str, Callable[[], type]] | None = None,
) -> Callable[[type[T]], type[T]]:
    """Let an attrs class take what the vendor's pydantic model of its name takes.

    `extra="allow"` keeps undeclared keywords in the class's `extra` field; "ignore" drops
    them. `coerce` names fields whose dict value becomes the given class (a dict that does
    not make one is kept as it is, for validation to name its problems).
    """

    def decorate(cls: type[T]) -> type[T]:
        init = cls.__init__
        names = frozenset(a.name for a in attrs.fields(cls))  # type: ignore[arg-type]
        keeps = extra == "allow"

        def __init__(self: Any, **given: Any) -> None:
            known: dict[str, Any] = {}
            others: dict[str, Any] = {}
            for key, value in given.items():
                name = SNAKE.get(key, key)
                if name in names and name != "extra":
                    known[name] = value
                else:
                    others[key] = value
            for name, target in (coerce or {}).items():
                known[name] = _coerced(known.get(name), target())
            if keeps and others:
                known["extra"] = others
            init(self, **known)

        __init__.__doc__ = init.__doc__
        __init__.__signature__ = _signature(init)  # type: ignore[attr-defined]
        cls.__init__ = __init__  # type: ignore[method-assign]
        for name, method in _PYDANTIC_METHODS.items():
            setattr(cls, name, method)
        return cls

    return decorate


def _pairs(self: Any) -> list[tuple[str, str, Any]]:
    return [
        (a.name, NAMES.get(a.name, a.name), getattr(self, a.name))
        for a in attrs.fields(type(self))
        if a.name != "extra"
    ]


def _extras(self: Any) -> Mapping[str, Any]:
    return getattr(self, "extra", None) or {}


@classmethod  # type: ignore[misc]
def _model_validate(cls: Any, obj: object) -> Any:
    """This model from a dict (Python or wire names), one of its kind, or anything with
    `model_dump()` (the vendor's own model of this name)."""
    if isinstance(obj, cls):
        return obj
    dump = getattr(obj, "model_dump", None)
    if not isinstance(obj, Mapping) and callable(dump):
        obj = dump(by_alias=True, exclude_none=True)
    if not isinstance(obj, Mapping):
        raise TypeError(f"{cls.__name__}.model_validate() takes a dict, not {type(obj).__name__}")
    return cls(**obj)


def _model_copy(self: Any, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Any:
    import copy

    source = copy.deepcopy(self) if deep else self
    return attrs.evolve(source, **{SNAKE.get(k, k): v for k, v in (update or {}).items()})


# What code written for pydantic models calls on them, given to every vendor-keyword class:
# the dumps are the generated models' own, over the class's fields.
_PYDANTIC_METHODS = {
    "_pairs": _pairs,
    "_extras": _extras,
    "model_dump": Model.model_dump,
    "model_dump_json": Model.model_dump_json,
    "model_validate": _model_validate,
    "model_copy": _model_copy,
}


def _signature(init: Any) -> Any:
    import inspect

    return inspect.signature(init)


def _coerced(value: Any, target: type) -> Any:
    if isinstance(value, list):
        return [_coerced(item, target) for item in value]
    if isinstance(value, Mapping) and not isinstance(value, target):
        try:
            return target(**value)
        except TypeError:  # not enough to make one: keep the dict
            return value
    return value


class WireDict(dict[str, Any]):
    """A JSON object whose keys also read as attributes, snake_case or as written.

    A nested object reads the same way, as a copy: `event.actor.email`,
    `event.generated.items` (a key wins over a dict method of the same name there).
    """

    def __getattr__(self, name: str) -> Any:
        key = NAMES.get(name, name)
        if key in self:
            return _readable(self[key])
        raise AttributeError(f"{type(self).__name__} has no field {name!r}")

    def _pairs(self) -> list[tuple[str, str, Any]]:
        return [(SNAKE.get(k, k), k, v) for k, v in self.items()]

    def _extras(self) -> Mapping[str, Any]:
        return {}

    model_dump = Model.model_dump  # by_alias=True: the wire keys; else snake_case
    model_dump_json = Model.model_dump_json

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Any:
        """A copy, with the fields in `update` (snake_case or wire names) changed."""
        import copy

        other = copy.deepcopy(self) if deep else copy.copy(self)
        other.update({NAMES.get(k, k): v for k, v in (update or {}).items()})
        return other


class _View(dict[str, Any]):
    """A nested object of a `WireDict`, read by attribute: its keys first."""

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("__"):
            key = NAMES.get(name, name)
            if dict.__contains__(self, key):
                return _readable(dict.__getitem__(self, key))
        return super().__getattribute__(name)


def _readable(value: Any) -> Any:
    if isinstance(value, dict):
        return _View(value)
    if isinstance(value, list):
        return [_readable(item) for item in value]
    return value
