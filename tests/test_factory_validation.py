"""A factory checks only what its caller supplied (it wrote the rest itself): the issues it
finds must be exactly those the full validation finds in the event it built, for any input
and at every level. Property-based, with a fixed seed."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeback_caliper import create_activity_event, create_time_spent_event
from timeback_caliper._core.validation import validate_built_event, validate_event
from timeback_caliper.events import _FRAME, _FRAME_ID, _FRAME_ID_TIME, _FRAME_TIME

ODD_TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["", " ", "urn:uuid:x", "a@b.c"]))
VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False),
    ODD_TEXT,
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["name", "id", "x"]), ODD_TEXT, max_size=2),
)


def _maybe(draw: Any, key: str, strategy: st.SearchStrategy[Any], out: dict[str, Any]) -> None:
    if draw(st.booleans()):
        out[key] = draw(strategy)


@st.composite
def actors(draw: Any) -> Any:
    actor: dict[str, Any] = {}
    _maybe(draw, "id", st.one_of(st.just("https://example.edu/u/1"), VALUE), actor)
    _maybe(draw, "type", st.sampled_from(["TimebackUser", "Person", 3]), actor)
    _maybe(draw, "email", st.one_of(st.just("s@example.edu"), VALUE), actor)
    _maybe(draw, "role", st.one_of(st.sampled_from(["student", "parent"]), VALUE), actor)
    _maybe(draw, "name", VALUE, actor)
    _maybe(draw, "extensions", VALUE, actor)
    return draw(st.one_of(st.just(actor), st.just("https://example.edu/u/1"), VALUE))


@st.composite
def contexts(draw: Any) -> Any:
    obj: dict[str, Any] = {}
    _maybe(draw, "id", st.one_of(st.just("https://example.edu/a/1"), VALUE), obj)
    _maybe(draw, "type", st.sampled_from(["TimebackActivityContext", "Thing"]), obj)
    _maybe(draw, "subject", st.one_of(st.sampled_from(["Math", "Other", "Art"]), VALUE), obj)
    _maybe(draw, "app", st.one_of(st.just({"name": "App"}), VALUE), obj)
    _maybe(draw, "course", VALUE, obj)
    _maybe(draw, "activity", VALUE, obj)
    _maybe(draw, "process", VALUE, obj)
    return draw(st.one_of(st.just(obj), VALUE))


METRIC_TYPES = st.sampled_from(["xpEarned", "active", "points", "inactive", 7])
METRICS = st.lists(
    st.fixed_dictionaries(
        {"type": METRIC_TYPES, "value": st.one_of(st.integers(-5, 5), VALUE)},
        optional={
            "startDate": st.sampled_from(["2025-07-28T15:00:00Z", "soon"]),
            "endDate": st.sampled_from(["2025-07-28T14:00:00Z", "later"]),
            "extensions": VALUE,
        },
    ),
    max_size=3,
)


@st.composite
def inputs(draw: Any) -> dict[str, Any]:
    given_input: dict[str, Any] = {
        "actor": draw(actors()),
        "object": draw(contexts()),
        "metrics": draw(METRICS),
    }
    _maybe(draw, "id", st.sampled_from(["urn:uuid:not-a-uuid", "abc", 5]), given_input)
    _maybe(draw, "event_time", st.sampled_from(["2025-07-28T15:00:00Z", "yesterday"]), given_input)
    _maybe(draw, "attempt", st.one_of(st.integers(-1, 3), VALUE), given_input)
    _maybe(draw, "extensions", VALUE, given_input)
    _maybe(draw, "generated_extensions", VALUE, given_input)
    _maybe(draw, "ed_app", VALUE, given_input)
    _maybe(draw, "session", VALUE, given_input)
    return given_input


def _built(given_input: dict[str, Any]) -> frozenset[str]:
    """What the factory wrote itself for this input."""
    has_id, has_time = given_input.get("id"), given_input.get("event_time") is not None
    if not has_id and not has_time:
        return _FRAME_ID_TIME
    if not has_id:
        return _FRAME_ID
    return _FRAME_TIME if not has_time else _FRAME


@pytest.mark.parametrize("factory", [create_activity_event, create_time_spent_event])
@pytest.mark.parametrize("level", ["basic", "strict"])
@given(given_input=inputs())
def test_a_factory_finds_what_full_validation_finds(
    factory: Any, level: Any, given_input: dict[str, Any]
) -> None:
    """For any input, the factory's check of the parts it did not write gives the issues
    of the full check of the event it built."""
    if factory is create_time_spent_event:
        given_input.pop("attempt", None)  # not a field of a time-spent input
    event = factory(given_input, validation="off")

    full = validate_event(event, level=level)

    assert full == validate_built_event(event, level=level, built=_built(given_input))
