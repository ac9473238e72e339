"""The generated models' shared behaviour (`Model`, in the generated `types.py`): every one
reads any JSON without raising, takes Python or wire names, keeps what it does not declare,
and is read as a handwritten subclass only where that subclass says it stands for it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeback_caliper.types as ours
from timeback_caliper_api import models
from timeback_caliper_api.models.job import Job
from timeback_caliper_api.models.stored_event import StoredEvent
from timeback_caliper_api.types import Model

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
MODELS = sorted(
    (getattr(models, name) for name in models.__all__ if isinstance(getattr(models, name), type)),
    key=lambda cls: cls.__name__,
)
MODELS = [cls for cls in MODELS if issubclass(cls, Model)]


def test_the_models_are_found() -> None:
    """A guard on the list below: an empty one would pass everything."""
    assert {"StoredEvent", "Job", "TimebackUser", "Envelope"} <= {c.__name__ for c in MODELS}


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
@settings(max_examples=40, derandomize=True, deadline=None)
@given(body=JSON)
def test_every_model_reads_any_json_without_raising(cls: type[Model], body: Any) -> None:
    """Whatever the reply holds, reading it gives a model whose dumps are JSON again."""
    model = cls.from_dict(body)

    json.dumps(model.to_dict())
    json.dumps(model.model_dump())
    assert model.raw == (body if isinstance(body, dict) else {})


def test_a_model_takes_python_or_wire_names_and_keeps_what_it_does_not_declare() -> None:
    """`returnValue=` (a dict, made the nested model), an undeclared `note`, and a required
    `state` not given, which reads as "" (as it does from a reply without it)."""
    job = Job(id="1", returnValue={"status": "success", "results": []}, note="kept")

    assert ("1", "", {"note": "kept"}) == (job.id, job.state, job.extra)
    assert job.return_value is not None
    assert "success" == job.return_value.status
    assert {
        "id": "1",
        "state": "",
        "returnValue": {"status": "success", "results": []},
        "note": "kept",
    } == job.model_dump(by_alias=True, exclude_none=True)


def test_a_subclass_stands_for_its_schema_only_when_it_says_so() -> None:
    """Ours (`stands_for_schema=True`) is what a page's events read as; a caller's own
    subclass of it changes nothing for anyone else."""

    class Mine(ours.StoredEvent):
        pass

    page = ours.EventsPage.from_dict({"events": [{"externalId": "urn:uuid:1"}]})

    assert type(page.events[0]) is ours.StoredEvent
    assert type(StoredEvent.from_dict({})) is StoredEvent  # the generated class itself
    assert issubclass(Mine, ours.StoredEvent)
