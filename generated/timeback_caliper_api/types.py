"""Contains some shared types for properties"""

import copy
import importlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from http import HTTPStatus
from typing import (
    IO,
    Any,
    BinaryIO,
    ClassVar,
    Generic,
    Literal,
    Protocol,
    Self,
    TypeVar,
)

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus | int
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


# A model's fields: (Python name, wire name, kind, required, model class name or "",
# the spec's default or None). Kinds: "str", "int", "float", "bool", "any", "model", and
# "list:<kind>".
Fields = tuple[tuple[str, str, str, bool, str, Any], ...]

# A subclass of a model that stands for its schema (declared with `stands_for_schema=True`):
# it is what nested reads make (a page's events are the subclass), so conveniences added by
# hand reach every value. Other subclasses change nothing.
_SUBCLASSES: dict[str, type["Model"]] = {}


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # an id sent as a number reads as text
    return None


def _integer(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.strip().isdigit():
        return int(value)  # a count sent as a decimal string
    return None


def _number(value: Any) -> Any:
    return (
        value
        if isinstance(value, int | float) and not isinstance(value, bool)
        else None
    )


def _boolean(value: Any) -> Any:
    return value if isinstance(value, bool) else None


def _as_is(value: Any) -> Any:
    return value


_SCALARS: dict[str, Callable[[Any], Any]] = {
    "str": _text,
    "int": _integer,
    "float": _number,
    "bool": _boolean,
    "any": _as_is,
}


class Model:
    """The base of the generated models: each reads any JSON without raising (a missing or
    ill-typed field reads as None, or "" / [] when the schema requires it; unknown fields
    are kept in `extra`; `raw` is the object read), takes its fields by Python or wire name
    (`job_id=` or `jobId=`), writes its wire JSON (`to_dict()`), and has the pydantic-style
    methods code written for pydantic models calls (`model_dump`, `model_dump_json`,
    `model_validate`, `model_copy`)."""

    _fields: ClassVar[Fields] = ()
    _schema: ClassVar[str] = ""
    _closed: ClassVar[bool] = False  # the schema allows no other fields
    extra: dict[str, Any]
    raw: Mapping[str, Any]

    def __init_subclass__(
        cls, *, stands_for_schema: bool = False, **kwargs: Any
    ) -> None:
        """`class StoredEvent(api.StoredEvent, stands_for_schema=True)`: this subclass is read
        wherever its schema is (nested values and operation replies too)."""
        super().__init_subclass__(**kwargs)
        if stands_for_schema:
            _SUBCLASSES[cls._schema] = cls

    def _fill(
        self,
        given: Mapping[str, Any],
        extra: Mapping[str, Any],
        raw: Mapping[str, Any] | None,
    ) -> None:
        by_wire = {wire: name for name, wire, *_ in self._fields}
        values = dict(given)
        others: dict[str, Any] = {}
        for key, value in extra.items():
            if key in by_wire:
                values[by_wire[key]] = value
            else:
                others[key] = value
        for name, _, kind, required, target, default in self._fields:
            value = values.get(name)
            if (
                target and value is not None
            ):  # a dict given for a model field becomes one
                value = _coerce(kind, value, target)
            if value is None:  # the spec's default; what it requires reads as empty
                value = (
                    default
                    if default is not None
                    else ""
                    if required and kind == "str"
                    else []
                    if required
                    else None
                )
            object.__setattr__(self, name, value)
        object.__setattr__(self, "extra", others)
        object.__setattr__(self, "raw", raw if raw is not None else {})

    @classmethod
    def reads(cls, value: object) -> bool:
        """Whether a value nested in a reply reads as this model (else it is left out)."""
        return isinstance(value, Mapping)

    @classmethod
    def from_dict(cls, src_dict: object) -> Self:
        """Read a JSON object (anything else reads as an empty one); never raises."""
        data = src_dict if isinstance(src_dict, Mapping) else {}
        values = {
            name: _read(kind, data.get(wire, data.get(name)), target)
            for name, wire, kind, _, target, _ in cls._fields
        }
        known = {wire for _, wire, *_ in cls._fields} | {
            name for name, *_ in cls._fields
        }
        instance = cls.__new__(cls)
        Model._fill(instance, values, {}, data)
        instance.extra.update({k: v for k, v in data.items() if k not in known})
        return instance

    def to_dict(self) -> dict[str, Any]:
        """The wire JSON: what was read (`raw`), with the fields' values and `extra` over it;
        fields that are None and were not sent are left out."""
        out: dict[str, Any] = dict(self.raw)
        for name, wire, *_ in self._fields:
            value = getattr(self, name)
            if value is not None:
                out[wire] = _dump(value, by_alias=True, exclude_none=False)
        out.update(self.extra)
        return out

    def _pairs(self) -> list[tuple[str, str, Any]]:
        """(Python name, wire name, value) of each field: what `model_dump()` writes (a
        handwritten model class borrowing `model_dump` gives its own)."""
        return [(name, wire, getattr(self, name)) for name, wire, *_ in self._fields]

    def _extras(self) -> Mapping[str, Any]:
        return self.extra

    def model_dump(
        self,
        *,
        mode: str = "python",
        by_alias: bool | None = None,
        exclude_none: bool = False,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        include: Any = None,
        exclude: Any = None,
        **ignored: Any,
    ) -> dict[str, Any]:
        """The fields as a dict, by Python name (`by_alias=True`: by wire name), nested
        models too; `extra` fields as they came. `exclude_unset` and `exclude_defaults`
        leave out what is None; pydantic's other options are taken and change nothing."""
        return dump(
            self._pairs(),
            self._extras(),
            by_alias=bool(by_alias),
            exclude_none=exclude_none or exclude_unset or exclude_defaults,
            include=include,
            exclude=exclude,
        )

    def model_dump_json(
        self, *, indent: int | None = None, ensure_ascii: bool = False, **options: Any
    ) -> str:
        """`model_dump()` as JSON text."""
        return json.dumps(
            self.model_dump(mode="json", **options),
            indent=indent,
            ensure_ascii=ensure_ascii,
        )

    @classmethod
    def model_validate(cls, obj: object) -> Self:
        """This model from a dict (Python or wire names), a model of its kind, or anything
        with `model_dump()`."""
        if isinstance(obj, cls):
            return obj
        dump = getattr(obj, "model_dump", None)
        if not isinstance(obj, Mapping) and callable(dump):
            obj = dump(by_alias=True)
        return cls.from_dict(obj)

    def model_copy(
        self, *, update: Mapping[str, Any] | None = None, deep: bool = False
    ) -> Self:
        """A copy, with the fields in `update` (Python or wire names) changed."""
        other = copy.deepcopy(self) if deep else copy.copy(self)
        by_wire = {wire: name for name, wire, *_ in self._fields}
        for key, value in (update or {}).items():
            object.__setattr__(other, by_wire.get(key, key), value)
        return other

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """(name, value) of each field, as iterating a pydantic model gives."""
        for name, *_ in self._fields:
            yield name, getattr(self, name)

    def __getitem__(self, key: str) -> Any:
        """`model["path"]`: a field by wire or Python name, or an extra field."""
        for name, wire, *_ in self._fields:
            if key in (name, wire):
                return getattr(self, name)
        return self.extra[key]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Model)
        return (
            all(getattr(self, n) == getattr(other, n) for n, *_ in self._fields)
            and self.extra == other.extra
        )

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n, *_ in self._fields)
        return f"{type(self).__name__}({shown})"


