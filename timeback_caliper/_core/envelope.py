"""Envelopes: checking what a caller wants to send, building the envelope, splitting batches.

Rules:
- Nothing is sent unless it passes `timeback_caliper.validation` at the caller's level (the
  sandbox's rules); the error names every problem with its JSON path, and the warnings are
  handed back to be reported.
- `sendTime` is UTC with milliseconds and `Z`; `dataVersion` is Caliper 1.2.
- Batches are bounded by event count and by the bytes of their JSON; an event too large
  for a batch on its own is an input error, not a request the server would refuse.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from attrs import evolve

from timeback_caliper._core.show import unicode_problem
from timeback_caliper._core.validation import (
    Issue,
    Level,
    errors_of,
    json_issues,
    validate_envelope,
)
from timeback_caliper._core.vocabulary import DATA_VERSION, Platform
from timeback_caliper.exceptions import InputValidationError

DEFAULT_BATCH_EVENTS = 100
DEFAULT_BATCH_BYTES = 1024 * 1024

# As httpx 0.28 writes request bodies: compact, UTF-8, no NaN or Infinity.
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode


def encode_json(value: Any) -> str:
    """Compact JSON, as it goes in an envelope."""
    return _encode(value)


def as_event(event: object) -> Any:
    """A caller's event (or envelope) as a JSON object: a mapping, a model of ours
    (`to_dict()`), or a pydantic model such as the vendor client's (`model_dump()`)."""
    if event.__class__ is dict:
        return event
    if isinstance(event, Mapping):
        return event if isinstance(event, dict) else dict(event)
    to_dict = getattr(event, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    model_dump = getattr(event, "model_dump", None)
    if callable(model_dump):
        return model_dump(mode="json", by_alias=True, exclude_none=True)
    return event  # validation names it


def build_envelope(sensor: str, events: Sequence[Any], send_time: str) -> dict[str, Any]:
    return {
        "sensor": sensor,
        "sendTime": send_time,
        "dataVersion": DATA_VERSION,
        "data": list(events),
    }


def sensor_issues(sensor: object) -> list[Issue]:
    """The one sensor rule: a non-empty string (the sensor's IRI; trimmed when used)."""
    if isinstance(sensor, str) and sensor.strip():
        problem = unicode_problem(sensor)
        return [Issue("sensor", problem, code="json")] if problem else []
    return [Issue("sensor", "must be a non-empty string (the sensor's IRI)", code="type")]


def raise_errors(issues: list[Issue], message: str) -> list[Issue]:
    """InputValidationError naming every error of `issues`; else the warnings, returned."""
    if issues:
        errors = errors_of(issues)
        if errors:
            raise InputValidationError(message, errors)
    return issues


def checked_envelope(
    sensor: object,
    events: object,
    *,
    send_time: str,
    level: Level,
    platform: Platform = "BEYOND_AI",
) -> tuple[dict[str, Any], list[Issue]]:
    """The envelope for `send(sensor, events)` and its warnings, or InputValidationError
    naming every problem."""
    issues = sensor_issues(sensor)
    if events.__class__ is not list and (
        isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Iterable)
    ):
        issues.append(Issue("events", "must be a list of events", code="type"))
        raise InputValidationError("Invalid send data", issues)
    data = [as_event(e) for e in events]
    if not data:
        issues.append(Issue("events", "must hold at least one event", code="min-items"))
    if issues:
        raise InputValidationError("Invalid send data", issues)
    assert isinstance(sensor, str)
    envelope = build_envelope(sensor.strip(), data, send_time)
    return envelope, check_envelope(envelope, level=level, platform=platform)


def check_envelope(
    envelope: object, *, level: Level, platform: Platform = "BEYOND_AI"
) -> list[Issue]:
    """The envelope's warnings; InputValidationError if it has errors."""
    return raise_errors(
        validate_envelope(envelope, level=level, platform=platform), "Invalid envelope"
    )


def encoded_size(event: Any) -> int:
    """Bytes of the event's compact JSON (what it adds to an envelope, less one comma)."""
    return len(_encode(event).encode("utf-8"))


def envelope_overhead(sensor: str, send_time: str) -> int:
    return len(_encode(build_envelope(sensor, [], send_time)).encode("utf-8"))


def split_batches(
    events: Iterable[Any],
    *,
    max_events: int,
    max_bytes: int,
    overhead: int,
) -> Iterator[tuple[int, list[Any], list[str]]]:
    """(index of the first event, events, their JSON) per batch, lazily: O(batch) memory for
    a generator. Each event is encoded once; `encoded_envelope` joins the texts."""
    batch: list[Any] = []
    texts: list[str] = []
    size = overhead
    start = 0
    for index, event in enumerate(events):
        try:
            text = _encode(event)
        except (TypeError, ValueError, RecursionError):
            issues = json_issues(event, f"events[{index}]") or [
                Issue(f"events[{index}]", "cannot be written as JSON", code="json")
            ]
            if batch:  # as with an event too large: what came before it goes
                yield start, batch, texts
            raise InputValidationError("Not JSON", issues) from None
        event_size = (len(text) if text.isascii() else len(text.encode("utf-8"))) + 1
        if batch and (len(batch) >= max_events or size + event_size > max_bytes):
            yield start, batch, texts
            batch, texts, size, start = [], [], overhead, index
        if overhead + event_size > max_bytes:
            raise InputValidationError(
                "Event too large",
                [
                    Issue(
                        f"events[{index}]",
                        f"is {event_size} bytes; a batch holds at most {max_bytes}",
                        code="too-large",
                    )
                ],
            )
        batch.append(event)
        texts.append(text)
        size += event_size
    if batch:
        yield start, batch, texts


def encoded_envelope(sensor: str, send_time: str, texts: Sequence[str]) -> bytes:
    """The envelope's JSON from events already written as JSON, without decoding them."""
    head = _encode({"sensor": sensor, "sendTime": send_time, "dataVersion": DATA_VERSION})
    return (head[:-1] + ',"data":[' + ",".join(texts) + "]}").encode("utf-8")


def reindex(error: InputValidationError, offset: int) -> InputValidationError:
    """An envelope's issues (`data[3]...`) renamed to positions in a caller's stream."""
    return InputValidationError(error.message, reindex_issues(error.issues, offset))


def reindex_issues(issues: Sequence[Issue], offset: int) -> list[Issue]:
    return [evolve(issue, path=_shift(issue.path, offset)) for issue in issues]


def _shift(path: str, offset: int) -> str:
    if path.startswith("data["):
        index, _, rest = path[5:].partition("]")
        if index.isdigit():
            return f"events[{int(index) + offset}]{rest}"
    return path
