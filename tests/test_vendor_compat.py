"""Code written for the vendor's client (timeback-caliper 0.4.0) runs on ours.

tests/vendor/surface.py runs in `.venv-vendor`, describes the vendor package's public
surface by introspection and makes the calls of tests/vendor/samples.py there; these tests
make the same calls here. A public name, a keyword, a method or a field the vendor has and
we lack fails, unless `DIFFERENT` below says why we differ on purpose.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import os
import pathlib
import subprocess
import tempfile
from typing import Any

import pytest

import timeback_caliper as ours
from tests.vendor import samples
from timeback_caliper._async.events import AsyncEvents, AsyncEventStream
from timeback_caliper._async.jobs import AsyncJobs
from timeback_caliper._models import CAMEL, SNAKE
from timeback_caliper._vendor import DIFFERENT, NOT_SERVED
from timeback_caliper.sandbox import Sandbox

ROOT = pathlib.Path(__file__).resolve().parents[1]
VENDOR_PYTHON = ROOT / ".venv-vendor" / "bin" / "python"


@pytest.fixture(scope="module")
def vendor() -> dict[str, Any]:
    """The vendor client's surface and its answers to the samples."""
    assert VENDOR_PYTHON.exists(), f"no vendor client in {VENDOR_PYTHON}: run make test-fast"
    done = subprocess.run(
        [str(VENDOR_PYTHON), str(ROOT / "tests" / "vendor" / "surface.py")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tempfile.gettempdir(),  # outside the checkout: both packages are timeback_caliper
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    surface: dict[str, Any] = json.loads(done.stdout)
    return surface


def _parameters(callable_: Any) -> dict[str, inspect.Parameter]:
    try:
        return dict(inspect.signature(callable_).parameters)
    except ValueError:  # a builtin's constructor (an exception's): takes anything
        return {"args": inspect.Parameter("args", inspect.Parameter.VAR_KEYWORD)}


def _keywords(cls: type) -> set[str]:
    """The keywords a class of ours takes, aliases included."""
    names = set(_parameters(cls))
    return names | {camel for camel, snake in SNAKE.items() if snake in names}


def test_every_public_name_of_the_vendor_client_exists_here(vendor: dict[str, Any]) -> None:
    """`from timeback_caliper import X` works for every X the vendor exports."""
    missing = [name for name in vendor["all"] if not hasattr(ours, name)]

    assert [] == missing
    assert set(vendor["all"]) <= set(ours.__all__)


def test_the_constants_have_the_vendor_values(vendor: dict[str, Any]) -> None:
    """CALIPER_DATA_VERSION and QUESTION_RESULT_SCORE_TYPE are the same strings."""
    for name, value in vendor["constants"].items():
        if name != "__version__":
            assert value == getattr(ours, name)


def test_every_field_of_every_vendor_model_is_a_keyword_here(vendor: dict[str, Any]) -> None:
    """Each vendor model's fields (snake_case and alias) are keywords of our class of the
    same name; its results' fields are attributes of ours."""
    lacking = []
    for name, fields in vendor["models"].items():
        cls = getattr(ours, name)
        if issubclass(cls, ours.CaliperEvent):
            continue  # keyword-built from anything (below: built alike)
        takes = _keywords(cls) | set(dir(cls))
        for field, info in fields.items():
            spelled = {field} | ({info["alias"]} if info["alias"] else set())
            if name in samples.REPLIES:
                spelled = {field}
            if not spelled & takes:
                lacking.append(f"{name}.{field}")

    assert [] == lacking


@pytest.mark.parametrize("name", sorted(samples.MODELS))
def test_models_are_built_alike(vendor: dict[str, Any], name: str) -> None:
    """The same keywords give the same wire JSON (undeclared fields kept where the vendor
    keeps them)."""
    built = getattr(ours, name)(**copy.deepcopy(samples.MODELS[name]))
    theirs = vendor["built"][name]
    if name == "TimeSpentMetric":  # DIFFERENT["TimeSpentMetric.wire"]
        theirs = {CAMEL.get(k, k): v for k, v in theirs.items()}

    assert theirs == built.to_dict()


def _without_our_question_additions(event: dict[str, Any]) -> dict[str, Any]:
    """DIFFERENT["question entities"], undone for the comparison."""
    event = copy.deepcopy(dict(event))
    for key in ("object", "generated"):
        if isinstance(event.get(key), dict):
            event[key].pop("@context", None)
            event[key].pop("scoredBy", None)
            event[key].pop("scoreType", None)
    return event


@pytest.mark.parametrize("factory", sorted(samples.FACTORIES))
def test_factories_build_the_same_events(vendor: dict[str, Any], factory: str) -> None:
    """`create_*_event(input=Input(...))` gives the vendor's event, which also reads by
    attribute (`event.id`, `event.event_time`, `event.actor`)."""
    input_name, kwargs = samples.FACTORIES[factory]
    event = getattr(ours, factory)(input=getattr(ours, input_name)(**copy.deepcopy(kwargs)))
    theirs = vendor["events"][factory]

    assert _without_our_question_additions(theirs) == _without_our_question_additions(event)
    for key, value in theirs.items():
        field = SNAKE.get(key, key)
        if not isinstance(value, (dict, list)):
            assert value == getattr(event, field)


@pytest.mark.parametrize("factory", sorted(samples.FACTORIES))
def test_event_models_are_built_from_the_vendor_fields(
    vendor: dict[str, Any], factory: str
) -> None:
    """An event model made from keywords (snake_case field names, as vendor code writes
    them) is the same event."""
    theirs = vendor["events"][factory]
    input_name, kwargs = samples.FACTORIES[factory]
    cls = type(getattr(ours, factory)(input=getattr(ours, input_name)(**copy.deepcopy(kwargs))))
    fields = {SNAKE.get(k, k): v for k, v in theirs.items() if k not in ("type", "profile")}

    assert theirs == cls(**copy.deepcopy(fields))


@pytest.mark.parametrize("name", sorted(samples.REPLIES))
def test_results_read_the_same_fields(vendor: dict[str, Any], name: str) -> None:
    """Built as the vendor's code builds it (`StoredEvent(**reply)`, the reply's camelCase
    keys as keywords), and read from the same reply, each of the vendor result's fields has
    the same value."""
    cls = getattr(ours, name)
    built = cls(**copy.deepcopy(samples.REPLIES[name]))
    read = cls.from_dict(copy.deepcopy(samples.REPLIES[name]))

    for result in (built, read):
        for field, value in vendor["replies"][name].items():
            if f"{name}.{field}" not in DIFFERENT:
                assert value == getattr(result, field), field


@pytest.mark.parametrize("index", range(len(samples.ERRORS)), ids=[e[0] for e in samples.ERRORS])
def test_errors_take_the_vendor_arguments(vendor: dict[str, Any], index: int) -> None:
    """Vendor code that raises the client's errors (in its own tests and mocks) runs, and
    the errors carry the same message, status, response and hints."""
    name, args, kwargs = samples.ERRORS[index]
    error = getattr(ours, name)(*args, **kwargs)
    theirs = vendor["errors"][index]

    assert isinstance(error, ours.CaliperError)
    for attribute in ("message", "status_code", "response", "retry_after", "job_id"):
        if theirs[attribute] is not None:
            assert theirs[attribute] == getattr(error, attribute), attribute


def test_the_async_client_takes_the_vendor_keywords(vendor: dict[str, Any]) -> None:
    """Every keyword of the vendor's CaliperClient is one of our CaliperClient's, which is
    the async client as the vendor's is."""
    assert ours.CaliperClient is ours.AsyncCaliperClient
    takes = set(inspect.signature(ours.CaliperClient).parameters)
    lacking = [p["name"] for p in vendor["client"]["init"] if p["name"] not in takes]

    assert ["provider"] == lacking  # NOT_SERVED["CaliperClient.provider"]


@pytest.mark.parametrize(
    ("part", "cls"),
    [
        ("methods", ours.CaliperClient),
        ("events", AsyncEvents),
        ("jobs", AsyncJobs),
        ("stream", AsyncEventStream),
    ],
)
def test_every_vendor_method_and_its_keywords_exist(
    vendor: dict[str, Any], part: str, cls: type
) -> None:
    """client, client.events, client.jobs and a stream have every method of the vendor's,
    with every parameter by the same name."""
    lacking = []
    for method, parameters in vendor["client"][part].items():
        if not hasattr(cls, method):
            lacking.append(method)
            continue
        takes = set(inspect.signature(getattr(cls, method)).parameters)
        lacking += [f"{method}({p['name']}=)" for p in parameters if p["name"] not in takes]

    assert [] == lacking


def test_a_first_page_reads_as_the_vendor_page(vendor: dict[str, Any]) -> None:
    """`first_page()` gives what the vendor's PageResult holds (data, has_more, total,
    next_offset)."""
    assert set(vendor["client"]["page"]) <= set(dir(ours.EventsPage))


def test_the_vendors_own_model_objects_go_into_our_calls(caliper_sandbox: Sandbox) -> None:
    """Its pydantic inputs, entities, factory event and envelope, made by its package, are
    sent, validated and built from by ours (one process: tests/vendor/vendor_objects.py)."""
    assert VENDOR_PYTHON.exists(), f"no vendor client in {VENDOR_PYTHON}: run make test-fast"
    site = next((ROOT / ".venv" / "lib").glob("python3.*/site-packages"))
    done = subprocess.run(
        [
            str(VENDOR_PYTHON),
            str(ROOT / "tests" / "vendor" / "vendor_objects.py"),
            str(ROOT),
            str(site),
        ],
        env={**os.environ, **caliper_sandbox.env},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tempfile.gettempdir(),
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    seen = json.loads(done.stdout)
    stored = caliper_sandbox.events()

    assert all(m.startswith("timeback_caliper.") for m in seen["vendor_types"])
    assert (["completed"] * 4, True) == (seen["states"], seen["valid"])
    assert 4 == len(stored)
    assert seen["event_id_kept"][0] in [e["externalId"] for e in stored]
    assert "student@example.edu" == seen["built_actor"]["email"]
    assert ([{"type": "xpEarned", "value": 150}], 2) == (
        [{k: i[k] for k in ("type", "value")} for i in seen["built_generated"]],
        seen["attempt"],
    )
    assert "https://api.example.com/users/123" == seen["user"]["id"]


def _served(module: str, name: str | None = None) -> bool:
    """Whether a vendor module (or a name in it) is served here: not listed as a deliberate
    difference in `_vendor.NOT_SERVED`."""
    keys = [module, *([f"{module}.{name}", name] if name else [])]
    return not any(k in NOT_SERVED or any(k.startswith(f"{p}.") for p in NOT_SERVED) for k in keys)


def test_every_public_module_and_name_of_the_vendor_package_imports_here(
    vendor: dict[str, Any],
) -> None:
    """`from timeback_caliper.<module> import <name>` works for every module and public name
    of the vendor's package, but the differences listed (with why) in `_vendor.NOT_SERVED`."""
    lacking = []
    for module, names in vendor["modules"].items():
        if not _served(module):
            continue
        try:
            here = importlib.import_module(module)
        except ImportError:
            lacking.append(module)
            continue
        lacking += [f"{module}.{n}" for n in names if _served(module, n) and not hasattr(here, n)]

    assert [] == lacking
    assert {"timeback_caliper.types.timeback", "timeback_caliper.lib.pagination"} <= set(
        vendor["modules"]
    )


def test_every_vendor_class_has_its_methods_and_constructor_keywords_here(
    vendor: dict[str, Any],
) -> None:
    """Each public class of each vendor module: every method, with every parameter by
    name, and every constructor keyword (or its alias) is ours too."""
    lacking = []
    for module, names in vendor["modules"].items():
        for name, info in names.items() if _served(module) else ():
            if info.get("kind") != "class" or not _served(module, name):
                continue
            cls = getattr(importlib.import_module(module), name)
            takes = _keywords(cls)
            open_ended = any(
                p.kind is inspect.Parameter.VAR_KEYWORD for p in _parameters(cls).values()
            )
            lacking += [
                f"{name}({p['name']}=)"
                for p in info["init"]
                if p["name"] not in takes
                and not open_ended
                and _served(module, f"{name}.__init__")
                and _served(module, f"{name}.{p['name']}")
            ]
            for method, parameters in info["methods"].items():
                if not _served(module, f"{name}.{method}"):
                    continue
                if not hasattr(cls, method):
                    lacking.append(f"{name}.{method}")
                    continue
                here = _parameters(getattr(cls, method))
                lacking += [
                    f"{name}.{method}({p['name']}=)"
                    for p in parameters
                    if p["name"] not in here
                    and not any(q.kind is inspect.Parameter.VAR_KEYWORD for q in here.values())
                ]

    assert [] == sorted(set(lacking))


def test_except_catches_here_what_it_catches_there(vendor: dict[str, Any]) -> None:
    """Each vendor exception's bases (`APIError`, `TimebackError`, ...) are bases of ours
    of the same name: `except APIError` around `InputValidationError`, `JobFailedError`,
    `UnsupportedOperationError` catches them here too."""
    missing = []
    for name, info in vendor["modules"]["timeback_caliper.exceptions"].items():
        if info["kind"] != "class":
            continue
        ours_cls = getattr(ours, name)
        missing += [
            f"{name}({b})" for b in info["bases"] if not issubclass(ours_cls, getattr(ours, b))
        ]

    assert [] == missing
    assert ["APIError", "TimebackError"] == vendor["modules"]["timeback_caliper.exceptions"][
        "InputValidationError"
    ]["bases"]


def test_the_migration_guide_lists_every_deliberate_difference() -> None:
    """docs/guides/migrating.md is written from `_vendor`'s two tables: one row each."""
    guide = (ROOT / "docs" / "guides" / "migrating.md").read_text(encoding="utf-8")
    rows = {line for line in guide.splitlines() if line.startswith("| `")}

    missing = [
        key
        for key, why in {**DIFFERENT, **NOT_SERVED}.items()
        if f"| `{key}` | {why} |" not in rows
    ]
    assert [] == missing