def _model(target: str) -> type[Model]:
    """The class read for schema `target`: a handwritten subclass, else the generated one."""
    found = _SUBCLASSES.get(target)
    if found is not None:
        return found
    cls: type[Model] = getattr(
        importlib.import_module(__name__.rsplit(".", 1)[0] + ".models"), target
    )
    return cls


def _read(kind: str, value: Any, target: str) -> Any:
    if value is None:
        return None
    if kind.startswith("list:"):
        if not isinstance(value, list):
            return None
        items = (_read(kind[5:], item, target) for item in value)
        return [item for item in items if item is not None]
    if kind == "model":
        cls = _model(target)
        return cls.from_dict(value) if cls.reads(value) else None
    return _SCALARS[kind](value)


def _coerce(kind: str, value: Any, target: str) -> Any:
    if kind == "model" and isinstance(value, Mapping):
        return _model(target).from_dict(value)
    if kind.startswith("list:") and isinstance(value, list):
        return [_coerce(kind[5:], item, target) for item in value]
    return value


def dump(
    pairs: Iterable[tuple[str, str, Any]],
    extra: Mapping[str, Any],
    *,
    by_alias: bool,
    exclude_none: bool,
    include: Any = None,
    exclude: Any = None,
) -> dict[str, Any]:
    """`model_dump()` of (Python name, wire name, value) fields and extra fields, for any
    model class (the handwritten ones use it too): nested models dumped alike."""
    out: dict[str, Any] = {}
    for name, wire, value in pairs:
        if value is None and exclude_none:
            continue
        out[wire if by_alias else name] = _dump(
            value, by_alias=by_alias, exclude_none=exclude_none
        )
    out.update(extra)
    if include is not None:
        out = {k: v for k, v in out.items() if k in include}
    if exclude is not None:
        out = {k: v for k, v in out.items() if k not in exclude}
    return out


def _dump(value: Any, *, by_alias: bool, exclude_none: bool) -> Any:
    if isinstance(value, Model) and by_alias and not exclude_none:
        return value.to_dict()
    nested = getattr(value, "model_dump", None)
    if callable(nested) and not isinstance(value, type):
        return nested(by_alias=by_alias, exclude_none=exclude_none)
    if isinstance(value, list | tuple):
        return [
            _dump(item, by_alias=by_alias, exclude_none=exclude_none) for item in value
        ]
    return value


M = TypeVar("M", bound=Model)


def read(cls: type[M], body: object) -> M:
    """A reply read as `cls`, or as the handwritten subclass that stands for its schema."""
    found = _SUBCLASSES.get(cls._schema)
    if found is not None and issubclass(found, cls):
        return found.from_dict(body)
    return cls.from_dict(body)


class AsyncCaller(Protocol):
    """What the generated operations send through: the client's transport (auth, retries,
    deadline, error mapping). Returns the 2xx reply's JSON (None when it has no body)."""

    async def operation(
        self, name: str, request: dict[str, Any], *, idempotent: bool
    ) -> Any: ...


class Caller(Protocol):
    """The sync `AsyncCaller`."""

    def operation(
        self, name: str, request: dict[str, Any], *, idempotent: bool
    ) -> Any: ...


__all__ = [
    "UNSET",
    "AsyncCaller",
    "Caller",
    "Fields",
    "File",
    "FileTypes",
    "Model",
    "RequestFiles",
    "Response",
    "Unset",
    "dump",
    "read",
]
