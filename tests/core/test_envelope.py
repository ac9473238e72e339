"""Envelopes: checking what a caller sends, building the envelope, and splitting batches."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

import pytest

from timeback_caliper._core.envelope import (
    as_event,
    build_envelope,
    checked_envelope,
    encoded_envelope,
    encoded_size,
    envelope_overhead,
    reindex,
    split_batches,
)
from timeback_caliper.exceptions import InputValidationError
from timeback_caliper.validation import Issue

CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
SENSOR = "https://app.example.com/sensors/main"
SEND_TIME = "2025-07-28T15:15:21.000Z"


def _event(n: int = 1) -> dict[str, Any]:
    """A valid (strict) Caliper event whose id ends in `n`; every such event is the same size."""
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
        "type": "NavigationEvent",
        "action": "NavigatedTo",
        "profile": "GeneralProfile",
        "actor": "https://example.edu/users/1",
        "object": "https://example.edu/courses/1",
        "eventTime": "2025-07-28T15:15:20.000Z",
    }


class _HasToDict:
    def to_dict(self) -> dict[str, Any]:
        return {"from": "to_dict"}


def test_as_event_returns_a_dict_itself() -> None:
    """A dict is used as it is, not copied."""
    event = _event()

    assert event is as_event(event)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (MappingProxyType({"a": 1}), {"a": 1}),
        (_HasToDict(), {"from": "to_dict"}),
        (42, 42),
        ("text", "text"),
        (None, None),
        ([1, 2], [1, 2]),
    ],
    ids=["mapping", "to-dict", "int", "str", "none", "list"],
)
def test_as_event(value: object, expected: object) -> None:
    """Mappings become dicts, objects with to_dict() are converted, anything else is passed on."""
    actual = as_event(value)

    assert (expected, type(expected)) == (actual, type(actual))


@pytest.mark.parametrize(
    "sensor",
    [None, "", "   ", 42, b"https://app.example.com"],
    ids=["none", "empty", "blank", "int", "bytes"],
)
def test_a_bad_sensor_is_named(sensor: object) -> None:
    """A missing or non-string sensor raises InputValidationError with path `sensor`."""
    with pytest.raises(InputValidationError) as caught:
        checked_envelope(sensor, [_event()], send_time=SEND_TIME, level="strict")

    assert ("Invalid send data", ["sensor"]) == (
        caught.value.message,
        [issue.path for issue in caught.value.issues],
    )


@pytest.mark.parametrize(
    ("events", "expected_code"),
    [
        (None, "type"),
        (42, "type"),
        ("not a list", "type"),
        (b"bytes", "type"),
        ({"id": "urn:uuid:x"}, "type"),
        ([], "min-items"),
        ((), "min-items"),
        (iter([]), "min-items"),
    ],
    ids=["none", "int", "str", "bytes", "single-dict", "empty-list", "empty-tuple", "empty-iter"],
)
def test_bad_events_are_named(events: object, expected_code: str) -> None:
    """Events that are not a non-empty iterable of events raise with path `events`."""
    with pytest.raises(InputValidationError) as caught:
        checked_envelope(SENSOR, events, send_time=SEND_TIME, level="strict")

    assert [("events", expected_code)] == [(i.path, i.code) for i in caught.value.issues]


@pytest.mark.parametrize("events", [None, []], ids=["events-not-a-list", "events-empty"])
def test_sensor_and_events_problems_are_reported_together(events: object) -> None:
    """A bad sensor and bad events are both named in one error."""
    with pytest.raises(InputValidationError) as caught:
        checked_envelope("", events, send_time=SEND_TIME, level="strict")

    assert ["sensor", "events"] == [issue.path for issue in caught.value.issues]


@pytest.mark.parametrize(
    "events",
    [
        [_event(1), _event(2)],
        (_event(1), _event(2)),
        (e for e in [_event(1), _event(2)]),
        [MappingProxyType(_event(1)), _event(2)],
    ],
    ids=["list", "tuple", "generator", "mapping"],
)
def test_valid_events_make_the_envelope(events: object) -> None:
    """Valid events give the Caliper 1.2 envelope with the trimmed sensor and the send time."""
    envelope, warnings = checked_envelope(
        f"  {SENSOR} ", events, send_time=SEND_TIME, level="strict"
    )

    assert {
        "sensor": SENSOR,
        "sendTime": SEND_TIME,
        "dataVersion": CONTEXT,
        "data": [_event(1), _event(2)],
    } == envelope
    assert [] == warnings
    assert [] == warnings


def test_invalid_events_name_their_position_in_data() -> None:
    """An event breaking the rules raises `Invalid envelope` with paths under data[i]."""
    bad = {**_event(2), "id": "not-a-urn", "action": "Flew"}

    with pytest.raises(InputValidationError) as caught:
        checked_envelope(SENSOR, [_event(1), bad], send_time=SEND_TIME, level="strict")

    assert ("Invalid envelope", ["data[1].id", "data[1].action"]) == (
        caught.value.message,
        [issue.path for issue in caught.value.issues],
    )


def test_basic_level_refuses_errors_and_hands_back_warnings() -> None:
    """At "basic" an action outside Caliper's table is a warning (returned, not raised);
    a malformed id is still an error."""
    odd = {**_event(2), "action": "Flew"}

    envelope, warnings = checked_envelope(SENSOR, [odd], send_time=SEND_TIME, level="basic")
    with pytest.raises(InputValidationError) as caught:
        checked_envelope(SENSOR, [{**odd, "id": "x"}], send_time=SEND_TIME, level="basic")

    assert [odd] == envelope["data"]
    assert [("data[0].action", "warning")] == [(w.path, w.severity) for w in warnings]
    assert ["data[0].id"] == [issue.path for issue in caught.value.issues]


def test_strict_mode_requires_the_event_context() -> None:
    """Without @context an event passes at "basic" but not at "strict"."""
    event = {k: v for k, v in _event().items() if k != "@context"}

    lenient, _ = checked_envelope(SENSOR, [event], send_time=SEND_TIME, level="basic")
    with pytest.raises(InputValidationError) as caught:
        checked_envelope(SENSOR, [event], send_time=SEND_TIME, level="strict")

    assert ([event], ["data[0].@context"]) == (
        lenient["data"],
        [issue.path for issue in caught.value.issues],
    )


def test_a_bad_send_time_is_named() -> None:
    """The send time must be RFC 3339; the envelope check names `sendTime`."""
    with pytest.raises(InputValidationError) as caught:
        checked_envelope(SENSOR, [_event()], send_time="yesterday", level="basic")

    assert ["sendTime"] == [issue.path for issue in caught.value.issues]


SIZE = encoded_size(_event(1))
OVERHEAD = envelope_overhead(SENSOR, SEND_TIME)


def test_sizes_are_the_compact_json_bytes() -> None:
    """encoded_size and envelope_overhead count the bytes of compact UTF-8 JSON."""
    event = {"name": "é"}

    assert (13, len(json.dumps(build_envelope(SENSOR, [], SEND_TIME), separators=(",", ":")))) == (
        encoded_size(event),
        envelope_overhead(SENSOR, SEND_TIME),
    )


def _starts_and_ids(
    batches: Iterator[tuple[int, list[Any], list[str]]],
) -> list[tuple[int, list[str]]]:
    return [(start, [e["id"][-2:] for e in batch]) for start, batch, _ in batches]


@pytest.mark.parametrize(
    ("count", "max_events", "max_bytes", "expected"),
    [
        (5, 2, 10**6, [(0, ["01", "02"]), (2, ["03", "04"]), (4, ["05"])]),
        (4, 2, 10**6, [(0, ["01", "02"]), (2, ["03", "04"])]),
        (3, 1, 10**6, [(0, ["01"]), (1, ["02"]), (2, ["03"])]),
        (3, 100, 10**6, [(0, ["01", "02", "03"])]),
        (5, 100, OVERHEAD + 2 * (SIZE + 1), [(0, ["01", "02"]), (2, ["03", "04"]), (4, ["05"])]),
        (3, 100, OVERHEAD + 2 * (SIZE + 1) - 1, [(0, ["01"]), (1, ["02"]), (2, ["03"])]),
        (3, 100, OVERHEAD + SIZE + 1, [(0, ["01"]), (1, ["02"]), (2, ["03"])]),
        (5, 2, OVERHEAD + 3 * (SIZE + 1), [(0, ["01", "02"]), (2, ["03", "04"]), (4, ["05"])]),
        (5, 3, OVERHEAD + 2 * (SIZE + 1), [(0, ["01", "02"]), (2, ["03", "04"]), (4, ["05"])]),
        (0, 2, 10**6, []),
    ],
    ids=[
        "count-bound",
        "count-bound-exact",
        "one-per-batch",
        "all-in-one",
        "byte-bound-two-fit",
        "byte-bound-one-byte-short",
        "byte-bound-one-fits",
        "count-tighter-than-bytes",
        "bytes-tighter-than-count",
        "no-events",
    ],
)
def test_split_batches(
    count: int, max_events: int, max_bytes: int, expected: list[tuple[int, list[str]]]
) -> None:
    """Batches hold at most max_events events and max_bytes bytes, and say where they start."""
    events = [_event(n) for n in range(1, count + 1)]

    batches = split_batches(events, max_events=max_events, max_bytes=max_bytes, overhead=OVERHEAD)

    assert expected == _starts_and_ids(batches)


@pytest.mark.parametrize("max_events", [1, 2, 3, 7], ids=lambda n: f"max{n}")
def test_every_batch_envelope_fits_in_max_bytes(max_events: int) -> None:
    """The real envelope of each byte-bounded batch is no larger than max_bytes."""
    events = [_event(n) for n in range(1, 11)]
    max_bytes = OVERHEAD + 3 * (SIZE + 1)

    sizes = [
        len(json.dumps(build_envelope(SENSOR, batch, SEND_TIME), separators=(",", ":")))
        for _, batch, _ in split_batches(
            events, max_events=max_events, max_bytes=max_bytes, overhead=OVERHEAD
        )
    ]

    assert [] == [size for size in sizes if size > max_bytes]


def test_an_event_too_large_for_any_batch_is_an_input_error() -> None:
    """An event that cannot fit in a batch on its own raises with path events[i]."""
    events = [_event(1), _event(2), {**_event(3), "extensions": {"blob": "x" * 2000}}, _event(4)]

    with pytest.raises(InputValidationError) as caught:
        list(split_batches(events, max_events=100, max_bytes=OVERHEAD + 1000, overhead=OVERHEAD))

    assert ("Event too large", [("events[2]", "too-large")]) == (
        caught.value.message,
        [(issue.path, issue.code) for issue in caught.value.issues],
    )


@pytest.mark.parametrize(
    "bad",
    [
        {**_event(4), "extensions": {"blob": "x" * 2000}},
        {**_event(4), "extensions": {"when": object()}},
    ],
    ids=["too-large", "not-json"],
)
def test_batches_before_an_event_that_cannot_go_are_still_given_out(bad: dict[str, Any]) -> None:
    """Every event before an oversized or unencodable one is given out, in its batches,
    before the error."""
    events = [_event(1), _event(2), _event(3), bad]
    batches = split_batches(events, max_events=2, max_bytes=OVERHEAD + 1000, overhead=OVERHEAD)

    first, second = next(batches), next(batches)
    with pytest.raises(InputValidationError) as caught:
        next(batches)

    assert (0, [_event(1), _event(2)]) == first[:2]
    assert (2, [_event(3)]) == second[:2]
    assert ["events[3]"] == [i.path[: len("events[3]")] for i in caught.value.issues]


def _guarded(limit: int) -> Iterator[dict[str, Any]]:
    """Events 1, 2, ...; asking for more than `limit` of them fails the test."""
    for n in itertools.count(1):
        if n > limit:
            raise AssertionError(f"split_batches read event {n}; only {limit} may be read")
        yield _event(n)


def test_split_batches_reads_a_generator_lazily() -> None:
    """The first batch comes out after reading at most one event past it."""
    batches = split_batches(_guarded(3), max_events=2, max_bytes=10**6, overhead=OVERHEAD)

    start, batch, _ = next(batches)

    assert (0, [_event(1), _event(2)]) == (start, batch)


def test_split_batches_handles_an_endless_stream() -> None:
    """An endless generator is split batch by batch without being read to the end."""
    stream = (_event(n) for n in itertools.count(1))

    batches = split_batches(stream, max_events=3, max_bytes=10**6, overhead=OVERHEAD)
    first_three = list(itertools.islice(batches, 3))

    assert [0, 3, 6] == [start for start, _, _ in first_three]


@pytest.mark.parametrize(
    ("path", "offset", "expected"),
    [
        ("data[3].actor", 100, "events[103].actor"),
        ("data[0]", 0, "events[0]"),
        ("data[12].generated.items[0].type", 100, "events[112].generated.items[0].type"),
        ("data[1].id", 5, "events[6].id"),
        ("sensor", 100, "sensor"),
        ("sendTime", 100, "sendTime"),
        ("data", 100, "data"),
        ("data[x].y", 100, "data[x].y"),
        ("", 100, ""),
    ],
    ids=[
        "actor",
        "whole-event-no-offset",
        "nested",
        "small-offset",
        "sensor-kept",
        "send-time-kept",
        "data-itself-kept",
        "non-numeric-index-kept",
        "root-kept",
    ],
)
def test_reindex_renames_data_paths_to_stream_positions(
    path: str, offset: int, expected: str
) -> None:
    """`data[i]...` becomes `events[i + offset]...`; other paths are left alone."""
    error = InputValidationError("Invalid envelope", [Issue(path, "is wrong", code="some-rule")])

    renamed = reindex(error, offset)

    assert ("Invalid envelope", [Issue(expected, "is wrong", code="some-rule")]) == (
        renamed.message,
        renamed.issues,
    )


def test_reindex_keeps_every_issue_in_order() -> None:
    """All issues are renamed and kept in their order, with their messages and codes."""
    error = InputValidationError(
        "Invalid envelope",
        [
            Issue("data[0].id", "must be a urn:uuid", code="urn-uuid"),
            Issue("sensor", "is required", code="required"),
            Issue("data[2].eventTime", "is required", code="required"),
        ],
    )

    renamed = reindex(error, 100)

    assert [
        Issue("events[100].id", "must be a urn:uuid", code="urn-uuid"),
        Issue("sensor", "is required", code="required"),
        Issue("events[102].eventTime", "is required", code="required"),
    ] == renamed.issues


def test_an_encoded_envelope_is_the_envelope_json() -> None:
    """Joining the events' JSON gives the same document as encoding the envelope."""
    import json

    events = [_event(1), {**_event(2), "extensions": {"name": "Zoë"}}]
    _, _, texts = next(split_batches(events, max_events=10, max_bytes=10**6, overhead=OVERHEAD))

    body = encoded_envelope("https://s.example.com", "2025-01-01T00:00:00.000Z", texts)

    assert {
        "sensor": "https://s.example.com",
        "sendTime": "2025-01-01T00:00:00.000Z",
        "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "data": events,
    } == json.loads(body)
